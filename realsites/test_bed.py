"""The bed's own rules, offline: truth files are well-formed, comparisons mark what is off,
and only contract problems fail the run (`make realsites` runs this first)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bed
import run
import truth as gt

HERE = Path(__file__).resolve().parent

RULES = {rule["id"] for path in (HERE.parent / "rules").glob("*.toml")
         for rule in tomllib.loads(path.read_text()).get("rule", [])}
TRUTHS = sorted(Path(__file__).resolve().parent.glob("*/truth.toml"))


def journey(status: str, paths: list[str], fields: int, required: int, reason: str = "") -> dict:
    steps = [{"url": "http://127.0.0.1:1/en" + p} for p in paths]
    return {"name": "checkout", "status": status, "reason": reason, "steps": steps,
            "metrics": {"steps": len(steps), "fields": fields, "required_fields": required}}


SHOP = gt.Truth("checkout", "checkout", "guard", "Place order", [
    {"path": "/catalogue/"}, {"path": "/basket/", "optional": True},
    {"path": "/checkout/", "fields": 5, "required": 4}, {"path": "/checkout/preview/"}],
    {"late-fee": "false: shipping is free", "confirm-field": "true: asked twice"},
    ["confirm-field"])


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.parent.name)
def test_truth_files_are_complete(path):
    truths = gt.load(path)
    assert truths
    for t in truths.values():
        assert t.kind in ("signup", "checkout") and t.end in ("guard", "verification", "account")
        assert all(s["path"].startswith("/") and "fields" in s and "required" in s
                   for s in t.screens)
        assert all(s["required"] <= s["fields"] for s in t.screens)
        assert {v.split(":", 1)[0] for v in t.judge.values()} <= {"true", "false"}
        assert all(k.split("@")[0] in RULES for k in t.judge), set(t.judge) - RULES
        assert all(t.judge.get(rule, "").startswith("true") for rule in t.expect)


@pytest.mark.parametrize("name", [p.parent.name for p in TRUTHS])
def test_every_app_with_a_truth_is_run_and_has_flows(name):
    assert name in bed.APPS
    assert list((Path(__file__).resolve().parent / name / "flows").glob("*.toml"))


def test_guard_stop_on_the_last_screen_within_one_step_matches():
    row = gt.compare(gt.Row("shop", "checkout", "en", "autopilot", "stopped"), SHOP,
                     journey("stopped", ["/catalogue/", "/checkout/", "/checkout/preview/"], 5, 4),
                     [{"rule_id": "late-fee", "severity": "serious", "journey": "checkout"},
                      {"rule_id": "jargon", "severity": "moderate", "journey": "checkout"}])
    assert (row.end, row.steps, row.fields, row.ok) == ("yes", "3/3-4", "5/5", True)
    assert row.false_serious == 1
    assert row.findings == "2 (0 true, 1 false, 1 ?), missed: confirm-field"


def test_counts_off_or_wrong_end_are_marked():
    far = gt.compare(gt.Row("shop", "checkout", "en", "autopilot", "stopped"), SHOP,
                     journey("stopped", ["/catalogue/"] * 6 + ["/checkout/preview/"], 6, 4), [])
    assert far.steps.endswith("!") and far.fields == "6/5 !" and not far.ok
    early = gt.compare(gt.Row("shop", "checkout", "en", "autopilot", "failed"), SHOP,
                       journey("failed", ["/catalogue/", "/checkout/"], 5, 4), [])
    assert early.end == "no" and not early.ok
    completed = journey("completed", ["/catalogue/", "/checkout/", "/checkout/preview/"], 5, 4)
    assert not gt.reached_end(SHOP, completed)  # an order placed is not "stopped by the guard"


def test_a_judgement_can_name_one_element():
    shop = gt.Truth("c", "checkout", "guard", "", [{"path": "/"}],
                    {"field-label@password": "false: disabled", "field-label": "true: none"})
    said = [gt.verdict(shop, {"rule_id": "field-label", "evidence": f"input “{name}”"})
            for name in ("password", "quantity")]
    assert said == ["false", "true"]
    assert gt.verdict(shop, {"rule_id": "jargon", "evidence": "x"}) == "?"


def test_only_contract_problems_fail():
    assert run.problems_of(0, "", {"journeys": []}, 0, allowed=False) == []
    assert run.problems_of(3, "cannot be audited", None, 0, allowed=False) == []
    assert run.problems_of(0, "", {}, 1, allowed=False) == [
        "1 order(s) created without --allow-irreversible"]
    assert run.problems_of(0, "", {}, 1, allowed=True) == []
    crash = "Traceback (most recent call last):\n  ...\nKeyError: 'x'"
    assert run.problems_of(1, crash, {}, 0, allowed=False) == ["traceback: KeyError: 'x'"]
    caught = "audit: internal error: AttributeError: 'X' has no 'y' — a bug; please report it"
    assert run.problems_of(3, caught, None, 0, allowed=False) == [caught]
    assert run.problems_of(0, "", None, 0, allowed=False) == ["exit 0 without report.json"]
    assert run.problems_of(2, "audit: bad flag", None, 0, False)[0].startswith("usage error")


def test_a_skipped_app_is_a_row_with_its_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("FRICTIONAUDIT_REALSITES_CACHE", str(tmp_path))
    (row,) = run.audit_app("shuup", ["en"], tmp_path)
    assert row.status == "skipped" and "Python 3.8" in row.note and not row.problems
    assert "skipped" in run.table([row])


def test_a_path_with_a_query_is_looked_for_in_the_whole_url():
    wiki = gt.Truth("signup", "signup", "account", "", [
        {"path": "/index.php?title=Main_Page"},
        {"path": "/index.php?title=Special:CreateAccount"}])
    base = "http://127.0.0.1:1/index.php?title="
    done = {"status": "completed", "steps": [{"url": base + "Special%3ACreateAccount&x=1"}]}
    assert gt.reached_end(wiki, done)
    home = {"status": "completed", "steps": [{"url": base + "Main_Page"}]}
    assert not gt.reached_end(wiki, home)


def test_missing_debian_packages_skip_unless_root(tmp_path, monkeypatch):
    monkeypatch.setattr(bed, "missing_debs", lambda packages: list(packages))
    monkeypatch.setattr(bed.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(bed.shutil, "which", lambda name: "/usr/bin/" + name)
    with pytest.raises(bed.Skip, match="needs the Debian packages mediawiki: run as root"):
        bed.apt(["mediawiki"], tmp_path)
    monkeypatch.setattr(bed.shutil, "which", lambda name: None)
    with pytest.raises(bed.Skip, match="no apt-get"):
        bed.apt(["mediawiki"], tmp_path)
    monkeypatch.setattr(bed, "missing_debs", lambda packages: [])
    bed.apt(["mediawiki"], tmp_path)  # all installed: nothing to do, no apt-get needed
