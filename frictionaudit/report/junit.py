"""JUnit XML, the test-result format every CI server can show.

The failures are exactly the gate's (`gate.failures`): a pipeline that is green has a JUnit
report with no failure, and a red one lists each reason as a failing test named after its
journey, rule and step. Every other finding is a passing test with the findings in its output,
so a CI page still lists them; so is what `--fail-on` leaves out (a budget breach under
`--fail-on regression`, say), with "does not fail the gate" in its output. Times are the steps'
own seconds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlsplit

from frictionaudit.gate import FAIL_ON, Failure, failures
from frictionaudit.model import Finding, Journey, Report, Step
from frictionaudit.report import view

SITE = "site"
# Characters XML 1.0 cannot carry at all; page text may hold them, and one would spoil the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_junit(report: Report) -> str:
    """One <testsuite> per journey, plus "site" for what belongs to no journey."""
    root = ET.Element("testsuites", name=report.tool.name)
    failed = failures(report.gate)
    everything = report.gate.model_copy(update={"fail_on": list(FAIL_ON)})
    noted = [f for f in failures(everything) if f not in failed]
    names = [j.name for j in report.journeys] + [f.journey for f in report.findings]
    names += [f.journey for f in failed + noted]
    for name in dict.fromkeys(names):
        root.append(_suite(report, name, [f for f in failed if f.journey == name],
                           [f for f in noted if f.journey == name]))
    for count in ("tests", "failures", "errors"):
        root.set(count, str(sum(int(suite.get(count, "0")) for suite in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _suite(report: Report, name: str | None, failed: list[Failure],
           noted: list[Failure]) -> ET.Element:
    journey = next((j for j in report.journeys if j.name == name), None)
    label = SITE if name is None else name
    suite = ET.Element("testsuite", name=_text(label),
                       timestamp=report.started_at.isoformat(timespec="seconds"),
                       time=view.num(journey.metrics.seconds if journey else 0))
    properties = ET.SubElement(suite, "properties")
    facts = {"target": report.target, "gate preset": report.gate.preset}
    if journey:
        facts |= {"kind": journey.kind, "status": journey.status, "reason": journey.reason,
                  "device": journey.device}
    for key, value in facts.items():
        ET.SubElement(properties, "property", name=key, value=_text(value))
    classname = _text(f"{report.tool.name}.{label}")
    groups: dict[tuple, list[Finding]] = {}
    for f in report.findings:
        if f.journey == name:
            groups.setdefault((f.rule_id, f.step), []).append(f)
    seen: Counter[str] = Counter()
    for failure in failed:
        hits = groups.pop((failure.subject, failure.step), [])
        case = _case(suite, classname, _name(label, failure.subject, journey, failure.step, seen),
                     _seconds(journey, failure.step))
        body = "\n".join(map(_line, hits)) or failure.message
        element = ET.SubElement(case, "failure", message=_text(failure.message),
                                type=_text(failure.kind))
        element.text = _text(body)
    for item in noted:
        hits = groups.pop((item.subject, item.step), [])
        case = _case(suite, classname, _name(label, item.subject, journey, item.step, seen),
                     _seconds(journey, item.step))
        lines = [f"does not fail the gate (fail on: {', '.join(report.gate.fail_on) or 'nothing'}"
                 f"): {item.message}", *map(_line, hits)]
        ET.SubElement(case, "system-out").text = _text("\n".join(lines))
    for (rule_id, step), hits in groups.items():
        case = _case(suite, classname, _name(label, rule_id, journey, step, seen),
                     _seconds(journey, step))
        ET.SubElement(case, "system-out").text = _text("\n".join(map(_line, hits)))
    passed = [o.rule_id for o in report.outcomes if o.journey == name and o.result == "passed"]
    for rule_id in dict.fromkeys(passed):
        _case(suite, classname, _name(label, rule_id, journey, None, seen), 0.0)
    suite.set("tests", str(len(suite.findall("testcase"))))
    suite.set("failures", str(len(suite.findall("testcase/failure"))))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def _name(label: str, subject: str, journey: Journey | None, step: int | None,
          seen: Counter[str]) -> str:
    """"checkout › late-fee › step 3 (/checkout/review)", unique within its suite."""
    parts = [label, subject]
    if step is not None:
        found = _step(journey, step)
        path = urlsplit(found.url).path if found and found.url else ""
        parts.append(f"step {step}" + (f" ({path})" if path else ""))
    name = " › ".join(parts)
    seen[name] += 1
    return name if seen[name] == 1 else f"{name} #{seen[name]}"


def _seconds(journey: Journey | None, step: int | None) -> float:
    """The step's own time; a journey-wide line takes the journey's."""
    if journey is None:
        return 0.0
    if step is None:
        return journey.metrics.seconds
    found = _step(journey, step)
    return found.seconds if found else 0.0


def _step(journey: Journey | None, index: int) -> Step | None:
    return next((s for s in journey.steps if s.index == index), None) if journey else None


def _case(suite: ET.Element, classname: str, name: str, seconds: float) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=_text(name),
                         time=f"{seconds:.3f}")


def _line(finding: Finding) -> str:
    parts = [f"[{finding.severity}] {view.where(finding.journey, finding.step)}"]
    parts += [part for part in (finding.url, finding.selector) if part]
    line = " ".join(parts) + f": {finding.message}"
    return line + (f" — “{finding.evidence}”" if finding.evidence else "")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)
