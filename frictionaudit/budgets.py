"""Budgets: the lines a release must stay within, per journey, and the breaches that fail CI.

A budget names a journey (or "*" for every journey). Breach messages name the steps that carry
the excess, so a failing CI job says where to look, not only that something is over.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from frictionaudit.model import Breach, Category, Journey, Report, Severity


class Budget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_steps: int | None = Field(None, ge=0)
    max_fields: int | None = Field(None, ge=0)
    max_required_fields: int | None = Field(None, ge=0)
    min_score: int | None = Field(None, ge=0, le=100, description="Overall journey score.")
    min_scores: dict[Category, int] = Field(default_factory=dict)
    forbid_rules: list[str] = Field(default_factory=list)
    max_severity: Severity | None = None


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
        hits = [f for f in findings if f.rule_id == rule_id]
        if hits:
            steps = sorted({f.step for f in hits if f.step is not None})
            out.append(Breach(journey=name, budget=f"rule {rule_id}", limit="0 findings",
                              actual=len(hits), message=f"{name}: {rule_id} found "
                              f"{len(hits)} time(s) (steps {', '.join(map(str, steps))})"))
    if budget.max_severity is not None:
        worse = [f for f in findings if f.severity.rank > budget.max_severity.rank]
        if worse:
            rules = ", ".join(sorted({f.rule_id for f in worse}))
            out.append(Breach(journey=name, budget="max severity", limit=budget.max_severity,
                              actual=max(worse, key=lambda f: f.severity.rank).severity,
                              message=f"{name}: {len(worse)} finding(s) above "
                              f"{budget.max_severity} ({rules})"))
    return out
