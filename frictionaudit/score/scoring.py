"""Category and overall scores, 0-100, higher is better, as Lighthouse weighs audits.

Each rule that ran on a journey is one audit: a yes/no rule scores 1 when it found nothing and 0
when it found something; a metric rule scores on its curve. An audit weighs by its rule's
severity (critical 10, serious 7, moderate 3, minor 1) unless the rule sets a weight. A category
is the weighted mean of its audits over all journeys; a category with no audit scores 100.
The overall score is the mean of the four categories. Timings never enter a score, so the same
site audited twice scores the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from frictionaudit.check.engine import Outcome
from frictionaudit.model import Category, RuleOutcome, Scores
from frictionaudit.score.curve import log_normal_score


def audit_score(o: Outcome) -> float | None:
    """0..1 for a rule that ran: a metric on its curve, a yes/no rule 1 or 0; None otherwise."""
    if not o.applicable:
        return None
    if o.value is not None and o.rule.curve is not None:
        return log_normal_score(o.value, o.rule.curve.p10, o.rule.curve.median)
    return 0.0 if o.failed else 1.0


def recorded(o: Outcome) -> RuleOutcome:
    """The outcome as the report keeps it, so a re-render can explain every point lost."""
    value = audit_score(o)
    return RuleOutcome(
        rule_id=o.rule.id, journey=o.journey, category=o.rule.category,
        result="inapplicable" if value is None else "failed" if o.failed else "passed",
        score=None if value is None else round(value, 4), weight=o.rule.score_weight,
        value=o.value)


def score(outcomes: Iterable[Outcome]) -> Scores:
    totals = {c: [0.0, 0.0] for c in Category}
    for o in outcomes:
        value = audit_score(o)
        if value is None:
            continue
        weight = o.rule.score_weight
        totals[o.rule.category][0] += weight * value
        totals[o.rule.category][1] += weight
    per = {c.value: round(100 * s / w) if w else 100 for c, (s, w) in totals.items()}
    return Scores(overall=round(sum(per.values()) / len(per)), **per)


def journey_scores(outcomes: list[Outcome]) -> dict[str, Scores]:
    names = dict.fromkeys(o.journey for o in outcomes if o.applicable)
    return {name: score(o for o in outcomes if o.journey == name) for name in names}
