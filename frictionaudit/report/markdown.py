"""A short Markdown summary for a pull-request comment or GitHub's job summary.

Everything quoted from a page is escaped so it stays text: no table cell broken by `|`, no HTML,
no link or tracking image, no @mention of a stranger. The HTML report has the details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from frictionaudit.model import FindingChange, Report
from frictionaudit.report import view

MAX_FINDING_ROWS = 60
MAX_EVIDENCE = 120
BAND_ICONS = {"pass": "🟢", "average": "🟠", "fail": "🔴"}
_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")
_WHITESPACE = re.compile(r"\s+")


def md(text: object, limit: int | None = None) -> str:
    """`text` as inert Markdown on one line, cut to `limit` characters before escaping."""
    flat = _WHITESPACE.sub(" ", str(text)).strip()
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space after @ stops GitHub from notifying whoever the page text names.
    return _SPECIAL.sub(r"\\\1", flat).replace("@", "@\u200b")


def render_markdown(report: Report) -> str:
    """The whole summary, sections separated by blank lines."""
    sections = [_head(report), _scores(report), _gate(report), _journeys(report), _findings(report)]
    return "\n\n".join(section for section in sections if section) + "\n"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]], align: str = "") -> str:
    """A GitHub table; `align` gives each column's alignment as l or r (default l)."""
    header = list(header)
    marks = ["---:" if (align[i : i + 1] == "r") else "---" for i in range(len(header))]
    lines = [header, marks, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _head(report: Report) -> str:
    facts = [f"{md(report.tool.name)} {md(report.tool.version)}", view.when(report.started_at)]
    facts += [md(", ".join(view.devices(report)))] if report.journeys else []
    if langs := view.languages(report):
        facts.append("language " + md(", ".join(langs)))
    return f"## Trust-friction report: {md(report.target)}\n\n" + " · ".join(facts)


def _scores(report: Report) -> str:
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


def _gate(report: Report) -> str:
    gate = report.gate
    verdict = "✅ passed" if gate.passed else "❌ failed"
    parts = [f"**Gate: {verdict}** · {len(gate.breaches)} budget breach(es)"]
    if gate.breaches:
        parts.append(
            _table(
                ["Journey", "Budget", "Limit", "Actual", "Why"],
                (
                    [
                        md(b.journey or "site"),
                        md(b.budget),
                        md(view.num(b.limit)),
                        md(view.num(b.actual)),
                        md(b.message),
                    ]
                    for b in gate.breaches
                ),
                "llrr",
            )
        )
    comparison = gate.comparison
    if comparison:
        parts.append(
            f"**Against baseline** {md(comparison.baseline)}: {len(comparison.new)} new, "
            f"{len(comparison.fixed)} fixed, {comparison.unchanged} unchanged"
        )
        for label, changes in (("New", comparison.new), ("Fixed", comparison.fixed)):
            if changes:
                parts.append(_changes(label, changes))
    return "\n\n".join(parts)


def _changes(label: str, changes: list[FindingChange]) -> str:
    rows = (
        [
            md(c.severity),
            md(c.rule_id),
            md(view.where(c.journey, c.step)),
            md(c.message, MAX_EVIDENCE),
        ]
        for c in changes
    )
    return f"{label} findings:\n\n" + _table(["Severity", "Rule", "Where", "Message"], rows)


def _journeys(report: Report) -> str:
    if not report.journeys:
        return ""
    comparison = report.gate.comparison
    bases = {(d.journey, d.metric): d.base for d in comparison.metric_deltas} if comparison else {}
    rows, notes = [], []
    for journey in report.journeys:
        cells = [md(journey.name), md(journey.kind), md(journey.status)]
        for metric in view.METRIC_LABELS:
            value = getattr(journey.metrics, metric)
            base = bases.get((journey.name, metric))
            change = "" if base is None or base == value else f" ({view.signed(value - base)})"
            cells.append(view.num(value) + change)
        rows.append(cells)
        if journey.reason and journey.status != "completed":
            notes.append(f"- **{md(journey.name)}** {journey.status}: {md(journey.reason)}")
    table = _table(["Journey", "Kind", "Status", *view.METRIC_LABELS.values()], rows, "lllrrrrrr")
    return "### Journeys\n\n" + table + ("\n\n" + "\n".join(notes) if notes else "")


def _findings(report: Report) -> str:
    numbered = view.numbered_findings(report)
    if not numbered:
        return "### Findings\n\nNo findings."
    parts = [f"### Findings ({len(numbered)})"]
    budget = MAX_FINDING_ROWS
    for severity in view.SEVERITIES:
        mine = [item for item in numbered if item.finding.severity == severity]
        if not mine:
            continue
        shown, budget = mine[: max(budget, 0)], budget - len(mine)
        rows = (
            [
                str(item.number),
                md(item.finding.rule_id),
                md(item.finding.category),
                md(view.where(item.finding.journey, item.finding.step)),
                md(item.finding.evidence, MAX_EVIDENCE),
                md(item.finding.message),
            ]
            for item in shown
        )
        section = f"#### {severity.capitalize()} ({len(mine)})"
        if shown:
            section += "\n\n" + _table(
                ["#", "Rule", "Category", "Where", "Evidence", "Message"], rows, "r"
            )
        if len(shown) < len(mine):
            section += f"\n\n…and {len(mine) - len(shown)} more in the HTML report."
        parts.append(section)
    return "\n\n".join(parts)
