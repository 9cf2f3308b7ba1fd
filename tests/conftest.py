"""Shared fixtures: one headless Chromium per test session, and snapshots made from HTML.

`snapshot(html)` renders HTML in the real browser and annotates it exactly as the recorder
does, so page checks are tested on the same facts an audit sees; the result is plain HTML and
the checks themselves run offline.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from frictionaudit.browser import launched
from frictionaudit.check.registry import JourneyView
from frictionaudit.model import Journey, Probes, Step
from frictionaudit.record.recorder import ANNOTATE_JS, PROBES_JS
from frictionaudit.snapshot.page import PageSnapshot

# Under pytest-xdist (make test: `-n 2 --dist loadscope`) each worker takes a whole test module
# (the batch tests: their folder) at a time, the slowest measured first, so that no long module
# is left to run alone at the end.
SLOWEST_FIRST = ("tests/batch/", "tests/autopilot/test_autopilot_demo.py", "tests/e2e/",
                 "tests/faults/test_faults.py", "tests/autopilot/", "tests/hostile/",
                 "tests/report/test_markdown.py", "tests/checks/test_real_pages.py",
                 "tests/checks/test_offline.py", "tests/checks/test_linear.py",
                 "tests/plugin/")


def _scope(nodeid: str) -> str:
    path = nodeid.split("::")[0]
    return "tests/batch/" if path.startswith("tests/batch/") else path


def _rank(item: pytest.Item) -> int:
    return next((i for i, prefix in enumerate(SLOWEST_FIRST) if item.nodeid.startswith(prefix)),
                len(SLOWEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=_rank)  # stable: within a rank, collection order


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Modules(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

    config.option.loadscopereorder = False  # the order above, not the biggest module first
    return Modules(config, log)


class _LiveBrowser:
    """The session's Chromium, launched again if a test took it down: the hostile-site and
    fault suites kill the tool's browsers on purpose, and later tests must not inherit that."""

    def __init__(self, stack: contextlib.ExitStack) -> None:
        self._stack = stack
        self._browser = None

    def __getattr__(self, name: str):
        if self._browser is None or not self._browser.is_connected():
            self._browser = self._stack.enter_context(_closing_quietly())
        return getattr(self._browser, name)


@contextlib.contextmanager
def _closing_quietly():
    with contextlib.suppress(PlaywrightError), launched() as browser:
        yield browser


@pytest.fixture(scope="session")
def chromium():
    with contextlib.ExitStack() as stack:
        yield _LiveBrowser(stack)


@pytest.fixture
def snapshot(chromium) -> Iterator[Callable[..., PageSnapshot]]:
    """Render `html` (at `url`, in a `width` x `height` viewport) and annotate it."""
    context = chromium.new_context()

    def make(html: str, url: str = "http://shop.test/", width: int = 1280,
             height: int = 800) -> PageSnapshot:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        page.route("**/*", lambda route: route.fulfill(body=html,
                                                         content_type="text/html; charset=utf-8"))
        page.goto(url)
        if any(code in html.lower() for code in ("<script", "onload")):
            page.wait_for_timeout(50)  # let scripts that run after load (pre-ticking boxes) end
        result = page.evaluate(ANNOTATE_JS)
        probes = page.evaluate(PROBES_JS)
        page.close()
        snap = PageSnapshot.from_html(result["html"], url)
        snap.probes = Probes(**probes)
        return snap

    yield make
    context.close()


@pytest.fixture
def journey_of(snapshot) -> Callable[..., JourneyView]:
    """A journey of one step per (url, html) pair, as the recorder would have seen it."""

    def make(pages: list[tuple[str, str]], kind: str = "checkout", name: str = "checkout",
             status: str = "completed", width: int = 1280) -> JourneyView:
        snaps = [snapshot(html, url, width=width) for url, html in pages]
        steps = []
        for i, snap in enumerate(snaps):
            counted = snap.counted_fields()
            steps.append(Step(index=i, url=snap.url, title=snap.title, lang=snap.lang,
                              fields_visible=len(counted),
                              fields_required=sum(1 for f in counted if f.required),
                              probes=snap.probes))
        journey = Journey(name=name, kind=kind, status=status, steps=steps)
        return JourneyView(journey, list(snaps))

    return make


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path`, held across pytest-xdist's worker processes."""
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def demo_audit(tmp_path_factory):
    """Audit the demo shop once per (variant, lang, devices) per test run and share the result:
    (report, report folder). End-to-end: real Chromium against the shop on 127.0.0.1. Under
    pytest-xdist the workers share the audits: the first to ask runs one, the others read its
    report.json (every worker, the first included, reads the report from that file)."""
    from frictionaudit.audit import AuditOptions, run_audit
    from frictionaudit.commands import flow_plan
    from frictionaudit.demo import DemoShop
    from frictionaudit.demo.journeys import demo_flows
    from frictionaudit.model import Report
    from frictionaudit.situation import device_descriptors

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    cache: dict = {}

    def run(variant: str = "rough", lang: str = "en", devices: tuple[str, ...] = ("Desktop",)):
        key = (variant, lang, devices)
        if key not in cache:
            out = root / "demo-audits" / "-".join([variant, lang, *devices]).replace(" ", "_")
            out.parent.mkdir(exist_ok=True)
            with _locked(out.with_suffix(".lock")):
                if not (out / "report.json").exists():
                    with DemoShop(variant=variant, lang=lang) as shop:
                        plans = [flow_plan(j, shop.url, True) for j in demo_flows(variant)]
                        options = AuditOptions(out_dir=out,
                                               devices=device_descriptors(list(devices)),
                                               settings={"variant": variant, "lang": lang})
                        run_audit(shop.url, plans, options)
            report = Report.model_validate_json((out / "report.json").read_text("utf-8"))
            cache[key] = (report, out)
        return cache[key]

    return run
