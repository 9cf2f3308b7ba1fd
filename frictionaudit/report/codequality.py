"""GitLab Code Quality, the merge request widget's format (a subset of Code Climate's issues).

GitLab shows an issue only with a repository path and a line (`location.path`,
`location.lines.begin`), and merges issues that share a fingerprint, so both come from what
SARIF uses: the file that drives the page (see `sarif.Locator`, line 1 when the file has no
line of its own) and the fingerprints that survive new hosts, ports and inserted steps.
"""

from __future__ import annotations

import json
from typing import Any

from frictionaudit.model import Finding, Report, Severity
from frictionaudit.report import view
from frictionaudit.report.sarif import Locator, fingerprints

SEVERITIES = {
    Severity.critical: "blocker",
    Severity.serious: "critical",
    Severity.moderate: "major",
    Severity.minor: "minor",
}


def render_codequality(report: Report) -> str:
    locator = Locator(report)
    prints = fingerprints(report.findings)
    issues = [_issue(f, locator, p) for f, p in zip(report.findings, prints, strict=True)]
    return json.dumps(issues, indent=2, ensure_ascii=False)


def _issue(finding: Finding, locator: Locator, print_: str) -> dict[str, Any]:
    file, line = locator.locate(finding)
    page = " ".join(part for part in (finding.url, finding.selector) if part)
    where = view.where(finding.journey, finding.step)
    return {
        "type": "issue",
        "check_name": finding.rule_id,
        "description": f"{finding.message} ({where}{': ' + page if page else ''})",
        "categories": [str(finding.category)],
        "severity": SEVERITIES[finding.severity],
        "fingerprint": print_,
        "location": {"path": file, "lines": {"begin": line or 1}},
    }
