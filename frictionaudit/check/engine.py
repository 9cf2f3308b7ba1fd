"""Runs every enabled rule's check over the recorded journeys and turns hits into findings.

Besides findings it keeps one outcome per rule and journey (passed, failed, or a metric's curve
score), which is what scoring weighs, as Lighthouse weighs audits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from frictionaudit.check.registry import (
    Hit,
    JourneyContext,
    JourneyView,
    Metric,
    PageContext,
    all_checks,
)
from frictionaudit.check.rules import Rule
from frictionaudit.lexicon import pack
from frictionaudit.model import Finding

EVIDENCE_LIMIT = 300
REDACTED = "[redacted]"


@dataclass
class Outcome:
    """A rule's result on one journey, before scoring (score/ weighs it)."""

    rule: Rule
    journey: str
    applicable: bool  # the rule ran on the journey (its language and journey kind)
    value: float | None = None  # a metric rule's measured value
    failed: bool = False  # it produced at least one finding


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)


def journey_language(view: JourneyView) -> str:
    langs = Counter(step.lang for step, _ in view.steps() if step.lang)
    return langs.most_common(1)[0][0] if langs else "en"


def run_checks(views: list[JourneyView], rules: list[Rule], secrets: list[str] = (),
               done: dict[int, CheckResult] | None = None) -> CheckResult:
    """Every rule over every journey; `done` holds results already worked out elsewhere (saved
    pages checked in worker processes), by the index of their view."""
    done = done or {}
    checks = all_checks()
    result = CheckResult()
    for index, view in enumerate(views):
        one = done[index] if index in done else check_journey(view, rules, secrets, checks)
        result.findings.extend(one.findings)
        result.outcomes.extend(one.outcomes)
    result.findings.sort(key=_order(views))
    return result


def check_journey(view: JourneyView, rules: list[Rule], secrets: list[str] = (),
                  checks: dict | None = None) -> CheckResult:
    checks = checks or all_checks()
    result = CheckResult()
    journey = view.journey
    lang = journey_language(view)
    for rule in rules:
        spec = checks[rule.check]
        hits: list[Hit | Metric] = []
        ran = False
        if spec.scope == "page":
            seen: set[tuple] = set()
            for step, page in view.screens():
                if not rule.applies_to(page.lang, journey.kind):
                    continue
                ran = True
                ctx = PageContext(rule.params, page.lang, pack(page.lang), journey, step)
                for hit in spec.fn(page, ctx):
                    hit.step = step.index
                    key = (step.index, hit.selector or (page.selector(hit.tag) if hit.tag
                                                        else ""), hit.evidence)
                    if key not in seen:  # the error re-showing repeats what arrived
                        seen.add(key)
                        hits.append(hit)
        elif rule.applies_to(lang, journey.kind) and any(True for _ in view.steps()):
            ran = True
            hits.extend(spec.fn(view, JourneyContext(rule.params, lang)))
        if not ran:
            result.outcomes.append(Outcome(rule, journey.name, applicable=False))
            continue
        value, findings_before = None, len(result.findings)
        for hit in hits:
            if isinstance(hit, Metric):
                if rule.curve is None:
                    raise ValueError(f"rule {rule.id}: a metric check needs a [rule.curve]")
                value = hit.value
                if rule.curve.limit is None or hit.value <= rule.curve.limit:
                    continue
            result.findings.append(_finding(rule, view, hit, secrets))
        result.outcomes.append(Outcome(rule, journey.name, True, value,
                                       failed=len(result.findings) > findings_before))
    return result


def _finding(rule: Rule, view: JourneyView, hit: Hit | Metric, secrets: list[str]) -> Finding:
    journey = view.journey
    known = hit.step is not None and hit.step < len(journey.steps)
    step = journey.steps[hit.step] if known else None
    page = view.pages[hit.step] if step is not None else None
    tag = getattr(hit, "tag", None)
    selector = getattr(hit, "selector", "") or (page.selector(tag) if page and tag else "")
    data = {"value": getattr(hit, "value", ""), **(rule.params or {}), **hit.data}
    if rule.curve is not None:
        data.setdefault("median", rule.curve.median)
        data.setdefault("limit", rule.curve.limit)
    return Finding(
        rule_id=rule.id, category=rule.category, severity=rule.severity,
        journey=journey.name, step=hit.step, url=step.url if step else "",
        selector=selector, evidence=_redact(hit.evidence, secrets)[:EVIDENCE_LIMIT],
        message=_redact(rule.message.format_map(_Lenient(data)), secrets),
        help=rule.help, refs=list(rule.refs), device=journey.device,
        box=page.box(tag) if page is not None and tag is not None else None,
    )


class _Lenient(dict):
    """A message template may name a value a particular hit does not carry."""

    def __missing__(self, key: str) -> str:
        return "?"


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def _order(views: list[JourneyView]):
    rank = {v.journey.name: i for i, v in enumerate(views)}

    def key(f: Finding):
        return (rank.get(f.journey or "", -1), f.step if f.step is not None else -1,
                -f.severity.rank, f.rule_id, f.selector, f.evidence)

    return key
