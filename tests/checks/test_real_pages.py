"""Real saved pages (tests/data/real-pages, with their source and licence): a scan reads
them all without a traceback, and checking them in worker processes gives the same report as
checking them one after another."""

from __future__ import annotations

import io
import json
import threading
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

from frictionaudit import commands
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


def test_every_page_checked_advances_the_progress_once(tmp_path, monkeypatch):
    pages = [str(p) for p in sorted(PAGES, key=lambda p: p.stat().st_size)[:4]]
    seen = []

    @contextmanager
    def counting(console, total):
        ticks = []
        yield lambda: ticks.append(1)
        seen.append((total, len(ticks)))

    monkeypatch.setattr(commands, "pages_progress", counting)
    for jobs in ("1", "2"):
        assert main(["scan", *pages, "--jobs", jobs, "--format", "json", "--preset", "none",
                     "--out", str(tmp_path / jobs)]) == 0
    assert seen == [(4, 4), (4, 4)]


def test_the_progress_bar_shows_on_a_terminal_only():
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    with commands.pages_progress(terminal, 3) as done:
        for _ in range(3):
            done()
    assert "checking pages" in terminal.file.getvalue() and "3/3" in terminal.file.getvalue()
    log = Console(file=io.StringIO(), force_terminal=False)
    with commands.pages_progress(log, 3) as done:
        done()
    assert log.file.getvalue() == ""


def test_the_bar_on_a_terminal_starts_no_thread_before_the_workers_fork(monkeypatch):
    """A thread running when the pool starts would make the workers start from a fork server
    that loads every module and model again."""
    from frictionaudit.check import pages
    from frictionaudit.check.rules import load_rules

    threads_then = []
    real = pages._context
    monkeypatch.setattr(pages, "_context", lambda: threads_then.append(
        threading.active_count()) or real())
    small = sorted(PAGES, key=lambda p: p.stat().st_size)[:4]
    saved = [pages.SavedPage(p.read_text(encoding="utf-8"), p.as_uri(), str(p), p.name, "s.html")
             for p in small]
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    before = threading.active_count()
    with commands.pages_progress(terminal, len(saved)) as done:
        checked = pages.check_pages(saved, load_rules(), [], 2, done)
    assert len(threads_then) == 1 and threads_then[0] <= before and len(checked) == 4
    assert "4/4" in terminal.file.getvalue()
