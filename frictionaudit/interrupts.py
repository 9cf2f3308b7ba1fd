"""SIGINT and SIGTERM: the audit under way ends its journey, writes what it measured, then stops.

While an audit runs, a signal raises nothing inside Playwright (an exception there breaks the
connection to the browser mid-message); it tells the audit's watchdog, which kills the browser,
so the pending call fails at once, and the audit writes its report and raises `Interrupted`.
With no audit running, or on a second signal, `Interrupted` is raised where the program is.
The exit code is 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_listeners: list[Callable[[int], None]] = []
_received: list[int] = []


class Interrupted(KeyboardInterrupt):
    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


def _handle(signum: int, _frame) -> None:
    first = not _received
    _received.append(signum)
    if first and _listeners:
        for listener in list(_listeners):
            listener(signum)
        return
    raise Interrupted(signum)


@contextmanager
def handled() -> Iterator[None]:
    """Route SIGINT and SIGTERM here for the duration (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _handle) for s in SIGNALS}
    _received.clear()
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def listening(listener: Callable[[int], None]) -> Iterator[None]:
    """While inside, a first signal calls `listener(signum)` instead of raising."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def received() -> int | None:
    """The first signal received since `handled()` began, if any."""
    return _received[0] if _received else None


def check() -> None:
    """Raise `Interrupted` if a signal arrived: called where stopping is safe."""
    if _received:
        raise Interrupted(_received[0])
