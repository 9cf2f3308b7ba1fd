"""Find and launch Chromium: the one place that knows where browsers live and how to start them.

Order: an explicit setting (`--browser PATH` or FRICTIONAUDIT_BROWSER), then a
Playwright-managed Chromium if one is installed, then a system Chromium or Chrome on PATH.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright

from frictionaudit.errors import UsageError

ENV_VAR = "FRICTIONAUDIT_BROWSER"
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

HOW_TO_GET_ONE = (
    "no Chromium found. Install one (Debian/Ubuntu: `apt-get install chromium`; or "
    "`playwright install chromium` where downloads are allowed), or point --browser / "
    f"{ENV_VAR} at a Chromium or Chrome executable."
)


def launch_args() -> list[str]:
    """Flags for this environment; root cannot use Chromium's sandbox."""
    args = list(QUIET_FLAGS)
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


_RUNNING: list[Playwright] = []


@contextmanager
def playwright_session() -> Iterator[Playwright]:
    """Playwright's driver for this process. The sync API cannot run inside itself, so a
    caller inside another's session (a PDF rendered during an audit, a test's browser during a
    test audit) shares the one already running."""
    if _RUNNING:
        yield _RUNNING[-1]
        return
    with sync_playwright() as playwright:
        _RUNNING.append(playwright)
        try:
            yield playwright
        finally:
            _RUNNING.pop()


@contextmanager
def launched(explicit: str | None = None, headless: bool = True) -> Iterator[Browser]:
    """A running headless Chromium, closed on exit whatever happens inside."""
    with playwright_session() as playwright:
        path = find_browser(explicit, playwright)
        browser = playwright.chromium.launch(
            executable_path=path, headless=headless, args=launch_args()
        )
        try:
            yield browser
        finally:
            browser.close()
