"""Issue 16's tables, re-runnable: every hostile page audited and scanned under the issue's wall
limits (audit 300 s, scan 120 s; a run still going then is killed: ✗), then the signal series
on a demo audit. Prints both tables in Markdown (docs/hostile-results.md holds a run).

    .venv/bin/python bench/hostile_table.py [--jobs 2] [--only dom,text] [--no-faults]
        [--no-signals]

Each run is the real command line in a process of its own, with the tool's default options.
Recorded: exit code, seconds, each journey's status and reason, whether report.json is valid
against the schema, a traceback on stderr, Chromium processes of the run still alive after it,
and the tool's peak memory (VmHWM of the Python process, read while it runs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile.helpers import browsers_of, valid_report  # noqa: E402
from hostile.server import hostile_shop  # noqa: E402

LIMITS = {"audit": 300, "scan": 120}
# (what the page does, the path audited, the path scanned)
FAULTS = [
    ("the start page never answers (headers never sent)", "/fault/hang", "/fault/hang"),
    ("a later step never answers", "/shop/hang", "/shop/hang"),
    ("a dialog storm (alert in a loop)", "/fault/dialogs", "/fault/dialogs"),
    ("50,000-element DOM", "/fault/dom", "/fault/dom"),
    ("5 MB of text", "/fault/text", "/fault/text"),
    ("a script that never yields on the start page", "/fault/busy", "/fault/busy"),
    ("the same on a later step", "/shop/busy", "/shop/busy"),
    ("a form with 2,000 fields (behind Sign up)", "/shop/form", "/fault/form"),
    ("a gzip body that inflates to 200 MB", "/fault/bomb", "/fault/bomb"),
    ("a garbage status line", "/fault/status", "/fault/status"),
    ("2,000 response headers", "/fault/headers", "/fault/headers"),
    ("a page that navigates itself every 200 ms", "/fault/navloop", "/fault/navloop"),
    ("a body that drips one byte a second", "/fault/drip", "/fault/drip"),
]
# (signal, seconds after the start, or a moment: "hang" once the hostile flow's hanging step
# is reached, "step 1" once the demo's first journey has recorded its second step)
SIGNALS = [("SIGINT", 1), ("SIGINT", 3), ("SIGINT", 8), ("SIGINT", 12), ("SIGINT", "hang"),
           ("SIGINT", "step 1"),
           ("SIGTERM", 5), ("SIGTERM", 12)]
HANG_FLOW = ('[[journey]]\nname = "welcome"\nkind = "custom"\nstart = "/"\n'
             '[[journey.step]]\naction = "goto"\nurl = "/fault/welcome"\n\n'
             '[[journey]]\nname = "hang"\nkind = "custom"\nstart = "/"\n'
             '[[journey.step]]\naction = "goto"\nurl = "/fault/hang"\ntimeout_ms = 60000\n')


def peak_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"VmHWM:\s*(\d+)", status)
    return int(found[1]) if found else 0


class Run:
    """One command line in its own process group, watched until it ends or its limit."""

    def __init__(self, argv: list[str], out: Path, limit: float) -> None:
        self.out, self.limit = out, limit
        self.err_path = out.with_suffix(".err")
        out.parent.mkdir(parents=True, exist_ok=True)
        self.err = self.err_path.open("w+")
        self.start = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "frictionaudit", *argv],
                                     stdout=subprocess.DEVNULL, stderr=self.err,
                                     start_new_session=True, cwd=ROOT)
        self.peak = 0
        self.killed = False
        self.signalled: float | None = None

    def poll(self) -> bool:
        self.peak = max(self.peak, peak_kb(self.proc.pid))
        return self.proc.poll() is not None

    def wait(self) -> None:
        while not self.poll():
            if time.monotonic() - self.start > self.limit:
                self.killed = True
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
                break
            time.sleep(0.2)
        self.seconds = time.monotonic() - self.start
        self.after = time.monotonic() - self.signalled if self.signalled else None
        time.sleep(0.5)  # a browser that outlives the tool would still be there
        self.left = browsers_of(self.proc.pid)
        for pid in self.left:  # found: noted in the table, then cleaned up
            os.kill(pid, signal.SIGKILL)
        self.err.seek(0)
        self.stderr = self.err.read()

    def report(self, folder: Path | None = None) -> tuple[dict | None, str]:
        try:
            return valid_report(folder or self.out), "✓"
        except FileNotFoundError:
            return None, "none"
        except Exception as exc:  # what is wrong goes in the table
            return None, f"invalid: {type(exc).__name__}"


def traceback(stderr: str) -> bool:
    """A Python traceback, or an exception's bare last line (Playwright's driver prints one)."""
    return "Traceback" in stderr or bool(re.search(r"^\w*(Exception|Error): ", stderr, re.M))


def journeys_of(report: dict | None) -> str:
    if not report:
        return "—"
    parts = []
    for j in report["journeys"]:
        name = j["name"].rsplit("/", 1)[-1] if "://" in j["name"] else j["name"]
        reason = f": {' '.join(j['reason'].split())[:90]}" if j["reason"] else ""
        parts.append(f"{name} {j['status']} ({len(j['steps'])} steps){reason}")
    limits = sorted({hit["limit"] for hit in report.get("limits", [])})
    text = "; ".join(parts) or "no journey"
    return text + (f" — limits: {', '.join(limits)}" if limits else "")


def fault_run(base: str, work: Path, label: str, command: str, path: str) -> dict:
    out = work / f"{command}-{re.sub(r'[^a-z0-9]+', '-', path)}"
    run = Run([command, base + path, "--out", str(out), "--format", "json,html"], out,
              LIMITS[command])
    run.wait()
    report, valid = run.report()
    return {"label": label, "command": command, "path": path,
            "exit": "✗ killed" if run.killed else str(run.proc.returncode),
            "seconds": f"{run.seconds:.0f}", "journeys": journeys_of(report), "valid": valid,
            "traceback": "yes" if traceback(run.stderr) else "no",
            "left": str(len(run.left)), "rss": f"{run.peak / 1024:.0f}",
            "ok": not run.killed and valid == "✓" and not traceback(run.stderr)
            and not run.left and run.seconds <= LIMITS[command] + 10}


def signal_run(base: str, work: Path, name: str, at: float | str) -> dict:
    out = work / f"signal-{name}-{str(at).replace(' ', '')}"
    if at == "hang":
        flow = work / "hang.toml"
        flow.write_text(HANG_FLOW, encoding="utf-8")
        argv = ["audit", base, "--flow", str(flow), "--out", str(out), "--format", "json,html"]
        folder = out
    else:
        argv = ["demo", "--variant", "rough", "--out", str(out), "--format", "json,html"]
        folder = out / "rough"
    run = Run(argv, out, 120)
    if isinstance(at, str):
        awaited = {"hang": "hang step 0", "step 1": " step 1: "}[at]
        while awaited not in run.err_path.read_text() and not run.poll():
            time.sleep(0.1)
        time.sleep(0.5)
    else:
        while time.monotonic() - run.start < at and not run.poll():
            time.sleep(0.05)
    ended_first = run.poll()
    run.proc.send_signal(getattr(signal, name))
    run.signalled, sent_at = time.monotonic(), time.time()
    run.wait()
    report, valid = run.report(folder)
    written = (folder / "report.json").stat().st_mtime - sent_at if report else None
    gate = report["gate"] if report else {}
    expected = 128 + getattr(signal, name)
    statuses = sorted({j["status"] for j in report["journeys"]}) if report else []
    moment = {"hang": "a step hangs", "step 1": "demo: after step 1"}
    return {"signal": name, "at": moment.get(str(at), f"{at} s"),
            "exit": "✗ killed" if run.killed else str(run.proc.returncode),
            "after": f"{run.after:.1f}", "valid": valid,
            "written": "—" if written is None else f"{written:.1f}",
            "statuses": ", ".join(statuses) or "no journey yet",
            "gate": ("not passed: " + gate["reasons"][0]) if gate and not gate["passed"]
            else "passed" if gate else "—",
            "traceback": "yes" if traceback(run.stderr) else "no",
            "left": str(len(run.left)), "ended_first": ended_first,
            "ok": not ended_first and run.proc.returncode == expected and valid == "✓"
            and written is not None and written < 5
            and gate.get("reasons", [""])[0] == "interrupted"
            and not run.left and not traceback(run.stderr)}


def markdown(rows: list[dict], columns: dict[str, str]) -> str:
    lines = ["| " + " | ".join(columns.values()) + " |",
             "|" + "---|" * len(columns)]
    for row in rows:
        cells = [("✓" if row[k] else "✗") if isinstance(row[k], bool)
                 else str(row[k]).replace("|", "\\|") for k in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument("--only", help="comma list of fault paths' last parts, e.g. dom,text")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--no-signals", action="store_true")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    work = Path(tempfile.mkdtemp(prefix="hostile-table-"))
    print(f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the start, {args.jobs} runs at "
          f"a time; work folder {work}\n")
    with hostile_shop() as base, ThreadPoolExecutor(args.jobs) as pool:
        if not args.no_faults:
            tasks = [(label, command, path) for label, audit, scan in FAULTS
                     for command, path in (("audit", audit), ("scan", scan))
                     if only is None or path.rsplit("/", 1)[-1] in only]
            rows = list(pool.map(lambda t: fault_run(base, work, *t), tasks))
            print(markdown(rows, {"label": "page", "command": "command", "exit": "exit",
                                  "seconds": "s", "journeys": "status and reason",
                                  "valid": "report valid", "traceback": "traceback",
                                  "left": "Chromium left", "rss": "peak RSS MB",
                                  "ok": "holds"}))
            print(f"\nload average at the end of the faults: "
                  f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
        if not args.no_signals:
            rows = list(pool.map(lambda s: signal_run(base, work, *s), SIGNALS))
            print(markdown(rows, {"signal": "signal", "at": "at", "exit": "exit",
                                  "after": "s to exit after the signal",
                                  "written": "s to the report", "valid": "report valid",
                                  "statuses": "journey statuses", "gate": "gate",
                                  "traceback": "traceback", "left": "Chromium left",
                                  "ok": "holds"}))
            print(f"\nload average at the end: "
                  f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(json.dumps({"work": str(work)}))


if __name__ == "__main__":
    main()
