"""Benchmark: journeys side by side (`--jobs 2`) against one after another (`--jobs 1`).

    .venv/bin/python bench/bench_lanes.py --rounds 3

Whole `frictionaudit demo` commands on the rough demo shop, paired within each round (the
order alternates): its two journeys on one device, on two devices (four journeys), and over a
throttled network (a real site's latency, where journeys wait more than they compute). Wall
seconds of the command, and the CPU seconds of it and every process it started (Chromium's
included), read from /proc before and after. Prints a table, appends to results.jsonl and
rewrites the `lanes` section of bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import append_result, stamp, write_section

CASES = {
    "rough demo, 2 journeys": [],
    "rough demo, 2 devices (4 journeys)": ["--device", "Desktop", "--device", "iPhone 13"],
    # a site across a network: the journeys wait on it more than they compute
    "rough demo, 2 journeys, --throttle fast-3g": ["--throttle", "fast-3g"],
}


def busy_cpu_s() -> float:
    """CPU seconds the whole machine spent busy so far (the command's browsers are not its
    children once Playwright's driver has launched them, so its own rusage misses them)."""
    with open("/proc/stat", encoding="ascii") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def one(jobs: int, extra: list[str]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "frictionaudit", "demo", "--variant", "rough", "--jobs",
               str(jobs), "--out", out, "--format", "json,html,md", *extra]
        cpu, start = busy_cpu_s(), time.monotonic()
        subprocess.run(cmd, check=True, capture_output=True)
        return time.monotonic() - start, busy_cpu_s() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = {}
    for case, extra in CASES.items():
        runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for r in range(args.rounds):
            for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):
                runs[jobs].append(one(jobs, extra))
        med = {j: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
               for j, v in runs.items()}
        ratios = [b[0] / a[0] for a, b in zip(runs[1], runs[2], strict=True)]
        rows[case] = {"serial_s": round(med[1][0], 2), "lanes_s": round(med[2][0], 2),
                      "serial_cpu_s": round(med[1][1], 1), "lanes_cpu_s": round(med[2][1], 1),
                      "ratio": round(statistics.median(ratios), 2),
                      "ratios": [round(x, 2) for x in ratios]}
        print(case, rows[case], flush=True)
    append_result("lanes", {"rounds": args.rounds, "cases": rows})
    lines = [f"Median of {args.rounds} paired rounds, {stamp()}, load "
             f"{os.getloadavg()[0]:.1f} after:", "",
             "| case | --jobs 1 | --jobs 2 | ratio (per pair) | machine CPU s (1 / 2) |",
             "|---|---:|---:|---|---:|"]
    lines += [f"| {case} | {r['serial_s']} s | {r['lanes_s']} s | {r['ratio']}x "
              f"({', '.join(map(str, r['ratios']))}) | {r['serial_cpu_s']} / {r['lanes_cpu_s']}"
              " |" for case, r in rows.items()]
    write_section("lanes", "\n".join(lines))


if __name__ == "__main__":
    main()
