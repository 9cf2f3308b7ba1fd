"""CI gating against the demo shop: the recommended preset fails the rough shop and says why,
`--preset none` opts out, the smooth shop passes; JUnit fails exactly the gate's failures; SARIF
results sit at repository files with fingerprints that survive a new port; budgets name what
broke; one more required field is a regression against the baseline."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from report.test_sarif import SCHEMA, uploadable

from frictionaudit.budgets import Budget
from frictionaudit.cli import main
from frictionaudit.demo import DemoShop
from frictionaudit.gate import judge
from frictionaudit.report.junit import render_junit

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
FLOWS = [str(ROOT / "docs" / "examples" / f"demo-rough-{j}.toml") for j in ("signup", "checkout")]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`frictionaudit *args` in-process, run from `cwd`: its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def junit_failures(folder: Path) -> int:
    return int(ET.parse(folder / "report.junit.xml").getroot().get("failures"))


def read(folder: Path, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rough_default(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """`audit` of the rough shop with no budgets: the recommended preset applies."""
    tmp = tmp_path_factory.mktemp("rough-default")
    flows = [arg for flow in FLOWS for arg in ("--flow", flow)]
    with DemoShop(variant="rough", lang="en") as shop:
        proc = cli("audit", shop.url, *flows, "--allow-irreversible", "--out", "out", "--json",
                   "--format", "json,sarif,junit", cwd=tmp)
    return proc, tmp / "out"


def test_the_rough_shop_fails_the_default_preset_and_says_why(rough_default):
    proc, out = rough_default
    assert proc.returncode == 1, proc.stderr
    report = read(out, "report.json")
    gate = report["gate"]
    assert gate["preset"] == "recommended" and gate["passed"] is False
    assert "gate ✘ failed (preset recommended)" in proc.stderr
    assert "checkout: clarity score 3 < budget 50 [recommended preset]" in gate["reasons"]
    for reason in gate["reasons"]:
        assert reason in proc.stderr  # whole, not wrapped
    summary = json.loads(proc.stdout)  # --json: the machine summary is all of stdout
    assert summary["exit_code"] == 1 and summary["reasons"] == gate["reasons"]
    assert summary["files"]["sarif"].endswith("report.sarif")
    assert junit_failures(out) == len(gate["reasons"])
    assert "report: out/report.sarif" in proc.stderr  # every file written is named
    assert "report: out/report.junit.xml" in proc.stderr


def test_preset_none_passes_the_same_shop_with_the_same_sarif(tmp_path, rough_default):
    _, first = rough_default
    proc = cli("demo", "--variant", "rough", "--preset", "none", "--gate", "--out", "again",
               "--format", "json,sarif,junit", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    again = tmp_path / "again" / "rough"
    gate = read(again, "report.json")["gate"]
    assert gate["preset"] == "none" and gate["passed"] is True and not gate["reasons"]
    assert junit_failures(again) == 0
    assert "verdicts: rough passed" in proc.stderr
    one, two = read(first, "report.json"), read(again, "report.json")
    assert one["target"] != two["target"]  # another port
    assert one["scores"] == two["scores"] and one["journey_scores"] == two["journey_scores"]
    sarif_one, sarif_two = read(first, "report.sarif"), read(again, "report.sarif")
    schema = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    for log in (sarif_one, sarif_two):
        assert not list(schema.iter_errors(log))
        uploadable(log, ROOT)  # every URI a repository file, fingerprints unique

    def prints(log):
        return [r["partialFingerprints"] for r in log["runs"][0]["results"]]

    assert prints(sarif_one) == prints(sarif_two)
    assert len(prints(sarif_one)) == len(one["findings"])


def test_the_smooth_shop_passes_the_default_preset(tmp_path):
    proc = cli("demo", "--variant", "smooth", "--gate", "--out", "out", "--format", "json,junit",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "gate ✔ passed (preset recommended)" in proc.stderr
    assert junit_failures(tmp_path / "out" / "smooth") == 0


def test_budgets_name_what_broke_and_junit_fails_exactly_those(demo_audit):
    report, _ = demo_audit("rough", "en")
    budgets = {"*": Budget(max_severity="moderate"),
               "checkout": Budget(max_fields=12, max_steps=9, min_score=80)}
    gate = judge(report, budgets, ["budget", "regression"])
    assert gate.preset == "none" and not gate.passed
    reasons = "\n".join(gate.reasons)
    assert "checkout: 35 fields > budget 12 (step 3 Customer Account Registration" in reasons
    assert "checkout: overall score 14 < budget 80" in reasons
    serious = [r for r in gate.reasons if " is serious, above moderate: " in r]
    assert serious and all(r.startswith(("signup step ", "checkout step ")) for r in serious)
    junit = ET.fromstring(render_junit(report.model_copy(update={"gate": gate})))
    assert int(junit.get("failures")) == len(gate.reasons)
    assert junit.find(".//testcase[@name='checkout › budget: fields']/failure") is not None


def test_one_more_required_field_is_a_regression_against_the_baseline(tmp_path, demo_audit):
    _, base_dir = demo_audit("smooth", "en")
    flow = str(ROOT / "docs" / "examples" / "demo-smooth-checkout.toml")
    with DemoShop(variant="smooth", lang="en", ask_phone=True) as shop:
        proc = cli("audit", shop.url, "--flow", flow, "--allow-irreversible", "--out", "new",
                   "--baseline", str(base_dir / "report.json"), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "regression: checkout: required fields grew 9 → 10 since the baseline" in proc.stderr
    comparison = json.loads((tmp_path / "new" / "report.json").read_text())["gate"]["comparison"]
    deltas = {(d["journey"], d["metric"]): d["new"] - d["base"]
              for d in comparison["metric_deltas"]}
    assert deltas[("checkout", "required_fields")] == 1
    assert deltas[("checkout", "fields")] == 1
    compare = cli("compare", str(base_dir / "report.json"), "new/report.json", cwd=tmp_path)
    assert compare.returncode == 1, compare.stderr
    text = compare.stdout
    assert "checkout: required fields 9 → 10" in text
    assert "regression: checkout: required fields grew 9 → 10" in text
