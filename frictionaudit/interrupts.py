"""SIGINT and SIGTERM: the audit under way ends its journey, writes what it measured, then stops.

A signal raises nothing where the program happens to be (an exception inside Playwright breaks
the connection to the browser mid-message; inside an import it leaves a module half made). It
is noted, and the listeners are told: an audit's watchdog kills the browser, so the pending call
fails at once, and the audit writes its report and raises `Interrupted` at a safe point
(`check()`). Should the program not get there within `GRACE_S` (a blocking read, a long
computation; `EARLY_S` while no audit is under way, e.g. still importing), or on a second
signal, a thread writes the fallback reports, stops our browsers and ends the process. The
exit code is 128 + the signal: 130 for SIGINT, 143 for SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)
GRACE_S = 2.0  # for an audit under way to write its report
EARLY_S = 1.0  # before any audit began: the program may be busy importing
STARTING_S = 10.0  # the longest wait for the options to be read (nothing to write before)
MESSAGES = {True: "the report holds what was measured so far",
            False: "stopped before the audit began: no report written"}
_listeners: list[Callable[[int], None]] = []
_received: list[int] = []
_fallbacks: list[Callable[[int], None]] = []
_done = threading.Event()


class Interrupted(KeyboardInterrupt):
    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


def _handle(signum: int, _frame) -> None:
    _received.append(signum)
    if len(_received) > 1:
        threading.Thread(target=_last_resort, args=(signum, 0.0), daemon=True).start()
        return
    wait = GRACE_S if _listeners else EARLY_S
    for listener in list(_listeners):
        listener(signum)
    threading.Thread(target=_last_resort, args=(signum, wait), daemon=True).start()


def _last_resort(signum: int, wait: float) -> None:
    """The program did not stop by itself in time: write what can be written, stop our
    browsers, end the process."""
    if _done.wait(wait):
        return
    # Still starting (a loaded machine imports slowly): the report's folder is known once the
    # options are read, a moment later; the program usually ends by itself meanwhile.
    started = time.monotonic()
    while not _fallbacks and time.monotonic() - started < STARTING_S:
        if _done.wait(0.05):
            return
    from frictionaudit.record.watchdog import BrowserProcesses

    wrote = write_fallbacks(Interrupted(signum))
    BrowserProcesses(since=0).kill()
    with contextlib.suppress(Exception):
        sys.stderr.write(f"interrupted: {MESSAGES[wrote > 0]}\n")
        sys.stderr.flush()
    os._exit(128 + signum)


@contextmanager
def handled() -> Iterator[None]:
    """Route SIGINT and SIGTERM here for the duration (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _done.clear()  # a signal `hold()` noted stays: the run ends interrupted at its first check
    previous = {s: signal.signal(s, _handle) for s in SIGNALS}
    try:
        yield
    finally:
        _done.set()
        _fallbacks.clear()
        _received.clear()
        for s, handler in previous.items():
            signal.signal(s, handler)


def hold() -> None:
    """From the program's first line, before the command line is imported: a signal is noted
    (and the run ends interrupted at `handled()`'s first check) instead of a traceback or a
    silent death."""
    for s in SIGNALS:
        signal.signal(s, _handle)


@contextmanager
def listening(listener: Callable[[int], None]) -> Iterator[None]:
    """While inside, a signal calls `listener(signum)` (from the signal handler: keep it short,
    take no lock the main thread may hold)."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def fallback(write: Callable[[int], None]) -> Callable[[], None]:
    """`write(signum)` runs if the command ends interrupted; the latest registered runs first.
    Returns a function that takes it back."""
    _fallbacks.append(write)
    return lambda: _fallbacks.remove(write) if write in _fallbacks else None


def write_fallbacks(exc: KeyboardInterrupt) -> int:
    """The command ended interrupted: the reports its audits had no time to write. Returns how
    many audits had registered one (none: it was stopped before any audit began)."""
    signum = getattr(exc, "signum", signal.SIGINT)
    count = 0
    while _fallbacks:
        count += 1
        with contextlib.suppress(Exception):
            _fallbacks.pop()(signum)
    return count


def received() -> int | None:
    """The first signal received since `handled()` began, if any."""
    return _received[0] if _received else None


def check() -> None:
    """Raise `Interrupted` if a signal arrived: called where stopping is safe."""
    if _received:
        raise Interrupted(_received[0])
