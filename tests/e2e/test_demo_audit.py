"""End to end: the real browser audits the demo shop on 127.0.0.1, and the report must show
every seeded defect at its step, score the rough shop below the smooth one, and stay valid."""

from __future__ import annotations

from urllib.parse import urlsplit

import jsonschema
import pytest

from frictionaudit.demo import load_manifest
from frictionaudit.model import Report, Severity

pytestmark = pytest.mark.e2e
LANGS = ["en", "fr", "de"]
CATEGORIES = ["overall", "effort", "clarity", "transparency", "control"]


def _reported(report: Report, defect: dict) -> bool:
    return any(
        f.rule_id in defect["rules"] and (f.journey or "").split(" (")[0] == defect["journey"]
        and (defect["path"] == "*" or urlsplit(f.url).path == defect["path"])
        for f in report.findings
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_seeded_defect_is_reported_at_its_step(demo_audit, lang):
    report, _ = demo_audit("rough", lang)
    missing = [f"{d['id']} ({', '.join(d['rules'])} on {d['journey']} {d['path']})"
               for d in load_manifest("rough", device="any") if not _reported(report, d)]
    assert not missing, "not reported:\n  " + "\n  ".join(missing)


@pytest.mark.parametrize("lang", LANGS)
def test_smooth_shop_has_no_critical_or_serious_finding(demo_audit, lang):
    report, _ = demo_audit("smooth", lang)
    bad = [f"{f.rule_id} {f.journey} step {f.step}: {f.message} [{f.evidence}]"
           for f in report.findings if f.severity in (Severity.critical, Severity.serious)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("lang", LANGS)
def test_rough_scores_clearly_below_smooth_in_every_category(demo_audit, lang):
    rough, _ = demo_audit("rough", lang)
    smooth, _ = demo_audit("smooth", lang)
    for name in CATEGORIES:
        r, s = getattr(rough.scores, name), getattr(smooth.scores, name)
        assert r + 10 <= s, f"{lang} {name}: rough {r} vs smooth {s}"


def test_journeys_complete_with_the_expected_shape(demo_audit):
    rough, _ = demo_audit("rough", "en")
    smooth, _ = demo_audit("smooth", "en")
    for report in (rough, smooth):
        assert [j.status for j in report.journeys] == ["completed", "completed"]
    r_checkout = next(j for j in rough.journeys if j.name == "checkout")
    s_checkout = next(j for j in smooth.journeys if j.name == "checkout")
    assert r_checkout.metrics.fields >= 20 > s_checkout.metrics.fields
    assert r_checkout.metrics.steps > s_checkout.metrics.steps
    assert all(s.screenshot and s.snapshot for s in s_checkout.steps)


def test_report_json_validates_against_the_published_schema(demo_audit, tmp_path):
    report, out = demo_audit("rough", "en")
    data = (out / "report.json").read_text(encoding="utf-8")
    import json

    jsonschema.validate(json.loads(data), Report.model_json_schema())
    assert Report.model_validate_json(data).scores == report.scores


def test_no_typed_secret_reaches_any_written_file(demo_audit):
    from frictionaudit.drive.persona import load_persona

    _, out = demo_audit("rough", "en")
    secrets = [s.encode() for s in load_persona("en").secrets()]
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaked = [s for s in secrets if s in data]
            assert not leaked, f"{path.name} contains {leaked}"


def test_journeys_side_by_side_give_the_report_of_one_after_another(demo_audit, tmp_path):
    """`--jobs 2` drives signup and checkout at once, each in its own browser: the report lists
    them in the order planned, with the findings and scores of one journey after another."""
    from frictionaudit.cli import main

    serial, _ = demo_audit("rough")
    assert main(["demo", "--variant", "rough", "--jobs", "2", "--out", str(tmp_path),
                 "--format", "json"]) == 0
    side_by_side = Report.model_validate_json((tmp_path / "rough" / "report.json").read_text())

    def seen(report: Report) -> tuple:
        origin = report.target.rstrip("/")
        journeys = [(j.name, j.status, [(s.url.replace(origin, ""), s.fields_visible, s.clicks)
                                        for s in j.steps]) for j in report.journeys]
        findings = [(f.rule_id, f.journey, f.step, urlsplit(f.url).path, f.selector, f.message)
                    for f in report.findings]
        return journeys, findings, report.scores, report.journey_scores

    assert seen(side_by_side) == seen(serial)
    assert len(side_by_side.journeys) == 2 and side_by_side.findings
    # the report says its timings were taken side by side; one after another says nothing
    assert side_by_side.settings["journeys_at_once"] == 2
    assert "journeys_at_once" not in serial.settings
