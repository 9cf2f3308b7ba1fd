"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Code scanning only shows results located at files of the checkout (a URI relative to it), so
each result points at the file that drives its page (see `frictionaudit.sources`): a `[sarif]
routes` entry matching the URL path, else the flow file or config entry of its journey (with
the line), else the fallback file, else the page's URL path under `pages/` (code scanning
refuses an upload with a result located nowhere). The page itself (URL, step, element) is in
the message, the logical location and the properties. Fingerprints use rule, journey, URL path
(no host, no port), element and occurrence, so alerts survive new hosts, ports and inserted
steps.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from frictionaudit.model import Finding, Report, RuleInfo, Severity
from frictionaudit.report import view

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {
    Severity.critical: "error",
    Severity.serious: "error",
    Severity.moderate: "warning",
    Severity.minor: "note",
}
# GitHub's bands: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {
    Severity.critical: "9.5",
    Severity.serious: "7.5",
    Severity.moderate: "5.0",
    Severity.minor: "2.0",
}
FINGERPRINT = "frictionaudit/v2"
PROJECT_URI = "https://pypi.org/project/frictionaudit/"


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
    locator = Locator(report)
    prints = fingerprints(report.findings)
    results = [_result(f, index[f.rule_id], locator, p)
               for f, p in zip(report.findings, prints, strict=True)]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": report.tool.name,
                        "version": report.tool.version,
                        "informationUri": PROJECT_URI,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "invocations": [invocation],
                "results": results,
                "properties": {
                    "target": report.target,
                    "scores": report.scores.model_dump(),
                    "gatePassed": report.gate.passed,
                    "gatePreset": report.gate.preset,
                },
            }
        ],
    }


def fingerprints(findings: list[Finding]) -> list[str]:
    """One per finding, unique in the report and stable across runs: rule, journey, URL path
    (no scheme, host or port), element, and the occurrence among findings equal in all that."""
    seen: Counter[tuple] = Counter()
    out = []
    for f in findings:
        key = (f.rule_id, f.journey or "", urlsplit(f.url).path if f.url else "", f.selector)
        seen[key] += 1
        text = "\x1f".join([*key, str(seen[key])])
        out.append(hashlib.sha256(text.encode()).hexdigest()[:32])
    return out


class Locator:
    """Finds the repository file (and line) for a finding, from the report's settings."""

    def __init__(self, report: Report):
        settings = report.settings
        self.routes = sorted((_pair(item) for item in _list(settings.get("sarif_routes"))),
                             key=lambda pair: -len(pair[0]))
        self.sources = dict(_pair(item) for item in _list(settings.get("sources")))
        fallback = settings.get("sarif_fallback")
        self.fallback = fallback if isinstance(fallback, str) and fallback else None
        self.target = report.target

    def locate(self, finding: Finding) -> tuple[str, int | None]:
        path = urlsplit(finding.url).path if finding.url else ""
        for pattern, file in self.routes:
            if path and fnmatchcase(path, pattern):
                return file, None
        journey = (finding.journey or "").split(" (")[0]  # "checkout (iPhone 13)"
        source = self.sources.get(journey) or self.sources.get("*")
        if source:
            file, _, line = source.rpartition(":")
            return file, int(line) if line.isdigit() else None
        if self.fallback:
            return self.fallback, None
        return page_uri(finding.url or self.target), None


def page_uri(url: str) -> str:
    """A page as a repository-relative path, for results no file of the checkout drives: code
    scanning refuses a whole upload when one result has no physical location ("expected at least
    one location") or a URI with a scheme. The URL's path only (no host or port, so alerts stay
    put across preview hosts), under `pages/`; the site's root is `pages/index`."""
    path = urlsplit(url).path.strip("/")
    parts = [quote(unquote(part), safe="") for part in path.split("/")
             if part not in ("", ".", "..")]
    return "/".join(["pages", *(parts or ["index"])])


def _rule(rule: RuleInfo) -> dict[str, Any]:
    links = [(ref, view.ref_url(ref)) for ref in rule.refs]
    lines = [f"**{rule.title}**", "", rule.help or rule.title]
    if links:
        lines += ["", "References:"]
        lines += [f"- [{ref}]({url})" if url else f"- {ref}" for ref, url in links]
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in re.split(r"[^0-9A-Za-z]+", rule.id)),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.help or rule.title},
        "help": {"text": rule.help or rule.title, "markdown": "\n".join(lines)},
        "helpUri": next((url for _, url in links if url), PROJECT_URI),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "category": str(rule.category),
            "severity": str(rule.severity),
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "problem.severity": {"error": "error", "warning": "warning"}.get(
                LEVELS[rule.severity], "recommendation"),
            "tags": ["trust-friction", str(rule.category)],
            "refs": rule.refs,
        },
    }
    return descriptor


def _result(finding: Finding, rule_index: int, locator: Locator, print_: str) -> dict[str, Any]:
    where = view.where(finding.journey, finding.step)
    page = " ".join(part for part in (finding.url, finding.selector) if part)
    file, line = locator.locate(finding)
    physical: dict[str, Any] = {"artifactLocation": {"uri": file}}
    if line:
        physical["region"] = {"startLine": line}
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.selector:
        location["logicalLocations"] = [{"name": finding.selector, "kind": "element"}]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message} ({where}{': ' + page if page else ''})"},
        "partialFingerprints": {FINGERPRINT: print_, "primaryLocationLineHash": print_},
        "properties": {
            key: value
            for key, value in {
                "url": finding.url,
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
    result["locations"] = [location]
    return result


def _pair(item: str) -> tuple[str, str]:
    key, _, value = item.partition("=")
    return key, value


def _list(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, as SARIF asks; a report without a zone is taken as UTC."""
    aware = moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
