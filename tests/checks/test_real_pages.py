"""Real saved pages (tests/data/real-pages, with their source and licence): a scan reads
them all without a traceback, and checking them in worker processes gives the same report as
checking them one after another."""

from __future__ import annotations

import json
from pathlib import Path

from frictionaudit.cli import main

PAGES = sorted((Path(__file__).parent.parent / "data" / "real-pages").glob("*.html"))


def _report(out: Path) -> dict:
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for key in ("started_at", "finished_at"):
        data.pop(key)
    return data


def test_parallel_and_serial_scans_agree(tmp_path):
    small = sorted((p for p in PAGES if p.stat().st_size < 150_000), key=lambda p: p.name)
    pages = [str(p) for p in small[::6]]  # a spread of sizes and languages
    assert len(pages) >= 6
    for jobs in ("1", "2"):
        code = main(["scan", *pages, "--jobs", jobs, "--format", "json", "--preset", "none",
                     "--out", str(tmp_path / jobs)])
        assert code == 0
    serial, parallel = _report(tmp_path / "1"), _report(tmp_path / "2")
    assert [j["name"] for j in parallel["journeys"]] == [Path(p).name for p in pages]
    assert serial["findings"], "real pages give findings"
    assert parallel == serial
