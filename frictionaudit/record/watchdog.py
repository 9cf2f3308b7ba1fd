"""Deadlines that fire whatever the page does: a thread outside the page holds the wall clock.

A Playwright call waits on the browser; a script that never yields, or a renderer that stopped
answering, makes it wait for ever. The watchdog keeps the step, journey and audit deadlines.
When one passes it kills the renderer processes of the audit's browser (the pending call fails
at once with "Target crashed"); if the journey has still not ended after a grace period, it
kills the whole browser, which the audit relaunches for the next journey. An interruption (a
signal) kills the browser at once. It works on processes, not on the Playwright connection, so
it fires even when that connection is what is stuck.

Browsers are found by the switches `browser.launch_args()` gives them (RUN_SWITCH=<our pid>,
LANE_SWITCH=<lane>); only those launched after the watchdog started are its own. An audit
driving journeys in parallel lanes has one watchdog per lane, each stopping only its lane's
browser.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass

import psutil

from frictionaudit.browser import LANE_SWITCH, RUN_SWITCH, launched_early_at
from frictionaudit.limits import Limits

KINDS = ("step", "journey", "audit")


@dataclass(frozen=True)
class Fired:
    limit: str  # step | journey | audit | interrupt
    message: str


class BrowserProcesses:
    """The Chromium processes this process launched since `since` (a time.time(); by default
    from a second ago, or from the launch of the browser started beside the command's imports).
    A browser older than that (a test's own, in the same process) is not the audit's. With a
    `lane`, only the browsers of that lane of a parallel audit."""

    def __init__(self, since: float | None = None, lane: int | None = None) -> None:
        self.switch = f"{RUN_SWITCH}={os.getpid()}"
        self.lane = None if lane is None else f"{LANE_SWITCH}={lane}"
        if since is None:  # a second of slack: a process's start time is read to the second
            since = min(time.time(), launched_early_at() or float("inf")) - 1
        self.since = since

    def browsers(self) -> list[psutil.Process]:
        found = []
        for proc in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                line = proc.cmdline()
                if (proc.create_time() >= self.since and self.switch in line
                        and (self.lane is None or self.lane in line)):
                    found.append(proc)
        return found

    def tree(self) -> list[psutil.Process]:
        procs = []
        for browser in self.browsers():
            with contextlib.suppress(psutil.Error):
                procs += [browser, *browser.children(recursive=True)]
        return procs

    def kill(self, renderers_only: bool = False) -> int:
        """SIGKILL the renderers (or every process) of our browsers; how many were killed."""
        killed = 0
        for proc in self.tree():
            with contextlib.suppress(psutil.Error):
                if renderers_only and "--type=renderer" not in proc.cmdline():
                    continue
                proc.send_signal(signal.SIGKILL)
                killed += 1
        return killed


class Watchdog:
    """Arm it per journey and per step from the main thread; it fires from its own thread.

    `fired` says what ended the current journey early, if anything; `expired` whether the
    audit-wide deadline has passed (no further journey should start)."""

    def __init__(self, limits: Limits, processes: BrowserProcesses | None = None) -> None:
        self.limits = limits
        self.processes = processes or BrowserProcesses()
        self._cond = threading.Condition(threading.RLock())  # re-entrant: signal handlers
        self._deadlines: dict[str, float] = {}
        self._escalate_at: float | None = None
        self._in_journey = False
        self._where = "at the start page"
        self._stopping = False
        self.fired: Fired | None = None
        self.expired = False
        self.interrupted: int | None = None
        self._thread = threading.Thread(target=self._run, name="frictionaudit-watchdog",
                                        daemon=True)

    # --- the main thread's side -------------------------------------------------------------
    def __enter__(self) -> Watchdog:
        if self.limits.audit_s is not None:
            started = self.limits.audit_started or time.monotonic()
            self._deadlines["audit"] = started + self.limits.audit_s
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self._thread.join(timeout=5)

    def begin_journey(self) -> None:
        """A journey whose lane took it before the audit's deadline, and began after it (the
        deadline passed while its browser was starting), is ended at once like the others."""
        with self._cond:
            self._in_journey = True
            self.fired = None
            self._escalate_at = None
            self._where = "at the start page"
            now = time.monotonic()
            self._deadlines["journey"] = now + self.limits.journey_s
            self._deadlines["step"] = now + self.limits.step_s
            if self.expired:
                self._deadlines["audit"] = now
            self._cond.notify()

    def step(self, index: int) -> None:
        """A new step was recorded: the step clock starts again."""
        with self._cond:
            self._where = f"after step {index}"
            if "step" in self._deadlines:
                self._deadlines["step"] = time.monotonic() + self.limits.step_s
            self._cond.notify()

    def end_journey(self) -> Fired | None:
        with self._cond:
            self._deadlines.pop("journey", None)
            self._deadlines.pop("step", None)
            self._escalate_at = None
            self._in_journey = False
            return self.fired

    def interrupt(self, signum: int) -> None:
        """A signal arrived: end the journey now (safe to call from a signal handler)."""
        with self._cond:
            if self.interrupted is None:
                self.interrupted = signum
                name = signal.Signals(signum).name
                self.fired = Fired("interrupt", f"interrupted by {name} {self._where}")
            self._escalate_at = time.monotonic()
            self._cond.notify()

    # --- the watchdog's thread --------------------------------------------------------------
    def _run(self) -> None:
        with self._cond:
            while not self._stopping:
                times = [*self._deadlines.values(), *filter(None, [self._escalate_at])]
                now = time.monotonic()
                due = min(times) if times else None
                if due is None or due > now:
                    self._cond.wait(None if due is None else due - now)
                    continue
                if self._escalate_at is not None and self._escalate_at <= now:
                    self._escalate_at = None
                    self.processes.kill()
                    continue
                kind = next(k for k in KINDS if self._deadlines.get(k, now + 1) <= now)
                self._fire(kind, now)

    def _fire(self, kind: str, now: float) -> None:
        del self._deadlines[kind]
        self.expired = self.expired or kind == "audit"
        if not self._in_journey:
            return  # between journeys: nothing to stop, and no further journey will start
        if self.fired is None:
            self.fired = Fired(kind, self._message(kind))
        self._deadlines.pop("step", None)
        self._deadlines.pop("journey", None)
        self.processes.kill(renderers_only=True)
        self._escalate_at = now + self.limits.grace_s

    def _message(self, kind: str) -> str:
        limits = self.limits
        if kind == "step":
            return f"the page stopped answering for {limits.step_s:g} s {self._where}"
        if kind == "journey":
            return f"the journey ran past its {limits.journey_s:g} s limit {self._where}"
        return f"the audit ran past its --timeout of {limits.audit_s:g} s {self._where}"
