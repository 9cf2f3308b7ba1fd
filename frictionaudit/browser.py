"""Find and launch Chromium: the one place that knows where browsers live and how to start them.

Order: an explicit setting (`--browser PATH` or FRICTIONAUDIT_BROWSER), then a
Playwright-managed Chromium if one is installed, then a system Chromium or Chrome on PATH.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Error, Playwright, sync_playwright

from frictionaudit.errors import UsageError
from frictionaudit.tablecache import cache_dir

ENV_VAR = "FRICTIONAUDIT_BROWSER"
NODE_CACHE_VAR = "NODE_COMPILE_CACHE"
SYSTEM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)
# Without these, Chromium phones home at start-up; on a closed network that means a burst of
# refused connections and slow starts. They change nothing a customer would see.
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
]

RUN_SWITCH = "--frictionaudit-run"  # =<pid>: a browser this process launched
LANE_SWITCH = "--frictionaudit-lane"  # =<n>: launched for the audit's n-th parallel lane

HOW_TO_GET_ONE = (
    "no Chromium found. Install one (Debian/Ubuntu: `apt-get install chromium`; or "
    "`playwright install chromium` where downloads are allowed), or point --browser / "
    f"{ENV_VAR} at a Chromium or Chrome executable."
)


def launch_args(lane: int = 0) -> list[str]:
    """Flags for this environment; root cannot use Chromium's sandbox."""
    # Marks our own browsers, so the watchdog (record/watchdog.py) can find and stop them:
    # all of them on a signal, one lane's when that lane's journey runs past a deadline.
    args = [*QUIET_FLAGS, f"{RUN_SWITCH}={os.getpid()}", f"{LANE_SWITCH}={lane}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def find_browser(explicit: str | None = None, playwright: Playwright | None = None) -> str | None:
    """Path of the browser to use, or None for Playwright's own managed Chromium."""
    explicit = explicit or os.environ.get(ENV_VAR)
    if explicit:
        path = Path(explicit).expanduser()
        resolved = shutil.which(explicit) if not path.exists() else str(path)
        if not resolved:
            raise UsageError(f"browser not found at {explicit!r} ({ENV_VAR} or --browser)")
        return resolved
    if playwright is not None and _managed_chromium_exists(playwright):
        return None
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise UsageError(HOW_TO_GET_ONE)


def _managed_chromium_exists(playwright: Playwright) -> bool:
    try:
        return Path(playwright.chromium.executable_path).exists()
    except Exception:  # Playwright raises a plain Error when its registry has no build
        return False


_THREAD = threading.local()  # .running: the sessions open in this thread


@contextmanager
def playwright_session() -> Iterator[Playwright]:
    """Playwright's driver for this thread (its sync API belongs to the thread that started
    it). The sync API cannot run inside itself, so a caller inside another's session (a PDF
    rendered during an audit, a test's browser during a test audit) shares the one already
    running."""
    running: list[Playwright] = _THREAD.__dict__.setdefault("running", [])
    if running:
        yield running[-1]
        return
    with contextlib.ExitStack() as stack:
        with _node_compile_cache():  # the driver's environment is copied as it starts
            playwright = stack.enter_context(sync_playwright())
        running.append(playwright)
        try:
            yield playwright
        finally:
            running.pop()


@contextmanager
def _node_compile_cache() -> Iterator[None]:
    """Playwright's driver is a Node program that compiles its whole bundle at every start;
    Node keeps the compiled code on disk when NODE_COMPILE_CACHE names a folder (about a third
    of the driver's start). Set while the driver starts only; a user's own setting wins, and
    a folder that cannot be written just means no cache."""
    if NODE_CACHE_VAR in os.environ:
        yield
        return
    os.environ[NODE_CACHE_VAR] = str(cache_dir() / "node")
    try:
        yield
    finally:
        os.environ.pop(NODE_CACHE_VAR, None)


@contextmanager
def session_beside(load: Callable[[], object], launch: bool = False,
                   explicit: str | None = None) -> Iterator[None]:
    """Playwright's driver (a Node process, about half a second to start) started in this
    thread while `load` (a command's cold imports) runs in another, so the two overlap; the
    session stays open inside, and the browsers launched there share it. With `launch`, Chromium
    (`explicit`: the --browser setting) starts too while `load` runs; the command's first
    `Browsers.get()` takes it if it asks for the same executable."""
    with contextlib.ExitStack() as stack:
        pool = ThreadPoolExecutor(1)
        loading = pool.submit(load)
        try:
            playwright = stack.enter_context(playwright_session())
            if launch:
                stack.enter_context(_launched_early(playwright, explicit))
            loading.result()
        finally:  # a signal meanwhile is answered at once; the import ends by itself
            pool.shutdown(wait=False)
        yield


_EARLY: list[tuple[str | None, Browser]] = []  # launched beside the imports, not yet taken
_EARLY_AT: list[float] = []  # when that launch began, while its session lasts


@contextmanager
def _launched_early(playwright: Playwright, explicit: str | None) -> Iterator[None]:
    """A browser that cannot start early is left to the command, to fail in its own order."""
    _EARLY_AT.append(time.time())
    with contextlib.suppress(Error, UsageError):
        path = find_browser(explicit, playwright)
        _EARLY.append((path, _launch(playwright, path, headless=True)))
    try:
        yield
    finally:
        _EARLY_AT.clear()
        while _EARLY:  # not taken: the command did not need it, or needed another
            with contextlib.suppress(Error):
                _EARLY.pop()[1].close()


def launched_early_at() -> float | None:
    """When this command's early browser began to launch (a time.time()), if it has one: the
    watchdog counts it among the audit's own browsers, though it is older than the audit."""
    return _EARLY_AT[0] if _EARLY_AT else None


def _take_early(path: str | None, headless: bool) -> Browser | None:
    if not _EARLY or not headless:
        return None
    early_path, browser = _EARLY.pop()
    if early_path == path and browser.is_connected():
        return browser
    with contextlib.suppress(Error):
        browser.close()
    return None


@contextmanager
def launched(explicit: str | None = None, headless: bool = True) -> Iterator[Browser]:
    """A running headless Chromium, closed on exit whatever happens inside."""
    with playwright_session() as playwright:
        path = find_browser(explicit, playwright)
        browser = _launch(playwright, path, headless)
        try:
            yield browser
        finally:
            with contextlib.suppress(Error):  # a browser that died needs no closing
                browser.close()


def _launch(playwright: Playwright, path: str | None, headless: bool, lane: int = 0) -> Browser:
    try:
        return playwright.chromium.launch(executable_path=path, headless=headless,
                                          args=launch_args(lane))
    except Error as exc:
        first = next((line for line in str(exc).splitlines() if line.strip()), "")
        raise UsageError(f"the browser {path or 'Chromium'} did not start "
                         f"(--browser or {ENV_VAR}): {first[:200]}") from None


class Browsers:
    """One browser for many journeys, relaunched (once per crash) when it died or a journey
    asks for a fresh one, so one crash costs one journey, not the audit. `lane`: which of an
    audit's parallel lanes it serves (each has its own browser and, in its own thread, its own
    Playwright driver); only lane 0 takes the browser started beside the imports."""

    def __init__(self, explicit: str | None = None, headless: bool = True, lane: int = 0) -> None:
        self.explicit, self.headless, self.lane = explicit, headless, lane
        self._stack = contextlib.ExitStack()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def __enter__(self) -> Browsers:
        self._playwright = self._stack.enter_context(playwright_session())
        self._path = find_browser(self.explicit, self._playwright)
        return self

    def get(self, fresh: bool = False) -> Browser:
        """The running browser; a new one if it died or `fresh` is asked."""
        if self._browser is not None and (fresh or not self._browser.is_connected()):
            self._close()
        if self._browser is None:
            assert self._playwright is not None
            early = _take_early(self._path, self.headless) if self.lane == 0 else None
            self._browser = early or _launch(self._playwright, self._path, self.headless,
                                             self.lane)
        return self._browser

    def _close(self) -> None:
        if self._browser is not None:
            with contextlib.suppress(Error):
                self._browser.close()
            self._browser = None

    def __exit__(self, *exc) -> None:
        self._close()
        self._stack.close()
