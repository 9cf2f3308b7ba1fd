"""The Markdown summary: grouped and numbered as the HTML report, always under GitHub's comment
limit, with a short form for the job summary, and inert whatever the page says."""

from __future__ import annotations

import re

import pytest

from frictionaudit.model import Finding, Journey, Step
from frictionaudit.report import view
from frictionaudit.report.markdown import MAX_CHARS, MAX_EVIDENCE, md, render_markdown


def numbers(text: str) -> list[int]:
    """The finding numbers a summary accounts for, shown or named in a folded range."""
    out = []
    for shown, first, last in re.findall(
            r"^  - (\d+)\\\. |\(#(\d+)(?:–#(\d+))?\) — see", text, re.M):
        if shown:
            out.append(int(shown))
        else:
            out.extend(range(int(first), int(last or first) + 1))
    return out


def test_summary_has_scores_gate_baseline_journeys_and_findings(report_dir):
    report, _ = report_dir
    text = render_markdown(report)
    assert text.startswith("## Trust-friction report: shop.example.com · signup, checkout")
    assert "**[Full report](report.html)**" in text
    assert "| **🟠 Overall** | **62** | −4 |" in text
    assert "**Gate: ❌ failed**" in text
    assert "checkout takes 4 steps; the budget is 3" in text
    assert "1 new, 1 fixed, 7 unchanged" in text
    assert "| checkout | checkout | stopped | 4 (+1) |" in text
    # one <details> per journey (and the whole site), a rule per entry with its fix
    assert text.count("<details><summary>") == 5  # new, fixed; signup, checkout, site
    assert "<details><summary>signup · 3 findings</summary>" in text
    assert "<details><summary>Whole site · 1 finding</summary>" in text
    assert "Fix: Show shipping up front." in text
    assert "**Costs appear only at the last step** · critical · 2 findings" in text


def test_numbers_run_in_order_and_match_the_html_report(report_dir):
    report, _ = report_dir
    text = render_markdown(report)
    assert numbers(text) == list(range(1, len(report.findings) + 1))
    assert numbers(text) == [item.number for item in view.numbered_findings(report)]


def big_report(report, count: int):
    """`report` with `count` findings over ten rules, two journeys and two devices."""
    journeys = [
        Journey(name=f"{name} ({device})", kind=name, device=device,
                steps=[Step(index=i, url=f"https://shop.example.com/{name}/{i}")
                       for i in range(8)])
        for device in ("Desktop", "iPhone 13") for name in ("signup", "checkout")
    ]
    rules = [rule.id for rule in report.rules]
    findings = [
        Finding(rule_id=rules[i % len(rules)], category=rules[i % len(rules)].split(".")[0],
                severity=("serious", "moderate", "minor")[i % 3],
                journey=journeys[i % 4].name, device=journeys[i % 4].device, step=i % 8,
                selector=f"#main > form > div:nth-of-type({i}) > input",
                evidence=f"“Field {i}” is a long label that goes on and on " * 3,
                message=f"“Field {i}” has no autocomplete, so the browser cannot fill it in.")
        for i in range(count)
    ]
    return report.model_copy(update={"journeys": journeys, "findings": findings})


def test_a_huge_report_fits_in_a_comment_and_says_what_it_left_out(report_dir):
    report, _ = report_dir
    big = big_report(report, 3000)
    text = render_markdown(big)
    assert len(text) <= MAX_CHARS
    assert numbers(text) == list(range(1, 3001))  # every number shown or named, in order
    small = render_markdown(big, limit=20_000)
    assert len(small) <= 20_000
    assert re.search(r"… \d+ more findings \(#\d+–#\d+\) — see \[report\.html\]", small)
    assert small.count("<details><summary>") == 4 + 2  # every journey; new, fixed findings
    assert numbers(small) == list(range(1, 3001))
    # without a link to the HTML report, it says so in words
    assert "see the HTML report" in render_markdown(big, html_link=None, limit=20_000)


def test_short_form_for_a_job_summary(report_dir):
    report, _ = report_dir
    text = render_markdown(big_report(report, 3000), short=True)
    assert len(text) < 5_000
    assert "**Gate: ❌ failed**" in text and "| **" in text
    assert "**Worst of" in text and "<details>" not in text


def test_not_audited_and_failed_journeys_are_said_first(report_dir):
    report, _ = report_dir
    journeys = [Journey(name="signup", kind="signup", status="failed",
                        reason="the start page timed out")]
    text = render_markdown(report.model_copy(update={"journeys": journeys, "findings": []}))
    assert "**Not audited**" in text and "the start page timed out" in text
    assert "**Score: not audited**" in text and "Overall** | **62" not in text
    stopped = report.journeys[1].model_copy(update={"status": "interrupted"})
    text = render_markdown(report.model_copy(update={"journeys": [report.journeys[0], stopped]}))
    assert "**Incomplete**" in text and "**checkout** interrupted" in text


def test_page_text_cannot_break_out_or_inject_markup(report_dir):
    report, _ = report_dir
    text = render_markdown(report)
    line = next(line for line in text.splitlines() if "Passwort" in line)
    assert "Passwort \\| &lt;b&gt;bold&lt;/b&gt;" in line
    assert "<b>" not in text
    assert "\\[x\\](https://evil.example/)" in line
    assert "@\u200boctocat" in line


def test_long_evidence_is_cut_and_text_stays_on_one_line():
    text = md("a" * 500 + "\n| x", MAX_EVIDENCE)
    assert len(text) == MAX_EVIDENCE and text.endswith("…")
    assert "\n" not in md("one\ntwo\r\nthree")
    assert md("`rm -rf` <script>") == "\\`rm -rf\\` &lt;script&gt;"


@pytest.mark.e2e
def test_rough_demo_on_two_devices_against_a_baseline_fits(demo_audit):
    from frictionaudit.baseline import compare
    from frictionaudit.model import Gate

    base, base_dir = demo_audit("smooth", "en")
    report, _ = demo_audit("rough", "en", ("Desktop", "iPhone 13"))
    gate = Gate(passed=False, comparison=compare(base, report, str(base_dir / "report.json")))
    report = report.model_copy(update={"gate": gate})
    assert len(report.findings) > 300 and len(gate.comparison.new) > 300
    text = render_markdown(report)
    assert len(text) <= 60_000
    assert numbers(text) == list(range(1, len(report.findings) + 1))  # in order, none lost
    assert text.count("<details><summary>") >= 4 + 1  # four journeys, new findings
    assert "see [report.html](report.html)" in text and "Fix: " in text


def test_the_short_form_is_a_format_of_its_own(report_dir):
    from frictionaudit.report import write_reports
    from frictionaudit.report.markdown import render_summary

    report, folder = report_dir
    [path] = write_reports(report, folder, ["summary"])
    assert path.name == "report.summary.md"
    assert path.read_text(encoding="utf-8") == render_summary(report)
