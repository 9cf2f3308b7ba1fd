"""Hold a report against a baseline: new, fixed and unchanged findings, metric and score deltas.

Findings match across runs by rule, journey, step and element. A step is known by its URL path
(and its index only when it has no URL), so a step added early in a journey does not make every
later finding look new.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

from frictionaudit.model import Comparison, Finding, FindingChange, MetricDelta, Report, Severity

METRICS = ("steps", "fields", "required_fields")
SERIOUS = {Severity.serious, Severity.critical}


def _key(f: Finding) -> tuple:
    step = urlparse(f.url).path if f.url else f"#{f.step}"
    return (f.rule_id, f.journey, step, f.selector)


def _change(f: Finding) -> FindingChange:
    return FindingChange(rule_id=f.rule_id, journey=f.journey, step=f.step,
                         selector=f.selector, severity=f.severity, message=f.message)


def compare(base: Report, new: Report, baseline_name: str = "") -> Comparison:
    before = Counter(_key(f) for f in base.findings)
    after = Counter(_key(f) for f in new.findings)
    added, fixed = after - before, before - after
    new_changes = _take(new.findings, added)
    fixed_changes = _take(base.findings, fixed)
    deltas = []
    base_journeys = {j.name: j for j in base.journeys}
    for journey in new.journeys:
        old = base_journeys.get(journey.name)
        if old is None:
            continue
        for metric in METRICS:
            a, b = getattr(old.metrics, metric), getattr(journey.metrics, metric)
            if a != b:
                deltas.append(MetricDelta(journey=journey.name, metric=metric, base=a, new=b))
    scores = {k: new.scores.model_dump()[k] - v for k, v in base.scores.model_dump().items()}
    return Comparison(
        baseline=baseline_name, new=new_changes, fixed=fixed_changes,
        unchanged=sum((after & before).values()), metric_deltas=deltas,
        score_deltas={k: v for k, v in scores.items() if v}, base_scores=base.scores.model_dump(),
    )


def _take(findings: list[Finding], wanted: Counter) -> list[FindingChange]:
    left = Counter(wanted)
    out = []
    for f in findings:
        k = _key(f)
        if left[k] > 0:
            left[k] -= 1
            out.append(_change(f))
    return out

