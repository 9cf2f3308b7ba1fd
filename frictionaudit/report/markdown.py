"""Markdown for a pull-request comment (`render_markdown`) or GitHub's job summary (the short form,
`render_markdown(report, short=True)`).

The full form is grouped as the HTML report is, and numbered the same way: per journey (one
`<details>` each), category and failed rule, with the rule's fix and its elements. It always
fits in `MAX_CHARS`, under GitHub's 65,536-character limit for a comment: what does not fit is
folded into "… N more — see report.html".

Everything quoted from a page is escaped so it stays text: no table cell broken by `|`, no HTML,
no link or tracking image, no @mention of a stranger.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from frictionaudit.model import Category, FindingChange, Report
from frictionaudit.report import view

MAX_CHARS = 60_000  # GitHub rejects a comment over 65,536 characters
MAX_EVIDENCE = 120
MAX_ELEMENTS = 8  # elements listed per failed rule; the HTML report has the rest
MAX_CHANGES = 25  # new or fixed findings listed against a baseline
MAX_REASONS = 10
SHORT_AUDITS = 10  # failed rules listed in the short form
BAND_ICONS = {"pass": "🟢", "average": "🟠", "fail": "🔴"}
SEVERITY_ICONS = {"critical": "⛔", "serious": "🔴", "moderate": "🟠", "minor": "⚪"}
_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")
_WHITESPACE = re.compile(r"\s+")


def md(text: object, limit: int | None = None) -> str:
    """`text` as inert Markdown on one line, cut to `limit` characters before escaping."""
    flat = _cut(text, limit)
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space after @ stops GitHub from notifying whoever the page text names.
    return _SPECIAL.sub(r"\\\1", flat).replace("@", "@\u200b")


def code(text: object, limit: int = 80) -> str:
    """`text` as an inline code span: literal, so only backticks (which would end it) go."""
    flat = _cut(text, limit).replace("`", "'")
    return f"`{flat}`" if flat else ""


def _cut(text: object, limit: int | None) -> str:
    flat = _WHITESPACE.sub(" ", str(text)).strip()
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


def render_markdown(report: Report, *, short: bool = False, html_link: str | None = "report.html",
                    limit: int = MAX_CHARS) -> str:
    """The summary, at most `limit` characters. `short` keeps the verdict, the scores and the
    worst rules, for a CI job summary; `html_link` is where the HTML report is (None: nowhere)."""
    head = [_head(report, html_link), _status(report), _scores(report), _gate(report, short)]
    sections = [*head, _top_audits(report, html_link) if short else _journeys(report)]
    text = "\n\n".join(section for section in sections if section) + "\n"
    if not short:
        text += "\n" + _findings(report, html_link, limit - len(text) - 1)
    return text


def render_summary(report: Report) -> str:
    """The short form, for a CI job summary: verdict, scores, the worst rules, a link."""
    return render_markdown(report, short=True)


def _table(header: Iterable[str], rows: Iterable[Iterable[str]], align: str = "") -> str:
    """A GitHub table; `align` gives each column's alignment as l or r (default l)."""
    header = list(header)
    marks = ["---:" if (align[i : i + 1] == "r") else "---" for i in range(len(header))]
    lines = [header, marks, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _see(html_link: str | None) -> str:
    return f"see [report.html]({html_link})" if html_link else "see the HTML report"


def _head(report: Report, html_link: str | None) -> str:
    names = ", ".join(dict.fromkeys(j.name for j in report.journeys)) or "no journey"
    facts = [f"{md(report.tool.name)} {md(report.tool.version)}", view.when(report.started_at)]
    facts += [md(", ".join(view.devices(report)))] if report.journeys else []
    if langs := view.languages(report):
        facts.append("language " + md(", ".join(langs)))
    if html_link:
        facts.append(f"**[Full report]({html_link})**")
    title = f"## Trust-friction report: {md(view.site_name(report))} · {md(names)}"
    return title + "\n\n" + " · ".join(facts)


def _status(report: Report) -> str:
    status = view.audit_status(report)
    troubled = view.troubled(report)
    lines = []
    if status == "not audited":
        lines.append("> [!CAUTION]\n> **Not audited**: no journey got past its start page, so "
                     "the scores measure nothing.")
    elif status == "incomplete":
        lines.append("> [!WARNING]\n> **Incomplete**: the audit was interrupted; the scores "
                     "cover only what was measured.")
    elif troubled:
        lines.append(f"> [!WARNING]\n> **{len(troubled)} journey(s) failed**: the scores cover "
                     "only the steps they reached.")
    for journey in troubled:
        at = f" at step {journey.steps[-1].index}" if journey.steps else ""
        reason = md(journey.reason or "no reason recorded", 300)
        label = md(view.journey_label(report, journey))
        lines.append(f"> - **{label}** {journey.status}{at}: {reason}")
    return "\n".join(lines)


def _scores(report: Report) -> str:
    if view.audit_status(report) == "not audited":
        return "**Score: not audited**"
    deltas = report.gate.comparison.score_deltas if report.gate.comparison else {}
    header = ["", "Score", "vs baseline"] if deltas else ["", "Score"]
    rows = []
    for name, score in view.score_rows(report.scores):
        label = f"{BAND_ICONS[view.band(score)]} {name.capitalize()}"
        row = [f"**{label}**", f"**{score}**"] if name == "overall" else [label, str(score)]
        if deltas:
            row.append(view.signed(deltas[name]) if name in deltas else "")
        rows.append(row)
    return _table(header, rows, "lrr")


def _gate(report: Report, short: bool) -> str:
    gate = report.gate
    verdict = "✅ passed" if gate.passed else "❌ failed"
    preset = view.gate_preset(report)
    counts = Counter(f.severity for f in report.findings)
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in view.SEVERITIES)
    line = f"**Gate: {verdict}**" + (f" (preset {md(preset)})" if preset else "")
    line += f" · {len(gate.breaches)} budget breach(es) · findings: {summary}"
    parts = [line]
    reasons = view.gate_reasons(report)
    if reasons:
        items = [f"- {md(reason, 300)}" for reason in reasons[:MAX_REASONS]]
        if len(reasons) > MAX_REASONS:
            items.append(f"- … {len(reasons) - MAX_REASONS} more")
        parts.append("\n".join(items))
    if gate.breaches and not short:
        table = _table(
            ["Journey", "Budget", "Limit", "Actual", "Why"],
            (
                [md(b.journey or "site"), md(b.budget), md(view.num(b.limit)),
                 md(view.num(b.actual)), md(b.message, 200)]
                for b in gate.breaches[:MAX_CHANGES]
            ),
            "llrr",
        )
        more = len(gate.breaches) - MAX_CHANGES
        if more > 0:
            table += f"\n\n… {more} more"
        parts.append(_details(f"Budget breaches ({len(gate.breaches)})", table,
                              open_=not reasons))
    comparison = gate.comparison
    if comparison:
        parts.append(
            f"**Against baseline** {md(comparison.baseline)}: {len(comparison.new)} new, "
            f"{len(comparison.fixed)} fixed, {comparison.unchanged} unchanged"
        )
        if not short:
            for label, changes in (("New", comparison.new), ("Fixed", comparison.fixed)):
                if changes:
                    parts.append(_details(f"{label} findings ({len(changes)})",
                                          _changes(changes)))
    return "\n\n".join(parts)


def _details(summary: str, body: str, open_: bool = False) -> str:
    """A collapsed block; the blank line after </summary> lets GitHub render the Markdown."""
    return (f"<details{' open' if open_ else ''}><summary>{summary}</summary>\n\n{body}\n\n"
            "</details>")


def _changes(changes: list[FindingChange]) -> str:
    rows = (
        [
            md(c.severity),
            md(c.rule_id),
            md(view.where(c.journey, c.step)),
            code(c.selector) if c.selector else "",
            md(c.message, MAX_EVIDENCE),
        ]
        for c in changes[:MAX_CHANGES]
    )
    table = _table(["Severity", "Rule", "Where", "Element", "Message"], rows)
    if len(changes) > MAX_CHANGES:
        table += f"\n\n… {len(changes) - MAX_CHANGES} more"
    return table


def _journeys(report: Report) -> str:
    if not report.journeys:
        return ""
    comparison = report.gate.comparison
    bases = {(d.journey, d.metric): d.base for d in comparison.metric_deltas} if comparison else {}
    rows = []
    for journey in report.journeys:
        cells = [md(view.journey_label(report, journey)), md(journey.kind), md(journey.status)]
        for metric in view.METRIC_LABELS:
            value = getattr(journey.metrics, metric)
            base = bases.get((journey.name, metric))
            change = "" if base is None or base == value else f" ({view.signed(value - base)})"
            cells.append(view.num(value) + change)
        rows.append(cells)
    table = _table(["Journey", "Kind", "Status", *view.METRIC_LABELS.values()], rows, "lllrrrrrr")
    return "### Journeys\n\n" + table


def _audit_head(audit: view.Audit) -> str:
    count = len(audit.items)
    return (f"{SEVERITY_ICONS.get(str(audit.severity), '')} **{md(audit.title)}** · "
            f"{md(audit.severity)} · {count} finding{'' if count == 1 else 's'}")


def _element(item: view.Numbered) -> str:
    finding = item.finding
    where = f"step {finding.step}" if finding.step is not None else "site"
    parts = [f"{item.number}\\. {where}"]
    if finding.selector:
        parts.append(code(finding.selector))
    parts.append(md(finding.message, 240))
    line = " · ".join(parts)
    evidence = finding.evidence.strip()
    if evidence and evidence not in finding.message:
        line += f" — evidence: {md(evidence, MAX_EVIDENCE)}"
    return "  - " + line


def _audit(audit: view.Audit, html_link: str | None) -> str:
    lines = [f"- {_audit_head(audit)}"]
    if audit.rule.help:
        lines.append(f"  Fix: {md(audit.rule.help, 400)}")
    lines += [_element(item) for item in audit.items[:MAX_ELEMENTS]]
    if len(audit.items) > MAX_ELEMENTS:
        rest = audit.items[MAX_ELEMENTS:]
        lines.append(f"  - … {len(rest)} more ({_range(rest[0].number, rest[-1].number)}) — "
                     f"{_see(html_link)}")
    return "\n".join(lines)


def _range(first: int, last: int) -> str:
    return f"#{first}" if first == last else f"#{first}–#{last}"


def _findings(report: Report, html_link: str | None, budget: int) -> str:
    """Findings per journey, category and rule, numbered as in the HTML report, in at most
    `budget` characters. Each journey gets its share of what is left; from the first rule of a
    journey that does not fit in it, its findings are counted instead, so every number is either
    shown or named in a range, in order."""
    sections = [section for section in view.sections(report) if section.count]
    total = sum(section.count for section in sections)
    if not total:
        return "### Findings\n\nNo findings.\n"
    head = f"### Findings ({total})\n\nNumbered as in the HTML report, worst rules first.\n"
    out, left = [head], budget - len(head)
    for index, section in enumerate(sections):
        share = left // (len(sections) - index)
        text = _section(report, section, html_link, share)
        out.append(text)
        left -= len(text)
    return "".join(out)


def _section(report: Report, section: view.Section, html_link: str | None, budget: int) -> str:
    """One journey's `<details>` in at most `budget` characters (a bare count if even that
    does not fit)."""
    items = [item for category in Category for audit in section.audits[category]
             for item in audit.items]
    label = view.journey_label(report, section.journey) if section.journey else "Whole site"
    summary = f"{md(label)} · {section.count} finding{'' if section.count == 1 else 's'}"
    opening = f"\n<details><summary>{summary}</summary>\n\n"
    closing = "\n</details>\n"
    fold_room = 120  # for the line that names what was left out
    used = len(opening) + len(closing) + fold_room
    body, shown = [], 0
    for category in Category:
        heading = f"**{category.value.capitalize()}**\n\n"
        parts = []
        for audit in section.audits[category]:
            text = _audit(audit, html_link) + "\n"
            cost = len(text) + (0 if parts else len(heading) + 1)
            if used + cost > budget:
                break
            parts.append(text)
            used += cost
            shown += len(audit.items)
        if parts:
            body.append(heading + "".join(parts))
        if shown < sum(len(a.items) for c in list(Category)[: list(Category).index(category) + 1]
                       for a in section.audits[c]):
            break  # this category did not fit: the rest of the journey is counted
    rest = items[shown:]
    fold = ""
    if rest:
        fold = (f"\n… {len(rest)} more finding{'' if len(rest) == 1 else 's'} "
                f"({_range(rest[0].number, rest[-1].number)}) — {_see(html_link)}\n")
    if not body:
        return f"\n**{summary}**: {fold.strip() or 'see the HTML report'}\n"
    return opening + "\n".join(body) + fold + closing


def _top_audits(report: Report, html_link: str | None) -> str:
    """The short form's findings: the worst failed rules over all journeys, one line each."""
    rules: dict[str, list[tuple[view.Audit, str]]] = {}
    for section in view.sections(report):
        where = view.journey_label(report, section.journey) if section.journey else "site"
        for category in Category:
            for audit in section.audits[category]:
                rules.setdefault(audit.rule.id, []).append((audit, where))
    if not rules:
        return "No findings."
    rows = []
    for placed in rules.values():
        worst = max((audit.severity for audit, _ in placed), key=lambda s: s.rank)
        count = sum(len(audit.items) for audit, _ in placed)
        title = max((audit.title for audit, _ in placed), key=len)
        wheres = ", ".join(dict.fromkeys(where for _, where in placed))
        rows.append((worst, count, title, wheres))
    rows.sort(key=lambda row: (-row[0].rank, -row[1], row[2]))
    lines = [f"**Worst of {len(rows)} failed rules**", ""]
    for severity, count, title, wheres in rows[:SHORT_AUDITS]:
        lines.append(f"- {SEVERITY_ICONS.get(str(severity), '')} **{md(title)}** · {severity} · "
                     f"{count} finding{'' if count == 1 else 's'} · {md(wheres)}")
    if len(rows) > SHORT_AUDITS:
        lines.append(f"- … {len(rows) - SHORT_AUDITS} more — {_see(html_link)}")
    return "\n".join(lines)
