"""Benchmark: journey audits side by side with their yardsticks, in the same run, as commands.

    .venv/bin/python bench/bench_journeys.py                 # 3 rounds
    .venv/bin/python bench/bench_journeys.py --rounds 5 --skip lighthouse

Each round runs, against the demo shop (smooth, English) on 127.0.0.1, in an order rotated
from round to round:

- flow_audit: `frictionaudit audit URL --flow docs/examples/demo-smooth-checkout.toml`
  (recording, snapshots, screenshots, every rule, json+html+md);
- replay: bench/replay.py, the same flow in bare Playwright on the same Chromium;
- autopilot_audit: `frictionaudit audit URL --journey checkout --allow-irreversible`;
- demo_audit: `frictionaudit demo --variant both` (both shops, signup and checkout each), for
  its time and peak memory, in the first round only; it has no yardstick;
- lighthouse and pa11y (axe runner): ONE page, the shop's home page, with the same Chromium
  (bench/node_modules, installed by `make bench`; skipped with a message when absent);
- with `--baseline REV`: flow_audit_base and autopilot_audit_base, the same two audits by the
  package as it was at git revision REV (extracted to a temporary folder), paired with the
  working tree's, and each pair's reports compared apart from timings (a speed-up must not
  change what is found).

Ratios are taken within a round (the machine may be loaded; a pair shares its conditions) and
their median is compared with the targets. Each command's process tree is sampled every 0.3 s
for peak memory: the command's own process, its Chromium processes and the whole tree, as PSS
(proportional set size: a page shared by n processes counts 1/n in each, so sums are honest;
RSS where the system has no PSS), and its CPU seconds (user + system of every process of the
tree as last sampled): on a loaded machine wall time grows with everyone else's work, CPU time
far less, so the CPU ratio says what the audit itself costs. Appends one JSON line to
bench/results.jsonl and rewrites the `journeys` table in bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from benchlib import append_result, stamp, write_section

from frictionaudit.browser import QUIET_FLAGS, find_browser
from frictionaudit.demo import DemoShop

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
FLOW = ROOT / "docs" / "examples" / "demo-smooth-checkout.toml"
BIN = Path(sys.executable).parent
NODE_BIN = BENCH / "node_modules" / ".bin"
CHROME_FLAGS = ["--headless", "--no-sandbox", *QUIET_FLAGS[:4]]
SUBJECTS = ("flow_audit", "replay", "autopilot_audit", "demo_audit", "lighthouse", "pa11y")
BASE_SUBJECTS = ("flow_audit_base", "autopilot_audit_base")  # with --baseline REV
# (subject, yardstick, target ratio): the acceptance figures.
PAIRS = (("flow_audit", "replay", 1.3), ("autopilot_audit", "lighthouse", 0.25),
         ("autopilot_audit", "pa11y", 1.5), ("flow_audit", "lighthouse", 0.25),
         ("flow_audit", "pa11y", 1.5))
ONCE = {"demo_audit"}  # unpaired: measured in the first round only
BASE_PAIRS = (("flow_audit", "flow_audit_base", 1.0), ("autopilot_audit", "autopilot_audit_base",
                                                      1.0))
OK_CODES = {"flow_audit": (0, 1), "autopilot_audit": (0, 1), "demo_audit": (0, 1),
            "flow_audit_base": (0, 1), "autopilot_audit_base": (0, 1),
            "pa11y": (0, 2)}  # 1/2: findings
# The package of another revision, run with the editable install of this checkout set aside.
BASE_LAUNCHER = '''import sys
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, {root!r})
from frictionaudit.cli import main
sys.exit(main())
'''
SAME = {True: "identical (timings aside)", False: "**differ**"}
TIMINGS = {"seconds", "started_at", "finished_at"}  # what may differ between two equal audits


def command(subject: str, url: str, out: Path, base: Path | None = None) -> list[str]:
    tail = ["audit", url, "--out", str(out), "--format", "json,html,md"]
    audit = [str(BIN / "frictionaudit"), *tail]
    based = [sys.executable, str(base / "launch.py"), *tail] if base else []
    return {
        "flow_audit": [*audit, "--flow", str(FLOW)],
        "replay": [sys.executable, str(BENCH / "replay.py"), url, str(FLOW)],
        "autopilot_audit": [*audit, "--journey", "checkout", "--allow-irreversible"],
        "flow_audit_base": [*based, "--flow", str(FLOW)],
        "autopilot_audit_base": [*based, "--journey", "checkout", "--allow-irreversible"],
        "demo_audit": [str(BIN / "frictionaudit"), "demo", "--variant", "both", "--out", str(out),
                       "--format", "json,html,md"],
        "lighthouse": [str(NODE_BIN / "lighthouse"), url + "/", "--quiet", "--output", "json",
                       "--output-path", str(out / "lighthouse.json"),
                       "--chrome-flags=" + " ".join(CHROME_FLAGS)],
        "pa11y": [str(NODE_BIN / "pa11y"), "--config", str(BENCH / "pa11y.json"),
                  "--reporter", "json", url + "/"],
    }[subject]


def extract(rev: str, into: Path) -> Path:
    """The package and rule packs of git revision `rev` under `into`, with a launcher."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "frictionaudit", "rules"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "launch.py").write_text(BASE_LAUNCHER.format(root=str(into)), encoding="utf-8")
    return into


def available(subject: str) -> str:
    """Why `subject` cannot run here, or ''."""
    if subject in ("lighthouse", "pa11y") and not (NODE_BIN / subject).exists():
        if shutil.which("npm") is None:
            return "npm not found (with Node.js and npm, `make bench` installs it)"
        return "not installed: `make bench` installs it under bench/node_modules with npm"
    return ""


class PeakMemory:
    """Peak PSS (MB) of a process, of the Chromium processes below it, and of its whole tree;
    and the CPU seconds the tree used (user + system of each process as last sampled: what a
    loaded machine cannot inflate the way it inflates wall time; a process living less than a
    sampling interval is missed)."""

    def __init__(self, proc: subprocess.Popen):
        self.root = psutil.Process(proc.pid)
        self.peak = {"process_mb": 0.0, "chromium_mb": 0.0, "tree_mb": 0.0}
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.3):
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            sizes = {"process_mb": 0.0, "chromium_mb": 0.0, "tree_mb": 0.0}
            for p in tree:
                try:
                    rss = _pss(p) / 2**20
                    name = p.name()
                    times = p.cpu_times()
                except psutil.Error:
                    continue
                self.cpu[p.pid] = times.user + times.system
                sizes["tree_mb"] += rss
                if p is self.root:
                    sizes["process_mb"] = rss
                elif "chrom" in name or "headless" in name:
                    sizes["chromium_mb"] += rss
            for k, v in sizes.items():
                self.peak[k] = max(self.peak[k], round(v, 1))

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        return {**self.peak, "cpu_s": round(sum(self.cpu.values()), 2)}


def _pss(p: psutil.Process) -> int:
    try:
        return p.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return p.memory_info().rss


def run(subject: str, url: str, env: dict, base: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        proc = subprocess.Popen(command(subject, url, out, base), env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        memory = PeakMemory(proc)
        stdout, stderr = proc.communicate(timeout=900)
        seconds = time.perf_counter() - start
        peak = memory.stop()
        result = {"seconds": round(seconds, 2), **peak}
        if proc.returncode not in OK_CODES.get(subject, (0,)):
            result["error"] = f"exit {proc.returncode}: {(stderr or stdout).strip()[-300:]}"
        elif "_audit" in subject:
            result.update(screens(out))
    return result


def screens(out: Path) -> dict:
    """Screens recorded and how the journeys ended: a fast audit that stopped early is no win."""
    journeys = [j for report in sorted(out.rglob("report.json"))
                for j in json.loads(report.read_text(encoding="utf-8"))["journeys"]]
    reports = [_untimed(json.loads(r.read_text(encoding="utf-8")))
               for r in sorted(out.rglob("report.json"))]
    digest = hashlib.sha256(json.dumps(reports, sort_keys=True).encode()).hexdigest()[:12]
    return {"screens": sum(len(j["steps"]) for j in journeys),
            "status": ",".join(j["status"] for j in journeys), "report": digest}


def _untimed(data):
    """A report without its timings: two audits that found the same things are equal."""
    if isinstance(data, dict):
        return {k: _untimed(v) for k, v in data.items() if k not in TIMINGS}
    return [_untimed(v) for v in data] if isinstance(data, list) else data


def summarise(rounds: list[dict[str, dict]]) -> tuple[list[dict], dict]:
    pairs = []
    for subject, yardstick, target in (*PAIRS, *BASE_PAIRS):
        both = [r for r in rounds if "seconds" in r.get(subject, {})
                and "seconds" in r.get(yardstick, {})
                and "error" not in r[subject] and "error" not in r[yardstick]]
        ratios = [r[subject]["seconds"] / r[yardstick]["seconds"] for r in both]
        cpu = [r[subject]["cpu_s"] / r[yardstick]["cpu_s"] for r in both
               if r[yardstick].get("cpu_s")]
        if ratios:
            median = statistics.median(ratios)
            same = [r[subject].get("report") == r[yardstick].get("report") for r in both]
            pairs.append({"subject": subject, "yardstick": yardstick, "target": target,
                          "same_reports": all(same) if yardstick in BASE_SUBJECTS else None,
                          "ratios": [round(x, 2) for x in ratios], "median": round(median, 2),
                          "met": median <= target, "cpu_ratios": [round(x, 2) for x in cpu],
                          "cpu_median": round(statistics.median(cpu), 2) if cpu else None})
    medians = {}
    for subject in (*SUBJECTS, *BASE_SUBJECTS):
        runs = [r[subject] for r in rounds if subject in r and "error" not in r[subject]]
        if runs:
            medians[subject] = {k: round(statistics.median(x[k] for x in runs), 2)
                                for k in ("seconds", "cpu_s", "process_mb", "chromium_mb",
                                          "tree_mb") if all(k in x for x in runs)}
            medians[subject].update({k: runs[-1][k] for k in ("screens", "status")
                                     if k in runs[-1]})
    return pairs, medians


def table(pairs: list[dict], medians: dict, rounds: int, skipped: dict[str, str]) -> str:
    lines = [f"Last run: {stamp()}; {rounds} rounds.", "",
             "| pair | ratio per round (wall) | median | target | met | CPU ratio per round | "
             "CPU median | reports |", "|---|---|---:|---:|---|---|---:|---|"]
    for p in pairs:
        cpu = p.get("cpu_ratios") or []
        cpu_median = f"{p['cpu_median']:.2f}×" if cpu else ""
        lines.append(f"| {p['subject']} / {p['yardstick']} | "
                     f"{', '.join(f'{x:.2f}' for x in p['ratios'])} | {p['median']:.2f}× | "
                     f"≤ {p['target']}× | {'yes' if p['met'] else '**no**'} | "
                     f"{', '.join(f'{x:.2f}' for x in cpu)} | {cpu_median} | "
                     f"{SAME.get(p.get('same_reports'), '')} |")
    lines += ["", "| command | median s | median CPU s | screens | process MB | Chromium MB | "
              "tree MB |", "|---|---:|---:|---:|---:|---:|---:|"]
    for subject, m in medians.items():
        lines.append(f"| {subject} | {m['seconds']:.1f} | {m.get('cpu_s', 0):.1f} | "
                     f"{m.get('screens', '')} | {m['process_mb']:.0f} | {m['chromium_mb']:.0f} | "
                     f"{m['tree_mb']:.0f} |")
    lines += ["", *(f"- {s} skipped: {why}" for s, why in skipped.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], choices=SUBJECTS)
    parser.add_argument("--baseline", metavar="REV",
                        help="also run both audits as at git revision REV, paired with these")
    args = parser.parse_args()
    chrome = find_browser()
    env = {**os.environ, "CHROME_PATH": chrome or "", "PUPPETEER_EXECUTABLE_PATH": chrome or "",
           "PUPPETEER_SKIP_DOWNLOAD": "1"}
    skipped = {s: "--skip" for s in args.skip}
    skipped.update({s: why for s in SUBJECTS if s not in skipped and (why := available(s))})
    for subject, why in skipped.items():
        print(f"{subject}: skipped ({why})", file=sys.stderr)
    subjects = [s for s in SUBJECTS if s not in skipped]
    rounds: list[dict[str, dict]] = []
    with tempfile.TemporaryDirectory() as tmp, DemoShop(variant="smooth", lang="en") as shop:
        base = extract(args.baseline, Path(tmp)) if args.baseline else None
        if base is not None:
            subjects += [s for s in BASE_SUBJECTS if s.removesuffix("_base") in subjects]
        for n in range(args.rounds):
            order = subjects[n % len(subjects):] + subjects[:n % len(subjects)]
            results = {}
            for subject in (s for s in order if n == 0 or s not in ONCE):
                results[subject] = run(subject, shop.url, env, base)
                print(f"round {n + 1} {subject:16} {json.dumps(results[subject])}", flush=True)
            rounds.append(results)
    pairs, medians = summarise(rounds)
    text = table(pairs, medians, args.rounds, skipped)
    print(text)
    append_result("journeys", {"rounds": rounds, "pairs": pairs, "medians": medians,
                               "skipped": skipped, "baseline": args.baseline})
    write_section("journeys", text)


if __name__ == "__main__":
    main()
