"""SARIF 2.1.0, so code-scanning dashboards and SARIF viewers list friction findings.

Findings live on web pages, not in source lines: each result points at the page URL as its
artifact and names the element as a logical location. A fingerprint from rule, journey, step and
selector lets dashboards follow one finding from run to run.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

from frictionaudit.model import Finding, Report, RuleInfo, Severity
from frictionaudit.report import view

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {
    Severity.critical: "error",
    Severity.serious: "error",
    Severity.moderate: "warning",
    Severity.minor: "note",
}
FINGERPRINT = "frictionaudit/v1"


def render_sarif(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False)


def sarif_log(report: Report) -> dict[str, Any]:
    """The report as a SARIF log with one run."""
    rules = view.rules_of(report)
    index = {rule.id: i for i, rule in enumerate(rules)}
    invocation: dict[str, Any] = {
        "executionSuccessful": True,
        "startTimeUtc": _utc(report.started_at),
    }
    if report.finished_at:
        invocation["endTimeUtc"] = _utc(report.finished_at)
    # A journey the site kept from being audited is the tool's notification, not a result.
    failed = [j for j in report.journeys if j.status == "failed"]
    if failed:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": f"{j.name}: failed: {j.reason}"}}
            for j in failed]
        invocation["executionSuccessful"] = not any(not j.steps for j in failed)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": report.tool.name,
                        "version": report.tool.version,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "invocations": [invocation],
                "results": [
                    _result(finding, index[finding.rule_id]) for finding in report.findings
                ],
                "properties": {
                    "target": report.target,
                    "scores": report.scores.model_dump(),
                    "gatePassed": report.gate.passed,
                },
            }
        ],
    }


def fingerprint(finding: Finding) -> str:
    """Stable across runs: the same rule on the same element of the same step."""
    key = "\x1f".join([finding.rule_id, finding.journey or "", str(finding.step), finding.selector])
    return hashlib.sha256(key.encode()).hexdigest()


def _rule(rule: RuleInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in re.split(r"[^0-9A-Za-z]+", rule.id)),
        "shortDescription": {"text": rule.title},
        "help": {"text": rule.help or rule.title},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "category": str(rule.category),
            "severity": str(rule.severity),
            "tags": ["trust-friction", str(rule.category)],
            "refs": rule.refs,
        },
    }
    if uri := next((ref for ref in rule.refs if view.is_http(ref)), None):
        descriptor["helpUri"] = uri
    return descriptor


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if finding.url:
        location["physicalLocation"] = {"artifactLocation": {"uri": finding.url}}
    if finding.selector:
        location["logicalLocations"] = [{"name": finding.selector, "kind": "element"}]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "partialFingerprints": {FINGERPRINT: fingerprint(finding)},
        "properties": {
            key: value
            for key, value in {
                "journey": finding.journey,
                "step": finding.step,
                "selector": finding.selector,
                "evidence": finding.evidence,
                "category": str(finding.category),
                "severity": str(finding.severity),
                "device": finding.device,
            }.items()
            if value not in (None, "")
        },
    }
    if location:
        result["locations"] = [location]
    return result


def _utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, as SARIF asks; a report without a zone is taken as UTC."""
    aware = moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
