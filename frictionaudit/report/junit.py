"""JUnit XML, the test-result format every CI server can show.

Each journey is a suite and each rule a test case in it, so a CI page shows which rule broke on
which journey. Serious and critical findings fail a case; moderate and minor ones are listed in
its output without failing it. Every budget breach is a failing case of its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from frictionaudit.model import Breach, Comparison, Finding, Report
from frictionaudit.report import view

SITE = "site"
# Characters XML 1.0 cannot carry at all; page text may hold them, and one would spoil the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_junit(report: Report) -> str:
    """One <testsuite> per journey, plus "site" for what belongs to no journey."""
    root = ET.Element("testsuites", name=report.tool.name)
    for name, findings, breaches in _buckets(report):
        root.append(_suite(report, name, findings, breaches))
    for count in ("tests", "failures", "errors"):
        root.set(count, str(sum(int(suite.get(count, "0")) for suite in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _buckets(report: Report) -> list[tuple[str | None, list[Finding], list[Breach]]]:
    """Findings and breaches per journey, in report order; None holds the journey-less ones."""
    names: list[str | None] = [journey.name for journey in report.journeys]
    names += [f.journey for f in report.findings] + [b.journey for b in report.gate.breaches]
    if report.gate.comparison:
        names.append(None)
    return [
        (
            name,
            [f for f in report.findings if f.journey == name],
            [b for b in report.gate.breaches if b.journey == name],
        )
        for name in dict.fromkeys(names)
    ]


def _suite(
    report: Report, name: str | None, findings: list[Finding], breaches: list[Breach]
) -> ET.Element:
    journey = next((j for j in report.journeys if j.name == name), None)
    label = SITE if name is None else name
    suite = ET.Element(
        "testsuite",
        name=_text(label),
        timestamp=report.started_at.isoformat(timespec="seconds"),
        time=view.num(journey.metrics.seconds if journey else 0),
    )
    properties = ET.SubElement(suite, "properties")
    facts = {"target": report.target}
    if journey:
        facts |= {
            "kind": journey.kind,
            "status": journey.status,
            "reason": journey.reason,
            "device": journey.device,
        }
    for key, value in facts.items():
        ET.SubElement(properties, "property", name=key, value=_text(value))
    classname = _text(f"{report.tool.name}.{label}")
    for rule in view.rules_of(report):
        _rule_case(suite, classname, rule.id, [f for f in findings if f.rule_id == rule.id])
    for breach in breaches:
        case = _case(suite, classname, f"budget:{breach.budget}")
        _fail(
            case,
            breach.message,
            f"limit {view.num(breach.limit)}, actual {view.num(breach.actual)}",
            "budget",
        )
    if name is None and report.gate.comparison:
        _baseline_case(suite, classname, report.gate.comparison)
    suite.set("tests", str(len(suite.findall("testcase"))))
    suite.set("failures", str(len(suite.findall("testcase/failure"))))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def _rule_case(suite: ET.Element, classname: str, rule_id: str, findings: list[Finding]) -> None:
    case = _case(suite, classname, rule_id)
    failing = [f for f in findings if f.severity in view.FAILING]
    passing = [f for f in findings if f.severity not in view.FAILING]
    if failing:
        counts = Counter(f.severity for f in failing)
        summary = ", ".join(f"{counts[s]} {s}" for s in view.SEVERITIES if counts[s])
        worst = next(s for s in view.SEVERITIES if counts[s])
        _fail(
            case,
            f"{len(failing)} serious or critical finding(s): {summary}",
            "\n".join(map(_line, failing)),
            str(worst),
        )
    if passing:
        ET.SubElement(case, "system-out").text = _text("\n".join(map(_line, passing)))


def _baseline_case(suite: ET.Element, classname: str, comparison: Comparison) -> None:
    """New findings against the baseline: the regression half of the CI gate."""
    case = _case(suite, classname, "baseline:new-findings")
    if comparison.new:
        lines = [
            f"[{c.severity}] {c.rule_id} {view.where(c.journey, c.step)} {c.selector}: {c.message}"
            for c in comparison.new
        ]
        _fail(
            case,
            f"{len(comparison.new)} new finding(s) against {comparison.baseline}",
            "\n".join(lines),
            "regression",
        )


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=_text(name), time="0")


def _fail(case: ET.Element, message: str, text: str, kind: str) -> None:
    failure = ET.SubElement(case, "failure", message=_text(message), type=_text(kind))
    failure.text = _text(text)


def _line(finding: Finding) -> str:
    parts = [f"[{finding.severity}] {view.where(finding.journey, finding.step)}"]
    parts += [part for part in (finding.url, finding.selector) if part]
    line = " ".join(parts) + f": {finding.message}"
    return line + (f" — “{finding.evidence}”" if finding.evidence else "")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)
