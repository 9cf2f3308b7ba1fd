"""What every rendering shares: finding order and numbers, score bands, wording, formatting.

One place decides these so that finding #7 in the HTML report is finding #7 in the Markdown
summary, and a colour band means the same thing everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from frictionaudit.model import (
    SEVERITY_ORDER,
    Category,
    Finding,
    Report,
    RuleInfo,
    Scores,
    Severity,
)

SEVERITIES: tuple[Severity, ...] = tuple(reversed(SEVERITY_ORDER))  # critical first
FAILING = frozenset({Severity.critical, Severity.serious})
CATEGORY_BLURBS = {
    Category.effort: "Extra steps make it tedious",
    Category.clarity: "Too long, jargon, makes no sense",
    Category.transparency: "Be honest and open",
    Category.control: "Respect their boundaries",
}
HTTP_URL = re.compile(r"https?://", re.IGNORECASE)
METRIC_LABELS = {
    "steps": "Steps",
    "fields": "Fields",
    "required_fields": "Required fields",
    "clicks": "Clicks",
    "keystrokes": "Keystrokes",
    "seconds": "Seconds",
}


@dataclass(frozen=True)
class Numbered:
    """A finding with its number in reading order and its rule (for title, help and refs)."""

    number: int
    finding: Finding
    rule: RuleInfo


def band(score: float) -> str:
    """Lighthouse's colour bands: 90 and up pass, 50–89 average, below 50 fail."""
    if score >= 90:
        return "pass"
    return "average" if score >= 50 else "fail"


def score_rows(scores: Scores) -> list[tuple[str, int]]:
    """(name, score) for the overall score, then the four categories."""
    return [(str(name), getattr(scores, name)) for name in ("overall", *Category)]


def rules_of(report: Report) -> list[RuleInfo]:
    """The report's rules, plus a stand-in for any rule a finding names but the report lacks,
    so no finding drops out of a per-rule rendering."""
    rules = list(report.rules)
    known = {rule.id for rule in rules}
    for finding in report.findings:
        if finding.rule_id not in known:
            known.add(finding.rule_id)
            rules.append(
                RuleInfo(
                    id=finding.rule_id,
                    category=finding.category,
                    severity=finding.severity,
                    title=finding.rule_id,
                    help=finding.help,
                    refs=finding.refs,
                )
            )
    return rules


def numbered_findings(report: Report) -> list[Numbered]:
    """Findings in reading order: category, severity (critical first), then journey and step."""
    journeys = {journey.name: i for i, journey in enumerate(report.journeys)}
    rules = {rule.id: rule for rule in rules_of(report)}

    def key(finding: Finding) -> tuple:
        where = -1 if finding.journey is None else journeys.get(finding.journey, len(journeys))
        step = -1 if finding.step is None else finding.step
        return (
            list(Category).index(finding.category),
            -finding.severity.rank,
            where,
            step,
            finding.rule_id,
            finding.selector,
        )

    ordered = sorted(report.findings, key=key)
    return [
        Numbered(number, finding, rules[finding.rule_id])
        for number, finding in enumerate(ordered, start=1)
    ]


def where(journey: str | None, step: int | None) -> str:
    """Short location words: "checkout, step 3", "checkout" or "site"."""
    if journey is None:
        return "site" if step is None else f"step {step}"
    return journey if step is None else f"{journey}, step {step}"


def when(moment: datetime | None) -> str:
    """A timestamp to the minute, with its zone when the report carries one."""
    if moment is None:
        return "—"
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return text
    return f"{text} UTC" if not offset else f"{text} {moment:%z}"


def duration(report: Report) -> str:
    """How long the audit ran, in words a person reads at a glance."""
    if report.finished_at is None:
        return "—"
    seconds = max(0, round((report.finished_at - report.started_at).total_seconds()))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def num(value: float | str) -> str:
    """Whole numbers without a decimal point, others to one decimal; text as it is."""
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def signed(delta: float) -> str:
    """A change with its sign, so "+2" and "−3" read as changes, not values."""
    text = num(abs(delta))
    if delta > 0:
        return f"+{text}"
    return f"−{text}" if delta < 0 else "±0"


def languages(report: Report) -> list[str]:
    """Language codes of the pages audited, in first-seen order."""
    seen = (step.lang for journey in report.journeys for step in journey.steps if step.lang)
    return list(dict.fromkeys(seen))


def devices(report: Report) -> list[str]:
    """Devices the journeys were driven on, in first-seen order."""
    return list(dict.fromkeys(journey.device for journey in report.journeys))


def is_http(value: str) -> bool:
    """Only http(s) addresses become links: never javascript:, data: or a local file."""
    return bool(HTTP_URL.match(value))
