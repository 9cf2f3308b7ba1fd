"""End to end on one machine: demo shops and broken sites batched with --workers 2 (a Dask
LocalCluster); each report must equal a single `audit` of the same shop."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from conftest import assert_same_reports, site_file

from frictionaudit import cli
from frictionaudit.batch.index import BatchIndex

pytestmark = pytest.mark.e2e


def test_batch_on_two_workers_matches_single_audits(demo_shops, broken_sites, single_audits,
                                                   tmp_path, capsys):
    sites = site_file(tmp_path / "sites.toml", demo_shops, broken_sites)
    slow_url = demo_shops["smooth-fr"][0]  # audited, but stopped by its time limit
    sites.write_text(sites.read_text(encoding="utf-8") + "[[site]]\nname = \"too-slow\"\n"
                     f'url = "{slow_url}/"\njourneys = ["signup"]\ntime_limit = 2\n',
                     encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["batch", str(sites), "--workers", "2", "--out", str(out)])
    assert code == 1  # broken sites are not a pass

    assert_same_reports(out, single_audits, demo_shops)
    data = json.loads((out / "index.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, BatchIndex.model_json_schema())
    index = BatchIndex.model_validate(data)
    assert index.complete and index.exit_code == 1
    by_slug = {e.slug: e for e in index.sites}

    audited = [e for e in index.sites if e.status == "audited"]
    assert {e.slug for e in audited} == set(demo_shops)
    overall = {slug: report["scores"]["overall"] for slug, report in single_audits.items()}
    assert [e.slug for e in audited] == sorted(overall, key=lambda s: (-overall[s], s))
    for e in audited:
        assert e.ranks["overall"] == 1 + sum(v > overall[e.slug] for v in overall.values())
        assert e.scores.overall == overall[e.slug]
        assert (out / e.report).is_file()
    assert by_slug["smooth-fr"].ranks["overall"] == 1  # smooth beats rough

    failed = {e.slug: e.reason for e in index.sites if e.status == "failed"}
    assert set(failed) == {*broken_sites, "too-slow"}
    assert failed["too-slow"] == "time limit of 2 s reached"
    assert re.search(r"no answer in [\d.]+ s", failed["hangs"]), failed["hangs"]
    assert "500" in failed["error-500"]
    assert "401" in failed["basic-auth"] and "credentials" in failed["basic-auth"]
    assert "not audited: " in index.verdict

    best = {m.metric: m for m in index.sector}
    assert best["overall"].best == max(overall.values())
    assert best["overall"].primary == overall["smooth-fr"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "<script" not in html
    assert html.count("<svg") >= 5 and "against its competitors" in html
    md = (out / "index.md").read_text(encoding="utf-8")
    assert "| rule |" in md and "hangs" in md
