"""The gate's verdict: the recommended preset when no budgets are set, `none` to opt out,
budgets per rule and step naming the elements, and one reason per failure."""

from __future__ import annotations

from report.conftest import build_report

from frictionaudit.budgets import Budget
from frictionaudit.gate import failures, judge, preset_for


def test_without_budgets_the_recommended_preset_fails_a_bad_report(tmp_path):
    report = build_report(tmp_path)  # critical findings; effort 41 in every journey
    gate = judge(report, {}, ["budget", "regression"])
    assert gate.preset == "recommended" and not gate.passed
    assert gate.reasons == [f.message for f in failures(gate)]
    assert any("effort score 41 < budget 50" in r for r in gate.reasons)
    critical = [r for r in gate.reasons if "forced-account is critical" in r]
    assert critical == ["checkout step 0 (/checkout/0): effort.forced-account is critical, above "
                        "serious: #email [recommended preset]"]


def test_preset_none_opts_out_and_budgets_replace_the_preset(tmp_path):
    report = build_report(tmp_path)
    assert judge(report, {}, ["budget"], preset="none").passed
    assert preset_for(None, {"checkout": Budget(max_steps=9)}) == "none"
    gate = judge(report, {"checkout": Budget(max_steps=3)}, ["budget"])
    assert gate.preset == "none"
    assert gate.reasons == ["checkout: 4 steps > budget 3 (Checkout page 0 → Checkout page 1 → "
                            "Checkout page 2 → Checkout page 3)"]


def test_a_failed_journey_fails_the_preset(tmp_path):
    report = build_report(tmp_path)
    report.journeys[0].status, report.journeys[0].reason = "failed", "step 3 (click): timeout"
    clean = report.model_copy(update={"findings": [], "journey_scores": {}})
    gate = judge(clean, {}, ["budget"])
    assert gate.reasons == ["signup: the journey failed: step 3 (click): timeout "
                            "[recommended preset]"]
