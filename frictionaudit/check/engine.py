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
from frictionaudit.model import Finding, RuleOutcome
from frictionaudit.score.curve import log_normal_score

EVIDENCE_LIMIT = 300
REDACTED = "[redacted]"


@dataclass
class Outcome:
    rule: Rule
    journey: str
    score: float | None  # 0..1; None when the rule did not apply to the journey
    value: float | None = None  # a metric rule's measured value
    failed: bool = False  # it produced at least one finding

    def record(self) -> RuleOutcome:
        result = ("inapplicable" if self.score is None
                  else "failed" if self.failed else "passed")
        return RuleOutcome(
            rule_id=self.rule.id, journey=self.journey, category=self.rule.category,
            result=result, score=None if self.score is None else round(self.score, 4),
            weight=self.rule.score_weight, value=self.value)


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
            result.outcomes.append(Outcome(rule, journey.name, None))
            continue
        score, value, findings_before = 1.0, None, len(result.findings)
        for hit in hits:
            if isinstance(hit, Metric):
                score, value = _metric_score(rule, hit), hit.value
                limit = rule.curve.limit if rule.curve else None
                if limit is None or hit.value <= limit:
                    continue
            else:
                score = 0.0
            result.findings.append(_finding(rule, view, hit, secrets))
        result.outcomes.append(Outcome(rule, journey.name, score, value,
                                       failed=len(result.findings) > findings_before))
    return result


def _metric_score(rule: Rule, metric: Metric) -> float:
    if rule.curve is None:
        raise ValueError(f"rule {rule.id}: a metric check needs a [rule.curve]")
    return log_normal_score(metric.value, rule.curve.p10, rule.curve.median)


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
