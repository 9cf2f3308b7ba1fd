"""Benchmark: `scan` throughput on real saved pages, and the check time of one page.

    .venv/bin/python bench/bench_scan.py            # 65 pages of tests/data/real-pages
    .venv/bin/python bench/bench_scan.py --rounds 5
    .venv/bin/python bench/bench_scan.py --baseline 6fd2004   # and that revision, paired

A first scan of every page, not timed, builds the table cache (frictionaudit/tablecache.py:
the language identifier, syllable and hyphenation tables, each language's word frequencies)
as any first run on a machine does. Each round then scans every page with one worker and with
one per core, in turn, as whole processes (what a user runs), and checks that both reports
agree; with `--quiet-below LOAD` a round starts only once the machine's one-minute load
average is below LOAD (waiting up to `--wait` seconds; other users' load moves wall time by a
factor of ten on a shared machine, and the load of each round is recorded). Besides
wall time it counts the CPU seconds of each scan's whole process tree (start-up, imports,
workers), which a shared, loaded machine disturbs much less. It then times parsing and
checking each page of about 150 KB in this process (the figure the issue's target names).
Prints a table and appends one JSON line to bench/results.jsonl.

With `--baseline REV` every scan is paired with the same scan by git revision REV's package
(extracted to a temporary folder), the two in alternating order, each ratio taken within its
round, and the two reports' findings and scores compared: on a shared machine the ratio of a
pair says more than either wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from frictionaudit import __version__
from frictionaudit.check.engine import run_checks
from frictionaudit.check.pages import SavedPage, default_jobs, page_view
from frictionaudit.check.rules import load_rules

HERE = Path(__file__).resolve().parent
PAGES = sorted((HERE.parent / "tests" / "data" / "real-pages").glob("*.html"))
CLI = [sys.executable, "-m", "frictionaudit"]
TARGET = 20  # pages/s on two cores (issue 14)


def scan(jobs: int, out: Path, cli: list[str] = CLI) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the scan's process and its workers) of one scan."""
    before = _children_cpu()
    start = time.perf_counter()
    subprocess.run([*cli, "scan", *map(str, PAGES), "--jobs", str(jobs), "--format", "json",
                    "--preset", "none", "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - before


def paired(rounds: int, jobs: int, base_cli: list[str], tmp: Path) -> dict:
    """This working tree's scans against the baseline's, alternating, ratios within a round."""
    pairs: dict[str, list] = {"serial": [], "parallel": []}
    same = True
    for i in range(rounds):
        for label, workers in (("serial", 1), ("parallel", jobs)):
            runs = {}
            for who in (("new", "base") if i % 2 == 0 else ("base", "new")):
                out = tmp / f"{who}-{label}-{i}"
                runs[who] = scan(workers, out, CLI if who == "new" else base_cli)
            pairs[label].append((runs["new"][0] / runs["base"][0],
                                 runs["new"][1] / runs["base"][1]))
            same &= outcome(tmp / f"new-{label}-{i}") == outcome(tmp / f"base-{label}-{i}")
    return {f"{label}_{kind}_ratio": [round(r[k], 2) for r in ratios]
            for label, ratios in pairs.items() for k, kind in ((0, "wall"), (1, "cpu"))
            } | {"findings_same": same}


def quiet(below: float | None, wait: float) -> float:
    """The 1-minute load average once it is below `below` (or `wait` seconds have passed)."""
    deadline = time.monotonic() + wait
    while below is not None and os.getloadavg()[0] >= below and time.monotonic() < deadline:
        time.sleep(5)
    return round(os.getloadavg()[0], 1)


def outcome(out: Path) -> tuple:
    """What a speed-up must not change: the findings and the scores."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report["findings"], report["scores"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def findings(out: Path) -> list:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))["findings"]


def check_seconds(path: Path, rules) -> float:
    """Parse and check one page in this process, best of three (language models warm)."""
    html = path.read_text(encoding="utf-8", errors="replace")
    page = SavedPage(html, path.as_uri(), str(path), path.name, "p.html")
    run_checks([page_view(page)], rules)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        run_checks([page_view(page)], rules)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", metavar="REV",
                        help="also scan with this git revision, paired with each scan")
    parser.add_argument("--quiet-below", type=float, metavar="LOAD",
                        help="start each round once the 1-minute load average is below LOAD")
    parser.add_argument("--wait", type=float, default=600, metavar="SECONDS",
                        help="the longest wait for a quiet machine per round (default 600)")
    args = parser.parse_args()
    jobs = default_jobs()
    serial, parallel, serial_cpu, parallel_cpu, ratios, round_loads = [], [], [], [], [], []
    load_before = [round(x, 1) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        scan(jobs, Path(tmp) / "warm")  # untimed: the tables of every language met are built
        for i in range(args.rounds):
            round_loads.append(quiet(args.quiet_below, args.wait))
            wall, cpu = scan(1, Path(tmp) / f"s{i}")
            serial.append(wall)
            serial_cpu.append(cpu)
            wall, cpu = scan(jobs, Path(tmp) / f"p{i}")
            parallel.append(wall)
            parallel_cpu.append(cpu)
            ratios.append(serial[-1] / parallel[-1])  # within a round: the same conditions
            assert findings(Path(tmp) / f"s{i}") == findings(Path(tmp) / f"p{i}")
        baseline = {}
        if args.baseline:
            from bench_journeys import extract

            (Path(tmp) / "base").mkdir()
            base = extract(args.baseline, Path(tmp) / "base")
            base_cli = [sys.executable, str(base / "launch.py")]
            baseline = {"baseline": args.baseline, **paired(args.rounds, jobs, base_cli,
                                                             Path(tmp))}
    rules = load_rules()
    mid = [p for p in PAGES if 120_000 <= p.stat().st_size <= 180_000]
    per_page = {p.name: round(check_seconds(p, rules), 3) for p in mid}
    n = len(PAGES)
    row = {
        "bench": "scan", "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": __version__, "machine": platform.machine(), "cpus": os.cpu_count(),
        "load_avg": round(os.getloadavg()[0], 1), "load_before": load_before,
        "load_after": [round(x, 1) for x in os.getloadavg()], "pages": n,
        "mbytes": round(sum(p.stat().st_size for p in PAGES) / 1e6, 1), "rounds": args.rounds,
        "serial_s": round(statistics.median(serial), 2),
        "parallel_s": round(statistics.median(parallel), 2), "jobs": jobs,
        "pages_per_s_serial": round(n / statistics.median(serial), 1),
        "pages_per_s_parallel": round(n / statistics.median(parallel), 1),
        "cpu_s_serial": round(statistics.median(serial_cpu), 2),
        "cpu_s_parallel": round(statistics.median(parallel_cpu), 2),
        "cpu_s_per_page_serial": round(statistics.median(serial_cpu) / n, 3),
        "cpu_s_per_page_parallel": round(statistics.median(parallel_cpu) / n, 3),
        "speedup_per_round": [round(r, 2) for r in ratios], "load_per_round": round_loads,
        "check_cpu_s_150kb": per_page, **baseline,
    }
    print(f"scan of {n} real pages ({row['mbytes']} MB), median of {args.rounds} rounds, "
          f"load average {load_before} before, {row['load_after']} after:")
    print(f"  1 worker : {row['serial_s']:6.2f} s  {row['pages_per_s_serial']:5.1f} pages/s  "
          f"{row['cpu_s_serial']:6.2f} CPU s  {row['cpu_s_per_page_serial']:.3f} CPU s/page")
    print(f"  {jobs} workers: {row['parallel_s']:6.2f} s  "
          f"{row['pages_per_s_parallel']:5.1f} pages/s  {row['cpu_s_parallel']:6.2f} CPU s  "
          f"{row['cpu_s_per_page_parallel']:.3f} CPU s/page")
    print(f"  serial/parallel wall, per round: {row['speedup_per_round']}  "
          f"(1-minute load at each round's start: {round_loads})")
    print(f"  target {TARGET} pages/s with {jobs} workers: "
          f"{'met' if row['pages_per_s_parallel'] >= TARGET else 'not met'}")
    if baseline:
        print(f"  against {args.baseline} (this tree / baseline, per round; wall, then CPU):")
        for label in ("serial", "parallel"):
            print(f"    {label:8s} wall {baseline[label + '_wall_ratio']}  "
                  f"CPU {baseline[label + '_cpu_ratio']}")
        print(f"    findings and scores the same: {baseline['findings_same']}")
    print("  parse + checks of one ~150 KB page (CPU s, best of 3):")
    for name, seconds in per_page.items():
        print(f"    {name:32s} {seconds:.3f}")
    with (HERE / "results.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
