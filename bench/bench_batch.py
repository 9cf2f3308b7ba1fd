"""Benchmark: one batch of demo shops run serially, on a 2-worker LocalCluster, and on a
2-worker Dask cluster started as separate processes (`dask scheduler`, `dask worker`).

    .venv/bin/python bench/bench_batch.py               # 8 sites, both journeys each
    .venv/bin/python bench/bench_batch.py --sites 4 --modes serial,local

For each mode: wall time, speed-up over serial, seconds per site, and the peak memory of each
worker (its process plus its Playwright driver and Chromium, RSS summed, so pages shared
between Chromium processes count more than once). From the serial per-site cost it prints a
paper estimate of the cluster for 10,000 sites. Appends one JSON line to bench/results.jsonl.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

from frictionaudit import __version__, cli
from frictionaudit.batch.index import BatchIndex
from frictionaudit.demo import DemoShop
from frictionaudit.demo.journeys import demo_flow_paths

SHOPS = list(itertools.product(("rough", "smooth"), ("en", "fr", "de")))
MODES = ("serial", "local", "cluster")


class PeakMemory:
    """Samples this process's child trees every 0.2 s: peak RSS (MB) of each worker's tree,
    keyed by the worker's pid; in serial mode the worker is this process."""

    def __init__(self, serial: bool):
        self.serial = serial
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.2):
            roots = [me] if self.serial else [p for p in me.children() if _is_worker(p)]
            for root in roots:
                try:
                    tree = [root, *root.children(recursive=True)]
                    rss = sum(_rss(p) for p in tree) / 2**20
                except psutil.Error:
                    continue
                self.peaks[root.pid] = max(self.peaks.get(root.pid, 0.0), rss)


def _rss(proc: psutil.Process) -> int:
    try:
        return proc.memory_info().rss
    except psutil.Error:
        return 0


def _is_worker(proc: psutil.Process) -> bool:
    try:
        cmd = " ".join(proc.cmdline())
    except psutil.Error:
        return False
    return "spawn_main" in cmd or " worker " in f" {cmd} "


def site_file(path: Path, shops: list[DemoShop]) -> Path:
    lines = []
    for i, shop in enumerate(shops):
        flows = ", ".join(f'"{p}"' for p in demo_flow_paths(shop.variant))
        lines += ["[[site]]", f'name = "{shop.variant}-{shop.lang}-{i}"', f'url = "{shop.url}"',
                  f"flows = [{flows}]", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_mode(mode: str, sites: Path, out: Path, scheduler: str | None) -> dict:
    args = ["batch", str(sites), "--out", str(out)]
    args += {"serial": ["--workers", "1"], "local": ["--workers", "2"],
             "cluster": ["--scheduler", scheduler or ""]}[mode]
    with PeakMemory(serial=mode == "serial") as memory:
        start = time.perf_counter()
        code = cli.main(args)
        wall = time.perf_counter() - start
    index = BatchIndex.model_validate_json((out / "index.json").read_text(encoding="utf-8"))
    audited = [e for e in index.sites if e.status == "audited"]
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return {"exit_code": code, "wall_s": round(wall, 1), "audited": len(audited),
            "site_s_mean": round(sum(e.seconds for e in audited) / max(1, len(audited)), 1),
            "peak_mb_per_worker": sorted(round(v) for v in memory.peaks.values()),
            "output_mb": round(size / 2**20, 1),
            "scores": {e.slug: e.scores.overall for e in audited if e.scores}}


def start_cluster(logs: Path) -> tuple[str, list[subprocess.Popen]]:
    from distributed import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}

    def start(name: str, *args: str) -> subprocess.Popen:
        log = (logs / f"{name}.log").open("wb")
        return subprocess.Popen([dask, *args], stdout=log, stderr=log, env=env)

    procs = [start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                   "--no-dashboard")]
    procs += [start(f"worker{i}", "worker", address, "--nthreads", "1", "--no-nanny",
                    "--no-dashboard", "--host", "127.0.0.1") for i in range(2)]
    with Client(address, timeout="60s") as client:
        client.wait_for_workers(2, timeout=120)
    return address, procs


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        try:
            for child in [*psutil.Process(proc.pid).children(recursive=True)]:
                child.kill()
        except psutil.Error:
            pass
        proc.kill()
        proc.wait(timeout=10)


def estimate(per_site_s: float, peak_mb: float, sites: int = 10_000) -> dict:
    """Worker-hours for `sites`, and the workers needed to finish in 8 h and in 1 h."""
    worker_hours = sites * per_site_s / 3600
    return {"sites": sites, "per_site_s": round(per_site_s, 1),
            "worker_hours": round(worker_hours, 1),
            "workers_for_8h": max(1, round(worker_hours / 8 + 0.5)),
            "workers_for_1h": max(1, round(worker_hours + 0.5)),
            "memory_gb_per_worker": round(peak_mb / 1024, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=8)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--no-record", action="store_true", help="do not append to results")
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m in MODES]
    combos = list(itertools.islice(itertools.cycle(SHOPS), args.sites))
    shops = [DemoShop(variant, lang).start() for variant, lang in combos]
    results, procs = {}, []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sites = site_file(Path(tmp) / "sites.toml", shops)
            for mode in modes:
                scheduler = None
                if mode == "cluster":
                    scheduler, procs = start_cluster(Path(tmp))
                results[mode] = run_mode(mode, sites, Path(tmp) / mode, scheduler)
                stop(procs)
                procs = []
                print(mode, json.dumps(results[mode]), flush=True)
    finally:
        stop(procs)
        for shop in shops:
            shop.stop()
    serial = results.get("serial")
    for row in results.values():
        row["speedup"] = round(serial["wall_s"] / row["wall_s"], 2) if serial else None
        row["same_scores_as_serial"] = serial is None or row["scores"] == serial["scores"]
    peak = max((v for r in results.values() for v in r["peak_mb_per_worker"]), default=0)
    paper = estimate(serial["wall_s"] / serial["audited"], peak) if serial else None
    print(f"{'mode':8} {'wall s':>8} {'speed-up':>9} {'s/site':>7} {'peak MB/worker':>16}")
    for mode, row in results.items():
        print(f"{mode:8} {row['wall_s']:>8} {row['speedup'] or '':>9} {row['site_s_mean']:>7} "
              f"{', '.join(map(str, row['peak_mb_per_worker'])):>16}")
    if paper:
        print("10,000 sites:", json.dumps(paper))
    record = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "bench": "batch",
              "version": __version__, "sites": args.sites, "machine": platform.machine(),
              "cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 1),
              "results": {m: {k: v for k, v in r.items() if k != "scores"}
                          for m, r in results.items()},
              "estimate_10k": paper}
    if args.no_record:
        return
    with (Path(__file__).parent / "results.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
