"""GitLab Code Quality: what the merge request widget needs of each issue (a check name, a
description, one of its five severities, a unique fingerprint, a repository path and a line)."""

from __future__ import annotations

import json

from frictionaudit.report import write_reports
from frictionaudit.report.codequality import render_codequality
from frictionaudit.report.sarif import sarif_log

SOURCES = {"sources": ["signup=docs/examples/demo-smooth-signup.toml:6"],
           "sarif_fallback": "pyproject.toml"}


def test_every_finding_is_an_issue_gitlab_shows(report_dir):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["codequality"])
    assert path.name == "report.codequality.json"
    issues = json.loads(path.read_text())
    assert len(issues) == len(report.findings) > 0
    prints = [issue["fingerprint"] for issue in issues]
    assert len(set(prints)) == len(prints)
    for issue, finding in zip(issues, report.findings, strict=True):
        assert issue["check_name"] == finding.rule_id
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert finding.message in issue["description"]
        location = issue["location"]
        assert not location["path"].startswith(("/", "http")) and location["lines"]["begin"] >= 1


def test_paths_lines_and_fingerprints_are_those_of_sarif(report_dir):
    report, _ = report_dir
    located = report.model_copy(update={"settings": {**report.settings, **SOURCES}})
    issues = json.loads(render_codequality(located))
    results = sarif_log(located)["runs"][0]["results"]
    for issue, result in zip(issues, results, strict=True):
        physical = result["locations"][0]["physicalLocation"]
        assert issue["location"]["path"] == physical["artifactLocation"]["uri"]
        assert issue["location"]["lines"]["begin"] == physical.get("region", {}).get("startLine", 1)
        assert issue["fingerprint"] == result["partialFingerprints"]["frictionaudit/v2"]
    signup = next(i for i in issues if "signup, step" in i["description"])
    assert signup["location"] == {"path": "docs/examples/demo-smooth-signup.toml",
                                  "lines": {"begin": 6}}
    critical = next(i for i, f in zip(issues, report.findings, strict=True)
                    if f.severity == "critical")
    assert critical["severity"] == "blocker"
