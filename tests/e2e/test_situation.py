"""The customer's situation: devices side by side, throttled networks, protected sites."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from frictionaudit.audit import AuditOptions, run_audit
from frictionaudit.cli import main
from frictionaudit.commands import flow_plan
from frictionaudit.demo import DemoShop, load_manifest
from frictionaudit.demo.journeys import demo_flows
from frictionaudit.situation import ContextSettings

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "docs" / "examples"


def test_phone_and_desktop_side_by_side_find_the_mobile_only_defect(demo_audit):
    report, _ = demo_audit("smooth", "en", ("Desktop", "iPhone 13"))
    names = [j.name for j in report.journeys]
    assert "checkout (Desktop)" in names and "checkout (iPhone 13)" in names
    assert report.settings["devices"] == ["Desktop", "iPhone 13"]
    phone = next(j for j in report.journeys if j.name == "checkout (iPhone 13)")
    assert phone.device == "iPhone 13"
    for defect in load_manifest("smooth", device="mobile"):
        on_phone = [f for f in report.findings if f.rule_id in defect["rules"]
                    and f.device == "iPhone 13" and defect["path"] in f.url]
        on_desktop = [f for f in report.findings if f.rule_id in defect["rules"]
                      and f.device == "Desktop" and defect["path"] in f.url]
        assert on_phone, f"{defect['id']} not found on the phone"
        assert not on_desktop, f"{defect['id']} wrongly found on desktop"
        assert all(f.device_only for f in on_phone)


def test_throttling_changes_seconds_but_not_scores(tmp_path):
    """fast-3g: its 0.56 s a request adds about 6 s to the signup (slow-3g's 2 s, 18 s)."""
    flows = [j for j in demo_flows("smooth") if j.name == "signup"]
    results = {}
    with DemoShop(variant="smooth", lang="en") as shop:
        for throttle in (None, "fast-3g"):
            options = AuditOptions(out_dir=tmp_path / str(throttle),
                                   context=ContextSettings(throttle=throttle))
            results[throttle] = run_audit(shop.url, [flow_plan(j, shop.url, True) for j in flows],
                                          options)
    fast, slow = results[None], results["fast-3g"]
    assert slow.journeys[0].metrics.seconds > fast.journeys[0].metrics.seconds + 1
    assert slow.scores == fast.scores
    assert slow.journeys[0].metrics.steps == fast.journeys[0].metrics.steps


@pytest.fixture
def audit_cli(capsys, monkeypatch) -> Callable[..., subprocess.CompletedProcess]:
    """`frictionaudit audit URL --flow <smooth checkout>` in-process, with `env` set and run
    from the report folder's parent: its exit code, stdout and stderr."""

    def run(url: str, out: Path, env: dict, *extra: str) -> subprocess.CompletedProcess:
        args = ["audit", url, "--flow", str(EXAMPLES / "demo-smooth-checkout.toml"), "--out",
                str(out), "--allow-irreversible", "--format", "json,html,md,sarif,junit", *extra]
        with monkeypatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            patch.chdir(tmp_cwd(out))
            code = main(args)
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, captured.out, captured.err)

    return run


def tmp_cwd(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.parent


def assert_no_secret_in(folder: Path, proc: subprocess.CompletedProcess, *secrets: str) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, f"{secret!r} leaked into {path.name}"
    for secret in secrets:
        assert secret not in proc.stdout + proc.stderr


def test_staging_behind_basic_auth_with_credentials_from_the_environment(tmp_path, audit_cli):
    user, password = "staff", "s3cret-Staging!"
    with DemoShop(variant="smooth", lang="en", basic_auth=(user, password)) as shop:
        denied = audit_cli(shop.url, tmp_path / "denied", {})
        allowed = audit_cli(shop.url, tmp_path / "allowed",
                            {"FRICTIONAUDIT_HTTP_USER": user,
                             "FRICTIONAUDIT_HTTP_PASSWORD": password})
        assert shop.stats["orders_placed"] == 1
    assert allowed.returncode == 0, allowed.stderr
    report = json.loads((tmp_path / "allowed" / "report.json").read_text())
    assert report["journeys"][0]["status"] == "completed"
    assert report["settings"]["access"] == "HTTP basic auth"
    assert_no_secret_in(tmp_path / "allowed", allowed, password)
    assert denied.returncode == 3
    assert "asks for credentials (HTTP 401)" in denied.stderr


def test_site_behind_a_login_form_with_a_login_flow(tmp_path, audit_cli):
    user, password = "member@example.com", "Wall-Pass-123!"
    with DemoShop(variant="smooth", lang="en", login_wall=(user, password)) as shop:
        proc = audit_cli(shop.url, tmp_path / "out",
                         {"FRICTIONAUDIT_LOGIN_USER": user,
                          "FRICTIONAUDIT_LOGIN_PASSWORD": password},
                         "--login-flow", str(ROOT / "tests/data/flows/demo-login.toml"))
        assert shop.stats["orders_placed"] == 1
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    journey = report["journeys"][0]
    assert journey["status"] == "completed", journey["reason"]
    assert "/account/login" not in [s["url"].split("?")[0][-14:] for s in journey["steps"]]
    assert_no_secret_in(tmp_path / "out", proc, password)


def test_a_journeys_own_settings_apply_to_that_journey_only(tmp_path):
    with DemoShop(variant="smooth", lang="en") as shop:
        options = AuditOptions(out_dir=tmp_path,
                               journey_context={"signup": ContextSettings(viewport="400x700")})
        report = run_audit(shop.url, [flow_plan(j, shop.url, True) for j in demo_flows("smooth")],
                           options)
    viewports = {}
    for journey in report.journeys:
        html = (tmp_path / journey.steps[0].snapshot).read_text(encoding="utf-8")
        viewports[journey.name] = json.loads(
            html.split('name="frictionaudit" content="')[1].split('"')[0]
            .replace("&quot;", '"'))["viewport"]
    assert viewports == {"signup": [400, 700], "checkout": [1280, 800]}
