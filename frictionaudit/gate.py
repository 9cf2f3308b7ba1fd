"""The verdict CI acts on: budget breaches and regressions against a baseline."""

from __future__ import annotations

from pathlib import Path

from frictionaudit.baseline import compare, regressions
from frictionaudit.budgets import Budget, evaluate
from frictionaudit.model import Gate, Report


def judge(report: Report, budgets: dict[str, Budget], fail_on: list[str],
          baseline: Report | None = None, baseline_path: Path | None = None) -> Gate:
    breaches = evaluate(report, budgets)
    comparison = compare(baseline, report, str(baseline_path or "")) if baseline else None
    failed = "budget" in fail_on and bool(breaches)
    if comparison is not None:
        failed |= "regression" in fail_on and bool(regressions(comparison))
        failed |= "new-findings" in fail_on and bool(comparison.new)
    return Gate(passed=not failed, breaches=breaches, comparison=comparison)
