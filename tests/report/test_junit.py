"""JUnit XML: a suite per journey, a case per rule, failures only for serious and up."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from frictionaudit.report import write_reports
from frictionaudit.report.junit import render_junit


def test_suites_cases_and_failures_are_counted_right(report_dir):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["junit"])
    root = ET.parse(path).getroot()
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["signup", "checkout", "site"]
    rules = len(report.rules)

    def failed(suite):
        return sorted(
            c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None
        )

    assert failed(suites["signup"]) == ["effort.too-many-fields"]
    assert failed(suites["checkout"]) == [
        "budget:steps",
        "control.preticked-consent",
        "effort.forced-account",
        "transparency.late-costs",
    ]
    assert failed(suites["site"]) == ["baseline:new-findings", "transparency.no-contact"]
    assert [int(suites[n].get("tests")) for n in suites] == [rules, rules + 1, rules + 1]
    for suite in suites.values():
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len(failed(suite))
        assert all(c.get("classname") == f"frictionaudit.{suite.get('name')}" for c in cases)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites.values())
    assert int(root.get("failures")) == 7


def test_moderate_and_minor_findings_are_output_not_failures(report_dir):
    report, _ = report_dir
    root = ET.fromstring(render_junit(report))
    case = root.find("testsuite[@name='signup']/testcase[@name='effort.paste-blocked']")
    assert case.find("failure") is None
    assert "Passwort | <b>bold</b>" in case.findtext("system-out")
    late = root.find("testsuite[@name='checkout']/testcase[@name='transparency.late-costs']")
    assert late.find("failure").get("message").startswith("2 serious or critical finding(s)")


def test_characters_xml_cannot_hold_do_not_break_the_file(report_dir):
    report, _ = report_dir
    findings = [f.model_copy(update={"evidence": "bell\x07 nul\x00 ok"}) for f in report.findings]
    root = ET.fromstring(render_junit(report.model_copy(update={"findings": findings})))
    assert "bell\ufffd nul\ufffd ok" in ET.tostring(root, encoding="unicode")
