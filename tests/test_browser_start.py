"""The browser starts beside the command's imports, and Playwright's driver keeps its compiled
code on disk: start-up work overlapped or done once, never a second browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frictionaudit import browser
from frictionaudit.browser import Browsers, find_browser, playwright_session, session_beside

DRIVER_ENV = ("import os; from frictionaudit.browser import playwright_session\n"
              "with playwright_session():\n"
              "    print(os.environ.get('NODE_COMPILE_CACHE'))\n")


@pytest.fixture(scope="module")
def driver():
    """One driver for the module: session_beside shares a running one, as in-process callers
    do."""
    with playwright_session() as playwright:
        yield playwright


def test_the_browser_launched_beside_the_imports_is_the_one_the_audit_takes(driver):
    with session_beside(lambda: None, launch=True):
        (path, early), = browser._EARLY
        assert early.is_connected() and path == find_browser(None)
        with Browsers() as browsers:
            assert browsers.get() is early
            assert not browser._EARLY
    assert not early.is_connected()


def test_an_early_browser_not_taken_or_of_another_executable_is_closed(driver, tmp_path):
    with session_beside(lambda: None, launch=True):
        (_, unused), = browser._EARLY
    assert not unused.is_connected() and not browser._EARLY
    other = tmp_path / "my-chromium"
    other.symlink_to(find_browser(None))
    with session_beside(lambda: None, launch=True):
        (_, early), = browser._EARLY
        with Browsers(str(other)) as browsers:
            assert browsers.get() is not early
            assert not early.is_connected()


def test_the_driver_keeps_its_compiled_code_in_the_cache_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NODE_COMPILE_CACHE"}
    env["FRICTIONAUDIT_CACHE"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", DRIVER_ENV], env=env, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    assert out.strip() == "None"  # set for the driver's start only
    assert any(Path(tmp_path, "node").rglob("*")), "no compiled code kept"
    env["NODE_COMPILE_CACHE"] = str(tmp_path / "mine")  # the user's own setting wins
    out = subprocess.run([sys.executable, "-c", DRIVER_ENV], env=env, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    assert out.strip() == str(tmp_path / "mine") and any((tmp_path / "mine").rglob("*"))

