"""Benchmark: where a journey audit's time goes, phase by phase, in-process.

    .venv/bin/python bench/profile_journey.py                  # flow audit, 3 rounds
    .venv/bin/python bench/profile_journey.py --mode autopilot --rounds 1

Runs `frictionaudit audit URL --flow docs/examples/demo-smooth-checkout.toml` (or the
autopilot's checkout, `--mode autopilot`) against the demo shop in this process, with timers
wrapped around the recorder's and the audit's phases. Each phase's time is its own (exclusive:
a wrapped call inside another is counted once, in the inner phase), so the rows add up to the
whole. Appends one JSON line to bench/results.jsonl and rewrites the `phases` table in
bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import statistics
import tempfile
import threading
import time
from pathlib import Path

from benchlib import append_result, stamp, write_section

T0 = time.perf_counter()
# The commands imported here: cli.main then starts the driver in Browsers, where it is timed.
from frictionaudit import audit, browser, cli, commands  # noqa: E402,F401  (the import is measured)
from frictionaudit.drive import autopilot, autopilot_overlays, flow  # noqa: E402
from frictionaudit.record import navigation, recorder  # noqa: E402

IMPORT_S = time.perf_counter() - T0
from playwright.sync_api import Page  # noqa: E402

from frictionaudit.demo import DemoShop  # noqa: E402

FLOW = Path(__file__).resolve().parent.parent / "docs" / "examples" / "demo-smooth-checkout.toml"
# (owner, attribute, phase): what each wrapped call stands for.
WRAPS = (
    (audit, "load_rules", "rule loading (imports the checks and their libraries)"),
    (browser.Browsers, "__enter__", "Playwright driver start"),
    (browser.Browsers, "get", "Chromium launch"),
    (browser.Browsers, "__exit__", "Chromium and driver stop"),
    (flow, "run_step", "flow actions (Playwright clicks, fills)"),
    (autopilot, "read_screen", "autopilot: its own read of each screen (annotation, parse)"),
    (autopilot_overlays.Overlays, "clear", "autopilot: overlay and cookie-banner handling"),
    (navigation.NavigationWatch, "wait_pending", "wait for a pending navigation"),
    (Page, "wait_for_load_state", "load-state waits (the recorder's settle, the autopilot's)"),
    (recorder.Recorder, "_wait_loaded", "document load wait (after a navigation)"),
    (recorder.Recorder, "_settled_signature",
     "settle + signature (DOM quiet 50 ms while it changes, fetch/XHR answered)"),
    (recorder.Recorder, "checkpoint", "step bookkeeping"),
    (recorder.Recorder, "_read_page", "annotation + probes (page JS, HTML transfer)"),
    (recorder.Recorder, "_save_snapshot", "snapshot: redact, write, parse"),
    (recorder, "secret_fields", "screenshot mask lookup"),
    (recorder, "too_tall", "screenshot height probe"),
    (recorder.Recorder, "_screenshot", "screenshot (JPEG; full page unless it fits the viewport)"),
    (recorder.Recorder, "finish", "journey finish (drain, last checkpoint)"),
    (audit, "follow_contact_links", "reachability follow-ups (contact links)"),
    (audit.Audit, "_end_screenshot", "end screenshot"),
    (audit.Audit, "record", "contexts, start page load, driver logic and actions"),
    (audit.Audit, "report", "checks, scoring, gate"),
    (audit, "write_reports", "report writing (json, html, md)"),
)


class Timers:
    """Exclusive time per phase: time inside a wrapped call, minus wrapped calls inside it.
    A phase run in another thread (rule loading, beside the browser's start) overlaps the main
    thread's: it is kept apart (`beside`), out of the sum."""

    def __init__(self) -> None:
        self.own: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.beside: set[str] = set()
        self._local = threading.local()  # per thread: time spent in children of each open call

    def wrap(self, fn, phase: str):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            stack = self._local.__dict__.setdefault("stack", [])
            if threading.current_thread() is not threading.main_thread():
                self.beside.add(phase)
            stack.append(0.0)
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start
                inner = stack.pop()
                self.own[phase] = self.own.get(phase, 0.0) + spent - inner
                self.calls[phase] = self.calls.get(phase, 0) + 1
                if stack:
                    stack[-1] += spent
        return timed


@contextlib.contextmanager
def instrumented(timers: Timers):
    saved = [(owner, name, vars(owner)[name]) for owner, name, _ in WRAPS]
    for owner, name, raw in saved:
        phase = next(p for o, n, p in WRAPS if (o, n) == (owner, name))
        if isinstance(raw, staticmethod):
            setattr(owner, name, staticmethod(timers.wrap(raw.__func__, phase)))
        else:
            setattr(owner, name, timers.wrap(raw, phase))
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def one_round(url: str, mode: str) -> tuple[dict[str, float], dict[str, int], float]:
    timers = Timers()
    with tempfile.TemporaryDirectory() as tmp, instrumented(timers):
        how = ["--flow", str(FLOW)] if mode == "flow" else ["--journey", "checkout",
                                                             "--allow-irreversible"]
        start = time.perf_counter()
        code = cli.main(["audit", url, *how, "--out", tmp, "--format", "json,html,md"])
        total = time.perf_counter() - start
    if code not in (0, 1):
        raise SystemExit(f"the audit exited {code}")
    for phase in timers.beside:
        timers.own[f"{phase} [in a thread, beside the rest]"] = timers.own.pop(phase)
        timers.calls[f"{phase} [in a thread, beside the rest]"] = timers.calls.pop(phase)
    timers.own["other (CLI, config, unwrapped)"] = total - sum(
        s for p, s in timers.own.items() if not p.endswith("beside the rest]"))
    return timers.own, timers.calls, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mode", choices=["flow", "autopilot"], default="flow")
    args = parser.parse_args()
    runs = []
    with DemoShop(variant="smooth", lang="en") as shop:
        for _ in range(args.rounds):
            runs.append(one_round(shop.url, args.mode))
    phases = {p for own, _, _ in runs for p in own}
    median = {p: statistics.median(own.get(p, 0.0) for own, _, _ in runs) for p in phases}
    total = statistics.median(t for _, _, t in runs)
    calls = runs[-1][1]
    first, first_total = runs[0][0], runs[0][2]
    lines = [f"Last run: {stamp()}; {args.mode} audit of the demo checkout, {args.rounds} "
             f"rounds in one process (package import {IMPORT_S:.2f} s, not counted). The first "
             "round pays what a command pays once (lazy imports, caches); the median is warm.",
             "", "| phase | calls | first round s | median s | share of median |",
             "|---|---:|---:|---:|---:|"]
    for phase, s in sorted(median.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {phase} | {calls.get(phase, '')} | {first.get(phase, 0.0):.2f} | "
                     f"{s:.2f} | {s / total:.0%} |")
    lines.append(f"| **total** | | **{first_total:.2f}** | **{total:.2f}** | |")
    text = "\n".join(lines)
    print(text)
    append_result("phases", {"mode": args.mode, "rounds": args.rounds, "total_s": round(total, 2),
                             "first_total_s": round(first_total, 2),
                             "first_s": {p: round(s, 3) for p, s in first.items()},
                             "import_s": round(IMPORT_S, 2), "calls": calls,
                             "median_s": {p: round(s, 3) for p, s in median.items()}})
    write_section(f"phases-{args.mode}", text)


if __name__ == "__main__":
    main()
