"""The verdict CI acts on: budget breaches and regressions against a baseline.

Without budgets a documented preset applies, so a bad site never passes by default:
`recommended` is no critical finding, no category score under 50 and no failed journey, on every
journey. `none` opts out. Every failure is one line in `Gate.reasons`, and JUnit fails exactly
these (see `failures`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from frictionaudit.baseline import SERIOUS, compare
from frictionaudit.budgets import Budget, evaluate
from frictionaudit.config import FailOn
from frictionaudit.model import Category, Comparison, Gate, Report, Severity

PRESETS: dict[str, Budget | None] = {
    "recommended": Budget(max_severity=Severity.serious,
                          min_scores={c: 50 for c in Category}, allow_failed_journey=False),
    "none": None,
}
FAIL_ON: tuple[str, ...] = get_args(FailOn)  # every kind of failure --fail-on can name
PRESET_HELP = ("recommended (no critical finding, no category under 50, no failed journey; "
               "the default without budgets) or none")


@dataclass(frozen=True)
class Failure:
    """One reason the gate failed, with what a CI test case needs to name it."""

    kind: str  # budget | regression | new-findings
    journey: str | None
    subject: str  # a rule id, or the budget line / metric / score
    step: int | None
    message: str
    elements: tuple[str, ...] = ()


def preset_for(name: str | None, budgets: dict[str, Budget]) -> str:
    """The preset that applies: the one named, else `recommended` when no budgets are set."""
    if name is None:
        return "none" if budgets else "recommended"
    return name


def judge(report: Report, budgets: dict[str, Budget], fail_on: list[str],
          baseline: Report | None = None, baseline_path: Path | None = None,
          preset: str | None = None) -> Gate:
    chosen = preset_for(preset, budgets)
    breaches = evaluate(report, budgets)
    if (preset_budget := PRESETS[chosen]) is not None:
        extra = evaluate(report, {"*": preset_budget})
        breaches += [b.model_copy(update={"preset": chosen}) for b in extra]
    comparison = compare(baseline, report, str(baseline_path or "")) if baseline else None
    gate = Gate(preset=chosen, fail_on=list(fail_on), breaches=breaches, comparison=comparison)
    gate.reasons = [f.message for f in failures(gate)]
    gate.passed = not gate.reasons
    return gate


def failures(gate: Gate) -> list[Failure]:
    """What fails the gate, one item per failure, in a stable order."""
    out: list[Failure] = []
    if "budget" in gate.fail_on:
        out += [Failure("budget", b.journey, b.rule_id or f"budget: {b.budget}", b.step,
                        b.message + (f" [{b.preset} preset]" if b.preset else ""),
                        tuple(b.selectors)) for b in gate.breaches]
    c = gate.comparison
    if c is None:
        return out
    new = [f for f in c.new if "new-findings" in gate.fail_on
           or ("regression" in gate.fail_on and f.severity in SERIOUS)]
    out += [Failure("regression" if f.severity in SERIOUS else "new-findings", f.journey,
                    f.rule_id, f.step, f"new {f.severity} finding since the baseline: "
                    f"{f.journey or 'site'} step {f.step} {f.rule_id}"
                    + (f" on {f.selector}" if f.selector else "") + f": {f.message}",
                    (f.selector,) if f.selector else ()) for f in new]
    if "regression" in gate.fail_on:
        out += [Failure("regression", d.journey, f"regression: {d.metric.replace('_', ' ')}",
                        None, f"{d.journey}: {d.metric.replace('_', ' ')} grew "
                        f"{d.base:g} → {d.new:g} since the baseline")
                for d in c.metric_deltas if d.new > d.base]
        out += [Failure("regression", None, f"regression: {name} score", None,
                        f"{name} score fell {_before_after(c, name, delta)} since the baseline")
                for name, delta in c.score_deltas.items() if delta < 0]
    return out


def _before_after(c: Comparison, name: str, delta: int) -> str:
    """"80 → 76" when the baseline's scores are known (older reports: "by 4")."""
    base = c.base_scores.get(name)
    return f"by {-delta}" if base is None else f"{base} → {base + delta}"
