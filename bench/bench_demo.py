"""Benchmark: wall time of a demo audit, split into browser start, driving, checks and writing.

    make bench                      # both variants, English, 3 rounds
    .venv/bin/python bench/bench_demo.py --rounds 5 --lang fr

Prints a table and appends one JSON line per run to bench/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from frictionaudit import __version__
from frictionaudit.audit import Audit, AuditOptions
from frictionaudit.browser import launched
from frictionaudit.commands import flow_plan
from frictionaudit.demo import DemoShop
from frictionaudit.demo.journeys import demo_flows
from frictionaudit.report.writer import write_reports

PHASES = ("browser_start", "driving", "checks", "report_writing", "total")


def one_round(variant: str, lang: str, out: Path) -> dict[str, float]:
    times = dict.fromkeys(PHASES, 0.0)
    start = time.perf_counter()
    with DemoShop(variant=variant, lang=lang) as shop:
        audit = Audit(shop.url, AuditOptions(out_dir=out), autosave=False)
        t = time.perf_counter()
        with launched() as browser:
            times["browser_start"] = time.perf_counter() - t
            for journey in demo_flows(variant):
                t = time.perf_counter()
                audit.record(browser, flow_plan(journey, shop.url, True))
                times["driving"] += time.perf_counter() - t
            t = time.perf_counter()
            report = audit.report()  # checks and scores
            times["checks"] = time.perf_counter() - t
            t = time.perf_counter()
            write_reports(report, out, ["json", "html", "md"])
            times["report_writing"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--variant", action="append", choices=["rough", "smooth"])
    args = parser.parse_args()
    variants = args.variant or ["rough", "smooth"]
    rows = {}
    for variant in variants:
        runs = []
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                runs.append(one_round(variant, args.lang, Path(tmp)))
        rows[variant] = {p: round(statistics.median(r[p] for r in runs), 2) for p in PHASES}
    print(f"{'variant':8} " + " ".join(f"{p:>15}" for p in PHASES))
    for variant, row in rows.items():
        print(f"{variant:8} " + " ".join(f"{row[p]:>14.2f}s" for p in PHASES))
    record = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "version": __version__,
              "lang": args.lang, "rounds": args.rounds, "machine": platform.machine(),
              "cpus": __import__("os").cpu_count(), "median_seconds": rows}
    with (Path(__file__).parent / "results.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
