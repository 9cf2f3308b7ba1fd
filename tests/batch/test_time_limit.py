"""A site's time limit ends its audit even when Playwright waits on a browser already gone:
after the limit, Chromium is killed; after a grace, the Playwright driver too."""

from __future__ import annotations

import subprocess
import sys
import time

from frictionaudit.batch.task import TimeLimit

SLEEP = "import time; time.sleep(60)"


def _child(*marker: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SLEEP, *marker])


def test_the_driver_is_killed_after_the_grace_and_nothing_before_the_limit():
    driver, bystander = _child("playwright", "run-driver"), _child("unrelated")
    try:
        with TimeLimit(0.3, grace=0.5) as limit:
            time.sleep(0.2)
            assert driver.poll() is None and not limit.fired.is_set()  # not before the limit
            deadline = time.monotonic() + 10
            while driver.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert limit.fired.is_set() and driver.poll() is not None
        assert bystander.poll() is None  # only Chromium and Playwright's driver are killed
    finally:
        for proc in (driver, bystander):
            proc.kill()
            proc.wait()


def test_a_task_that_ends_in_time_kills_nothing():
    driver = _child("playwright", "run-driver")
    try:
        with TimeLimit(5, grace=0.1) as limit:
            time.sleep(0.2)
        time.sleep(0.5)
        assert not limit.fired.is_set() and driver.poll() is None
    finally:
        driver.kill()
        driver.wait()
