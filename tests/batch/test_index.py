"""The batch's bookkeeping without a browser: rankings, the sector's figures, exit codes,
Ctrl-C keeping what finished, --resume, and the index in its three formats."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
import pytest

from frictionaudit import cli
from frictionaudit.batch import runner
from frictionaudit.batch.index import BatchIndex
from frictionaudit.batch.task import SiteResult
from frictionaudit.model import (
    Finding,
    Gate,
    Journey,
    Metrics,
    Report,
    RuleInfo,
    Scores,
    Step,
    Tool,
)

# url -> (overall score, signup fields, within budget)
SITES = {"https://a.example/": (80, 6, True), "https://b.example/": (55, 14, False),
         "https://c.example/": (80, 9, True), "https://d.example/": (30, 20, True)}


def _report(url: str) -> Report:
    overall, fields, passed = SITES[url]
    rule = RuleInfo(id="form-too-long", category="effort", severity="serious", title="t")
    findings = [Finding(rule_id=rule.id, category="effort", severity="serious", message="m",
                        journey="signup")] * (fields // 5)
    return Report(
        tool=Tool(version="0"), target=url, started_at=datetime.now(UTC),
        scores=Scores(overall=overall, effort=overall - 5, clarity=90, transparency=70,
                      control=overall),
        journeys=[Journey(name="signup", kind="signup", steps=[Step(index=0, url=url)],
                          metrics=Metrics(steps=3, fields=fields, required_fields=fields - 1,
                                          seconds=4.5))],
        findings=findings, rules=[rule], gate=Gate(passed=passed))


def _fake(fail: set[str] = frozenset(), interrupt_at: str | None = None, calls=None):
    def audit_site(task):
        if calls is not None:
            calls.append(task.url)
        if task.url == interrupt_at:
            raise KeyboardInterrupt
        if task.url in fail:
            return SiteResult(task.slug, "failed", "cannot reach it: timed out", seconds=1)
        report = _report(task.url)
        return SiteResult(task.slug, "audited", "", {
            "report.json": report.model_dump_json().encode(), "report.html": b"<html></html>"},
            seconds=2.5, worker="w:1")
    return audit_site


@pytest.fixture
def site_list(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text("".join(f'[[site]]\nurl = "{u}"\nname = "{u[8]}"\nprimary = '
                            f'{"true" if u.startswith("https://c") else "false"}\n'
                            for u in SITES), encoding="utf-8")
    return path


def _index(out) -> BatchIndex:
    data = json.loads((out / "index.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, BatchIndex.model_json_schema())
    return BatchIndex.model_validate(data)


def test_ranks_sector_primary_and_exit_code(site_list, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "audit_site", _fake(fail={"https://d.example/"}))
    out = tmp_path / "out"
    assert cli.main(["batch", str(site_list), "--workers", "1", "--out", str(out)]) == 1
    index = _index(out)
    assert [(e.name, e.ranks.get("overall")) for e in index.sites] == [
        ("a", 1), ("c", 1), ("b", 3), ("d", None)]  # ties share a rank; failed sites last
    assert index.sites[-1].status == "failed" and "timed out" in index.sites[-1].reason
    assert index.verdict == "over budget: b; not audited: d"
    metric = {m.metric: m for m in index.sector}
    assert (metric["overall"].median, metric["overall"].best) == (80, 80)
    assert metric["overall"].best_sites == ["a", "c"]
    fields = metric["signup.fields"]
    assert (fields.median, fields.best, fields.best_sites) == (9, 6, ["a"])
    assert (fields.primary, fields.competitors_median) == (9, 10)
    assert index.primary == "c" and index.complete
    assert [r.id for r in index.rules] == ["form-too-long"]
    assert (out / "a" / "report.json").is_file()
    assert not (out / "d").exists()

    md = (out / "index.md").read_text(encoding="utf-8")
    assert "| 1 | a |" in md and "| 1 | c (client) |" in md and "## c against its competitors" in md
    assert "| `form-too-long` (effort, serious) | 1 | 1 | 2 |" in md
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in html and "<script" not in html and "http-equiv" in html
    assert "prefers-color-scheme: dark" in html and "@media print" in html
    assert 'href="a/report.html"' in html and html.count('role="img"') >= 6


def test_no_site_audited_is_exit_3_and_all_within_budget_is_0(site_list, tmp_path,
                                                              monkeypatch, capsys):
    monkeypatch.setattr(runner, "audit_site", _fake(fail=set(SITES)))
    assert cli.main(["batch", str(site_list), "--workers", "1", "--out",
                     str(tmp_path / "none")]) == 3
    assert _index(tmp_path / "none").verdict == "no site could be audited"
    monkeypatch.setattr(runner, "audit_site", _fake())
    ok = tmp_path / "ok.txt"
    ok.write_text("https://a.example/\nhttps://c.example/\n", encoding="utf-8")
    assert cli.main(["batch", str(ok), "--workers", "1", "--out", str(tmp_path / "ok")]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_ctrl_c_keeps_finished_sites_and_resume_runs_the_rest(site_list, tmp_path,
                                                              monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(runner, "audit_site", _fake(interrupt_at="https://c.example/"))
    assert cli.main(["batch", str(site_list), "--workers", "1", "--out", str(out)]) == 130
    index = _index(out)
    assert not index.complete and index.exit_code == 130
    assert [e.status for e in index.sites] == ["audited", "audited", "not_run", "not_run"]
    kept = (out / "a" / "report.json").stat().st_mtime_ns

    calls: list[str] = []
    monkeypatch.setattr(runner, "audit_site", _fake(calls=calls))
    assert cli.main(["batch", str(site_list), "--workers", "1", "--out", str(out),
                     "--resume"]) == 1
    assert calls == ["https://c.example/", "https://d.example/"]
    assert (out / "a" / "report.json").stat().st_mtime_ns == kept
    index = _index(out)
    assert index.complete and [e.name for e in index.sites] == ["a", "c", "b", "d"]


def test_resume_needs_an_earlier_batch(site_list, tmp_path):
    assert cli.main(["batch", str(site_list), "--resume", "--out", str(tmp_path)]) == 2


def test_index_schema_is_printed(capsys):
    assert cli.main(["schema", "--index"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "sites" in schema["properties"] and "SiteEntry" in schema["$defs"]


@pytest.mark.e2e
def test_axe_finds_no_violation_in_the_index(site_list, tmp_path, monkeypatch, chromium):
    from axe_playwright_python.sync_playwright import Axe

    monkeypatch.setattr(runner, "audit_site", _fake(fail={"https://d.example/"}))
    out = tmp_path / "out"
    cli.main(["batch", str(site_list), "--workers", "1", "--out", str(out)])
    found = {}
    for width, scheme in ((1280, "light"), (390, "dark")):
        context = chromium.new_context(viewport={"width": width, "height": 900},
                                       color_scheme=scheme)
        page = context.new_page()
        page.goto((out / "index.html").as_uri())
        results = Axe().run(page).response
        found[f"{width} {scheme}"] = [f"{v['id']}: {n['target']}"
                                      for v in results["violations"] for n in v["nodes"]]
        context.close()
    assert found == {key: [] for key in found}
