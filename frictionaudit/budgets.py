"""Budgets: the lines a release must stay within, per journey, and the breaches that fail CI.

A budget names a journey (or "*" for every journey). Breach messages name the steps that carry
the excess, so a failing CI job says where to look, not only that something is over.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from frictionaudit.model import Breach, Category, Finding, Journey, Report, Severity


class Budget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_steps: int | None = Field(None, ge=0)
    max_fields: int | None = Field(None, ge=0)
    max_required_fields: int | None = Field(None, ge=0)
    min_score: int | None = Field(None, ge=0, le=100, description="Overall journey score.")
    min_scores: dict[Category, int] = Field(default_factory=dict)
    forbid_rules: list[str] = Field(default_factory=list)
    max_severity: Severity | None = None
    allow_failed_journey: bool = Field(True, description="False: a journey that failed (a step "
                                       "could not be done) is a breach.")


def _per_step(journey: Journey, attr: str) -> str:
    parts = [f"step {s.index} {s.title or s.url}: {getattr(s, attr)}"
             for s in journey.steps if getattr(s, attr)]
    return "; ".join(parts)


def evaluate(report: Report, budgets: dict[str, Budget]) -> list[Breach]:
    breaches: list[Breach] = []
    for journey in report.journeys:
        base = journey.name.split(" (")[0]  # "checkout (iPhone 13)" keeps checkout's budget
        for key in ("*", base):
            if key in budgets:
                breaches += _journey_breaches(report, journey, budgets[key])
    return breaches


def _journey_breaches(report: Report, journey: Journey, budget: Budget) -> list[Breach]:
    out: list[Breach] = []
    name, m = journey.name, journey.metrics

    def over(label: str, limit: float | None, actual: float, detail: str = "") -> None:
        if limit is not None and actual > limit:
            where = f" ({detail})" if detail else ""
            out.append(Breach(journey=name, budget=label, limit=limit, actual=actual,
                              message=f"{name}: {actual:g} {label} > budget {limit:g}{where}"))

    if not budget.allow_failed_journey and journey.status == "failed":
        out.append(Breach(journey=name, budget="journey failed", limit="completed",
                          actual=journey.status, message=f"{name}: the journey failed"
                          + (f": {journey.reason}" if journey.reason else "")))
    over("steps", budget.max_steps, m.steps,
         " → ".join(s.title or s.url for s in journey.steps))
    over("fields", budget.max_fields, m.fields, _per_step(journey, "fields_visible"))
    over("required fields", budget.max_required_fields, m.required_fields,
         _per_step(journey, "fields_required"))
    scores = report.journey_scores.get(name)
    if scores is not None:
        minimums = dict(budget.min_scores)
        if budget.min_score is not None:
            minimums["overall"] = budget.min_score
        for category, minimum in minimums.items():
            actual = getattr(scores, str(category))
            if actual < minimum:
                out.append(Breach(journey=name, budget=f"{category} score", limit=minimum,
                                  actual=actual, message=f"{name}: {category} score {actual} "
                                  f"< budget {minimum}"))
    findings = [f for f in report.findings if f.journey == name]
    for rule_id in budget.forbid_rules:
        for hits in _by_rule_and_step(f for f in findings if f.rule_id == rule_id):
            out.append(_finding_breach(name, f"rule {rule_id}", "0 findings", len(hits), hits,
                                       f"{rule_id} found {len(hits)} time(s)"))
    if budget.max_severity is not None:
        limit = budget.max_severity
        worse = (f for f in findings if f.severity.rank > limit.rank)
        for hits in _by_rule_and_step(worse):
            top = max(hits, key=lambda f: f.severity.rank).severity
            out.append(_finding_breach(name, "max severity", limit, top, hits,
                                       f"{hits[0].rule_id} is {top}, above {limit}"))
    return out


def _by_rule_and_step(findings: Iterable[Finding]) -> list[list[Finding]]:
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule_id, f.step), []).append(f)
    return list(groups.values())


def _finding_breach(journey: str, label: str, limit: float | str, actual: float | str,
                    hits: list[Finding], what: str) -> Breach:
    """One breach per rule and step, naming the elements, so a CI test says where to look."""
    first = hits[0]
    selectors = list(dict.fromkeys(f.selector for f in hits if f.selector))
    where = f" step {first.step}" if first.step is not None else ""
    page = f" ({urlsplit(first.url).path or first.url})" if first.url else ""
    elements = f": {', '.join(selectors)}" if selectors else ""
    return Breach(journey=journey, budget=label, limit=limit, actual=actual,
                  rule_id=first.rule_id, step=first.step, selectors=selectors,
                  message=f"{journey}{where}{page}: {what}{elements}")
