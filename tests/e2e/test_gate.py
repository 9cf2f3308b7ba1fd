"""CI gating: budgets pass the smooth shop and fail the rough one; one more required field is
a regression against the baseline; the same site audited twice scores the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from frictionaudit.demo import DemoShop

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
BUDGET = """
[budgets."*"]
max_severity = "moderate"
[budgets.checkout]
max_fields = 12
max_steps = 9
min_score = 80
"""


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "frictionaudit", *args], capture_output=True,
                          text=True, timeout=400, cwd=cwd, env={**os.environ})


@pytest.mark.parametrize("variant, code", [("smooth", 0), ("rough", 1)])
def test_budgets_pass_smooth_and_fail_rough_naming_what_broke(tmp_path, variant, code):
    (tmp_path / "friction.toml").write_text(BUDGET, encoding="utf-8")
    proc = cli("demo", "--variant", variant, "--out", "out", "--format", "json,junit",
               cwd=tmp_path)
    assert proc.returncode == code, proc.stdout + proc.stderr
    report = json.loads((tmp_path / "out" / variant / "report.json").read_text())
    assert report["gate"]["passed"] is (code == 0)
    if code:
        assert "over budget" in proc.stderr
        assert "checkout: " in proc.stderr and "fields > budget 12" in proc.stderr
        junit = (tmp_path / "out" / variant / "report.junit.xml").read_text()
        assert "budget:fields" in junit


def test_one_more_required_field_is_a_regression_against_the_baseline(tmp_path, demo_audit):
    _, base_dir = demo_audit("smooth", "en")
    flow = str(ROOT / "docs" / "examples" / "demo-smooth-checkout.toml")
    with DemoShop(variant="smooth", lang="en", ask_phone=True) as shop:
        proc = cli("audit", shop.url, "--flow", flow, "--allow-irreversible", "--out", "new",
                   "--baseline", str(base_dir / "report.json"), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    comparison = json.loads((tmp_path / "new" / "report.json").read_text())["gate"]["comparison"]
    deltas = {(d["journey"], d["metric"]): d["new"] - d["base"]
              for d in comparison["metric_deltas"]}
    assert deltas[("checkout", "required_fields")] == 1
    assert deltas[("checkout", "fields")] == 1
    compare = cli("compare", str(base_dir / "report.json"), "new/report.json", cwd=tmp_path)
    assert compare.returncode == 1
    assert "required_fields 9 → 10" in compare.stderr


def test_the_same_shop_audited_twice_scores_the_same(tmp_path, demo_audit):
    first, _ = demo_audit("rough", "en")
    proc = cli("demo", "--variant", "rough", "--out", "again", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    second = json.loads((tmp_path / "again" / "rough" / "report.json").read_text())
    assert second["scores"] == first.scores.model_dump()
    assert second["journey_scores"] == {k: v.model_dump() for k, v in first.journey_scores.items()}
    assert [f["rule_id"] for f in second["findings"]] == [f.rule_id for f in first.findings]
