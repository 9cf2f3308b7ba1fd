"""What every rendering shares: finding order and numbers, score bands, wording, formatting.

One place decides these so that finding #7 in the HTML report is finding #7 in the Markdown
summary, and a colour band means the same thing everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from frictionaudit.model import (
    SEVERITY_ORDER,
    Category,
    Finding,
    Journey,
    Report,
    RuleInfo,
    RuleOutcome,
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


@dataclass(frozen=True)
class Audit:
    """One rule that failed in one place (a journey on a device, or the whole site), with the
    elements it found there: what the reports list, one entry per rule, as Lighthouse does."""

    rule: RuleInfo
    severity: Severity  # the worst of its findings
    title: str  # the failure title, with a metric's value filled in
    items: list[Numbered]
    outcome: RuleOutcome | None


@dataclass(frozen=True)
class Section:
    """A journey on one device (or the whole site, `journey` None) and its failed audits by
    category; `passed` and `inapplicable` are the rules that ran there without a finding."""

    index: int | None  # the journey's index in `Report.journeys`
    journey: Journey | None
    audits: dict[Category, list[Audit]]
    passed: dict[Category, list[tuple[RuleInfo, RuleOutcome]]]
    inapplicable: dict[Category, list[RuleInfo]]

    @property
    def count(self) -> int:
        return sum(len(audit.items) for audits in self.audits.values() for audit in audits)


def journey_index(report: Report, name: str | None, device: str | None = None) -> int | None:
    """Which of the report's journeys a finding belongs to: by name and device, else by name."""
    if name is None:
        return None
    named = [i for i, journey in enumerate(report.journeys) if journey.name == name]
    exact = [i for i in named if report.journeys[i].device == device]
    return (exact or named or [None])[0]


def sections(report: Report) -> list[Section]:
    """Findings grouped as every rendering lists them: journeys in order, then the whole site;
    in each, the four categories; in each category, one audit per failed rule (most severe and
    most elements first); in each audit, its elements in step order. Numbers run in this order,
    so #7 in the HTML report is #7 in the Markdown summary."""
    rules = {rule.id: rule for rule in rules_of(report)}
    places: dict[int | None, list[Finding]] = {}
    for finding in report.findings:
        index = journey_index(report, finding.journey, finding.device)
        places.setdefault(index, []).append(finding)
    order: list[int | None] = list(range(len(report.journeys)))
    if None in places:
        order.append(None)

    def element_key(finding: Finding) -> tuple:
        box = finding.box if finding.box and len(finding.box) == 4 else [0.0, 0.0, 0.0, 0.0]
        step = -1 if finding.step is None else finding.step
        return (step, box[1], box[0], finding.selector, finding.message)

    number = 0
    out = []
    for index in order:
        journey = None if index is None else report.journeys[index]
        outcomes = [o for o in report.outcomes if journey is not None and o.journey == journey.name]
        by_rule: dict[str, list[Finding]] = {}
        for finding in places.get(index, []):
            by_rule.setdefault(finding.rule_id, []).append(finding)
        audits: dict[Category, list[Audit]] = {category: [] for category in Category}
        drafts = []
        for rule_id, found in by_rule.items():
            worst = max((f.severity for f in found), key=lambda s: s.rank)
            drafts.append((rules[rule_id], worst, sorted(found, key=element_key)))
        drafts.sort(key=lambda d: (list(Category).index(d[0].category), -d[1].rank,
                                   -len(d[2]), d[0].id))
        for rule, worst, found in drafts:
            outcome = next((o for o in outcomes if o.rule_id == rule.id), None)
            items = []
            for finding in found:
                number += 1
                items.append(Numbered(number, finding, rule))
            value = outcome.value if outcome else None
            audits[rule.category].append(
                Audit(rule, worst, failure_title(rule, value), items, outcome)
            )
        failed = set(by_rule)
        passed: dict[Category, list[tuple[RuleInfo, RuleOutcome]]] = {c: [] for c in Category}
        inapplicable: dict[Category, list[RuleInfo]] = {c: [] for c in Category}
        seen: set[str] = set()
        ran = sorted(outcomes, key=lambda o: (o.result != "passed", o.score if o.score else 0))
        for o in ran:
            if o.rule_id in failed or o.rule_id in seen or o.rule_id not in rules:
                continue
            seen.add(o.rule_id)
            rule = rules[o.rule_id]
            if o.result == "inapplicable" or o.score is None:
                inapplicable[rule.category].append(rule)
            else:
                passed[rule.category].append((rule, o))
        for category in Category:
            passed[category].sort(key=lambda pair: (pair[1].score or 0, pair[0].id))
            inapplicable[category].sort(key=lambda rule: rule.id)
        out.append(Section(index, journey, audits, passed, inapplicable))
    return out


def audits(report: Report) -> list[Audit]:
    """Every failed audit in reading order."""
    return [
        audit
        for section in sections(report)
        for category in Category
        for audit in section.audits[category]
    ]


def numbered_findings(report: Report) -> list[Numbered]:
    """Findings in reading order (see `sections`), numbered from 1."""
    return [item for audit in audits(report) for item in audit.items]


def failure_title(rule: RuleInfo, value: float | None = None) -> str:
    """The rule's title as it reads when it fails ("Checkout asks for 35 form fields"); the
    pass-condition title when the rule has none or needs a value it was not given."""
    template = rule.failure_title or ""
    if not template:
        return rule.title
    if "{value}" in template:
        if value is None:
            return rule.title
        template = template.replace("{value}", num(value))
    return template


@dataclass(frozen=True)
class Loss:
    """What one rule costs its category over all journeys: the points between its scores and a
    full score, where it lost them, and a metric's worst value."""

    rule: RuleInfo
    journeys: list[str]
    score: float  # its lowest score
    value: float | None  # a metric's value where it scored lowest
    points: float

    @property
    def title(self) -> str:
        return failure_title(self.rule, self.value)


def losses(report: Report) -> dict[Category, list[Loss]]:
    """Per category, the rules that scored under 1 with the points each cost, biggest first.

    A category is the weighted mean of its audits (one per rule and journey), so an audit costs
    `weight * (1 - score) / total weight * 100` points: the losses add up to 100 minus the
    category's score (to rounding)."""
    rules = {rule.id: rule for rule in rules_of(report)}
    totals = dict.fromkeys(Category, 0.0)
    for o in report.outcomes:
        if o.score is not None:
            totals[o.category] += o.weight
    lost: dict[str, list[RuleOutcome]] = {}
    for o in report.outcomes:
        if o.score is not None and o.score < 1 and totals[o.category] and o.rule_id in rules:
            lost.setdefault(o.rule_id, []).append(o)
    out: dict[Category, list[Loss]] = {category: [] for category in Category}
    for rule_id, outcomes in lost.items():
        rule = rules[rule_id]
        worst = min(outcomes, key=lambda o: o.score or 0)
        points = sum(o.weight * (1 - (o.score or 0)) for o in outcomes)
        out[rule.category].append(Loss(
            rule=rule,
            journeys=list(dict.fromkeys(o.journey for o in outcomes)),
            score=worst.score or 0.0,
            value=worst.value,
            points=points / totals[rule.category] * 100,
        ))
    for category in Category:
        out[category].sort(key=lambda loss: (-loss.points, loss.rule.id))
    return out


AuditStatus = Literal["audited", "incomplete", "not audited"]


def audit_status(report: Report) -> AuditStatus:
    """"not audited" when no journey got past its start page (every journey failed with at most
    one step), "incomplete" when a journey was interrupted, else "audited". A score is only
    shown as a verdict on a site that was audited."""
    journeys = report.journeys
    if not journeys or all(j.status == "failed" and len(j.steps) <= 1 for j in journeys):
        return "not audited"
    if any(j.status == "interrupted" for j in journeys):
        return "incomplete"
    return "audited"


def troubled(report: Report) -> list[Journey]:
    """Journeys that failed or were interrupted: their reasons go at the top of every report."""
    return [j for j in report.journeys if j.status in ("failed", "interrupted")]


def journey_label(report: Report, journey: Journey) -> str:
    """The journey's name, with its device when the report covers several devices and the name
    does not already say it ("signup (iPhone 13)")."""
    if len(devices(report)) < 2 or journey.device in journey.name:
        return journey.name
    return f"{journey.name} · {journey.device}"


def site_name(report: Report) -> str:
    """The site as a person names it: the host of the target, else the target itself."""
    host = urlsplit(report.target).netloc if is_http(report.target) else ""
    return host or report.target


def document_title(report: Report) -> str:
    """"Trust-friction report: shop.example · signup, checkout · 2025-03-04"."""
    names = ", ".join(dict.fromkeys(j.name for j in report.journeys)) or "no journey"
    return f"Trust-friction report: {site_name(report)} · {names} · {report.started_at:%Y-%m-%d}"


def gate_reasons(report: Report) -> list[str]:
    """Why the gate failed, one line each (empty for a report from before gates said why)."""
    return list(getattr(report.gate, "reasons", None) or [])


def gate_preset(report: Report) -> str | None:
    return getattr(report.gate, "preset", None)


_WCAG = re.compile(r"^WCAG 2\.2 SC (\d+\.\d+\.\d+) ([^:(]+?)(?: \((Minimum|Enhanced)\))?"
                   r"(?: \((?:A|AA|AAA)\))?(?::|$)")
_GDPR = re.compile(r"^GDPR (?:Art\. (\d+)|Recital (\d+))")
REF_LINKS: tuple[tuple[str, str], ...] = (
    ("Baymard Institute, checkout usability", "https://baymard.com/research/checkout-usability"),
    ("Baymard Institute, form usability", "https://baymard.com/research/form-design"),
    ("Baymard Institute", "https://baymard.com/lists/cart-abandonment-rate"),
    ("Mathur et al.", "https://webtransparency.cs.princeton.edu/dark-patterns/"),
    ("Nouwens et al.", "https://arxiv.org/abs/2001.02479"),
    ("GOV.UK Design System, buttons", "https://design-system.service.gov.uk/components/button/"),
    ("GOV.UK Design System, question pages",
     "https://design-system.service.gov.uk/patterns/question-pages/"),
    ("GOV.UK content design", "https://www.gov.uk/guidance/content-design/writing-for-gov-uk"),
    ("HTML Living Standard: the type", "https://html.spec.whatwg.org/multipage/input.html"),
    ("WHATWG HTML: autofill",
     "https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#autofill"),
    ("W3C ACT rule 73f2c2", "https://www.w3.org/WAI/standards-guidelines/act/rules/73f2c2/"),
    ("Vale", "https://vale.sh/docs/"),
    ("plainlanguage.gov", "https://www.plainlanguage.gov/guidelines/words/"),
    ("wordfreq", "https://github.com/rspeer/wordfreq"),
)


def ref_url(ref: str) -> str | None:
    """A link for a reference: itself when it is an http(s) address, else the source it cites
    (WCAG's Understanding page, the GDPR article, the study), or None when there is none."""
    if is_http(ref):
        return ref
    if match := _WCAG.match(ref):
        name = match.group(2) + (f" {match.group(3)}" if match.group(3) else "")
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        return f"https://www.w3.org/WAI/WCAG22/Understanding/{slug}.html"
    if match := _GDPR.match(ref):
        article, recital = match.groups()
        return (f"https://gdpr-info.eu/art-{article}-gdpr/" if article
                else f"https://gdpr-info.eu/recitals/no-{recital}/")
    return next((url for prefix, url in REF_LINKS if ref.startswith(prefix)), None)


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
