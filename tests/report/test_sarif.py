"""SARIF: valid against the official 2.1.0 schema, with stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from frictionaudit.report import write_reports
from frictionaudit.report.sarif import FINGERPRINT, sarif_log

SCHEMA = Path(__file__).parents[1] / "data" / "sarif" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    return Draft7Validator(json.loads(SCHEMA.read_text()))


def test_written_sarif_validates_against_the_official_schema(report_dir, validator):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["sarif"])
    log = json.loads(path.read_text())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_hostile_report_validates_too(hostile_dir, validator):
    report, _ = hostile_dir
    assert not list(validator.iter_errors(sarif_log(report)))


def test_rules_and_results_carry_levels_locations_and_properties(report_dir):
    report, _ = report_dir
    run = sarif_log(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in report.rules]
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert levels["effort.forced-account"] == "error"
    assert levels["effort.too-many-fields"] == "error"
    assert levels["clarity.vague-button"] == "warning"
    assert levels["clarity.jargon"] == "note"
    assert rules[0]["helpUri"].startswith("https://baymard.com/")
    assert rules[0]["properties"]["category"] == "effort"

    results = run["results"]
    assert len(results) == len(report.findings)
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "/signup/1"
    )
    assert first["locations"][0]["logicalLocations"] == [{"name": "#email", "kind": "element"}]
    assert first["properties"]["journey"] == "signup" and first["properties"]["step"] == 1
    site = next(r for r in results if r["ruleId"] == "transparency.no-contact")
    assert "physicalLocation" in site["locations"][0]
    assert "journey" not in site["properties"]


def test_fingerprints_are_stable_across_runs_and_distinct(report_dir):
    report, _ = report_dir
    rerun = report.model_copy(update={"target": "https://shop.example.com/?run=2"})

    def prints(r):
        return [x["partialFingerprints"][FINGERPRINT] for x in sarif_log(r)["runs"][0]["results"]]

    assert prints(report) == prints(rerun)
    assert len(set(prints(report))) == len(report.findings)


def test_a_finding_whose_rule_is_not_listed_still_gets_a_rule(report_dir):
    report, _ = report_dir
    report = report.model_copy(update={"rules": report.rules[:1]})
    run = sarif_log(report)["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert set(ids) == {f.rule_id for f in report.findings}
