"""One site audited as one task: what runs on a worker (a Dask worker, or this process).

The task carries everything the audit needs (flows, rules, credentials already read on the
client) and returns every file the audit wrote as bytes, so workers need no shared disk and
the client alone writes the output folder. A site's time limit is enforced from outside the
page: when it passes, the task's own Chromium processes are killed, the journey in progress
fails, and the report keeps what was measured.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import psutil

from frictionaudit.audit import AuditOptions, run_audit
from frictionaudit.check.rules import Rule
from frictionaudit.commands import flow_plan, probe_target
from frictionaudit.drive.autopilot import autopilot_plans
from frictionaudit.drive.flow import FlowJourney
from frictionaudit.errors import FrictionAuditError
from frictionaudit.model import Report

PROBE_TIMEOUT = 15.0


@dataclass
class SiteTask:
    slug: str
    url: str
    options: AuditOptions  # out_dir is replaced by the worker's own temporary folder
    rules: list[Rule]
    flows: list[FlowJourney] = field(default_factory=list)
    journeys: list[str] = field(default_factory=list)
    allow_irreversible: bool = False
    time_limit: float = 600.0


@dataclass
class SiteResult:
    slug: str
    status: str  # "audited" or "failed"
    reason: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # path in the site folder -> bytes
    seconds: float = 0.0
    worker: str = ""


class TimeLimit:
    """Once `seconds` pass, kills the Chromium processes this process started since it began,
    and keeps killing any new one until it is left: Playwright fails the call in progress
    however the page behaves, and the journeys still to come end at once. A call that still
    waits `grace` seconds later (Playwright can wait forever on a browser already gone) has
    its Playwright driver killed too, which fails every call at once."""

    def __init__(self, seconds: float, grace: float = 5.0):
        self.seconds, self.grace = seconds, grace
        self.fired = threading.Event()
        self._done = threading.Event()
        self._started = time.time()
        self._thread = threading.Thread(target=self._run, name="frictionaudit-site-limit",
                                        daemon=True)

    def __enter__(self) -> TimeLimit:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        if self._done.wait(self.seconds):
            return
        self.fired.set()
        drivers_at = time.monotonic() + self.grace
        while not self._done.wait(0.2):
            drivers = time.monotonic() >= drivers_at
            for proc in psutil.Process().children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if proc.create_time() >= self._started - 1 and (
                            "chrom" in proc.name().lower()
                            or (drivers and any("playwright" in part for part in proc.cmdline()))):
                        proc.kill()


def audit_site(task: SiteTask) -> SiteResult:
    """Audit one site into a temporary folder and hand back its files and verdict."""
    start = time.monotonic()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="frictionaudit-site-") as tmp:
        out = Path(tmp)
        try:
            status, reason = _audit(task, replace(task.options, out_dir=out, on_step=None))
        except FrictionAuditError as exc:
            status, reason = "failed", str(exc)
        except Exception as exc:  # a bug in one site's audit must not end the batch
            status, reason = "failed", f"internal error: {type(exc).__name__}: {exc}"[:300]
        files = {p.relative_to(out).as_posix(): p.read_bytes()
                 for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(".")}
    return SiteResult(task.slug, status, reason, files, round(time.monotonic() - start, 2),
                      worker)


def _audit(task: SiteTask, options: AuditOptions) -> tuple[str, str]:
    """As `frictionaudit audit` does it: probe, plan the journeys, run them, write."""
    with TimeLimit(task.time_limit) as limit:
        try:
            probe_target(task.url, options.access,
                         timeout=min(PROBE_TIMEOUT, 0.8 * task.time_limit))
            plans = [flow_plan(j, task.url, task.allow_irreversible) for j in task.flows]
            journeys = task.journeys or ([] if task.flows else ["auto"])
            plans += autopilot_plans(task.url, journeys, task.allow_irreversible,
                                     taken={j.name for j in task.flows})
            report = run_audit(task.url, plans, options)
        except Exception:  # once the limit fired, whatever broke is the limit's doing
            if not limit.fired.is_set():
                raise
    if limit.fired.is_set():
        return "failed", f"time limit of {task.time_limit:g} s reached"
    return verdict(report)


def verdict(report: Report) -> tuple[str, str]:
    """A site none of whose journeys could be walked was not audited."""
    if report.journeys and all(j.status == "failed" for j in report.journeys):
        return "failed", f"no journey could be audited: {report.journeys[0].reason}"
    if not report.journeys:
        return "failed", "no journey to audit"
    return "audited", ""
