"""JUnit XML: the failures are exactly the gate's; other findings are passing tests with output;
names say journey, rule and step; times are the steps' own."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from frictionaudit.gate import failures
from frictionaudit.model import Gate
from frictionaudit.report import write_reports
from frictionaudit.report.junit import render_junit


def failed(root: ET.Element) -> dict[str, ET.Element]:
    return {c.get("name"): c.find("failure") for c in root.iter("testcase")
            if c.find("failure") is not None}


def test_failures_are_exactly_the_gates_failures(report_dir):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["junit"])
    root = ET.parse(path).getroot()
    gate = failures(report.gate)
    assert len(gate) == 5  # a budget line, a new serious finding, a metric and two scores
    assert int(root.get("failures")) == len(failed(root)) == len(gate)
    assert sorted(f.get("message") for f in failed(root).values()) == sorted(
        f.message for f in gate)
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["signup", "checkout", "site"]
    for suite in suites.values():
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert all(c.get("classname") == f"frictionaudit.{suite.get('name')}" for c in cases)


def test_names_say_journey_rule_and_step_and_times_are_step_times(report_dir):
    report, _ = report_dir
    root = ET.fromstring(render_junit(report))
    names = {c.get("name"): c for c in root.iter("testcase")}
    new = names["checkout › control.preticked-consent › step 1 (/checkout/1)"]
    assert new.find("failure").get("type") == "regression"
    assert "#news" in new.find("failure").get("message")  # the element is named
    assert new.get("time") == "1.500"  # the step's seconds
    budget = names["checkout › budget: steps"]
    assert budget.find("failure").get("type") == "budget"
    assert budget.get("time") == "6.000"  # a journey-wide line takes the journey's time
    late = names["checkout › transparency.late-costs › step 3 (/checkout/3)"]
    assert late.find("failure") is None  # critical, but the gate does not fail on it
    assert "critical" in late.findtext("system-out")


def test_a_passing_gate_has_no_failure_however_many_findings(report_dir):
    report, _ = report_dir
    passing = report.model_copy(update={"gate": Gate()})
    root = ET.fromstring(render_junit(passing))
    assert root.get("failures") == "0" and not failed(root)
    outputs = "\n".join(c.findtext("system-out") or "" for c in root.iter("testcase"))
    assert all(f.message in outputs for f in report.findings)


def test_moderate_findings_are_output_with_their_evidence(report_dir):
    report, _ = report_dir
    root = ET.fromstring(render_junit(report))
    case = next(c for c in root.iter("testcase") if "effort.paste-blocked" in c.get("name"))
    assert case.find("failure") is None
    assert "Passwort | <b>bold</b>" in case.findtext("system-out")


def test_characters_xml_cannot_hold_do_not_break_the_file(report_dir):
    report, _ = report_dir
    findings = [f.model_copy(update={"evidence": "bell\x07 nul\x00 ok"}) for f in report.findings]
    root = ET.fromstring(render_junit(report.model_copy(update={"findings": findings})))
    assert "bell\ufffd nul\ufffd ok" in ET.tostring(root, encoding="unicode")


def test_what_fail_on_leaves_out_is_listed_as_passing_with_the_reason(report_dir):
    """A budget breach under `--fail-on regression` still shows on the CI page, not failed."""
    report, _ = report_dir
    gate = report.gate.model_copy(update={"fail_on": ["regression"]})
    root = ET.fromstring(render_junit(report.model_copy(update={"gate": gate})))
    names = {c.get("name"): c for c in root.iter("testcase")}
    budget = names["checkout › budget: steps"]
    assert budget.find("failure") is None
    assert budget.findtext("system-out").startswith("does not fail the gate (fail on: regression)")
    assert int(root.get("failures")) == len(failures(gate)) == 4
    assert {f.get("type") for f in failed(root).values()} == {"regression"}
