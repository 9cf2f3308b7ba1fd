"""The Markdown summary: complete enough for a PR comment, inert whatever the page says."""

from __future__ import annotations

from frictionaudit.report.markdown import MAX_EVIDENCE, md, render_markdown


def test_summary_has_scores_gate_baseline_journeys_and_findings(report_dir):
    report, _ = report_dir
    text = render_markdown(report)
    assert "| **🟠 Overall** | **62** | −4 |" in text
    assert "**Gate: ❌ failed**" in text
    assert "checkout takes 4 steps; the budget is 3" in text
    assert "1 new, 1 fixed, 7 unchanged" in text
    assert "| checkout | checkout | stopped | 4 (+1) |" in text
    assert "#### Critical (2)" in text and "#### Minor (1)" in text


def test_page_text_cannot_break_the_table_or_inject_markup(report_dir):
    report, _ = report_dir
    text = render_markdown(report)
    row = next(line for line in text.splitlines() if "Passwort" in line)
    assert "Passwort \\| &lt;b&gt;bold&lt;/b&gt;" in row
    assert "<b>" not in text
    assert "\\[x\\](https://evil.example/)" in row
    assert "@\u200boctocat" in row
    header = next(line for line in text.splitlines() if line.startswith("| # |"))
    unescaped = row.replace("\\|", "")
    assert unescaped.count("|") == header.count("|")


def test_long_evidence_is_cut_and_text_stays_on_one_line():
    text = md("a" * 500 + "\n| x", MAX_EVIDENCE)
    assert len(text) == MAX_EVIDENCE and text.endswith("…")
    assert "\n" not in md("one\ntwo\r\nthree")
    assert md("`rm -rf` <script>") == "\\`rm -rf\\` &lt;script&gt;"
