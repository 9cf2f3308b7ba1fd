"""Shared fixtures: one headless Chromium per test session, and snapshots made from HTML.

`snapshot(html)` renders HTML in the real browser and annotates it exactly as the recorder
does, so page checks are tested on the same facts an audit sees; the result is plain HTML and
the checks themselves run offline.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from frictionaudit.browser import launched
from frictionaudit.check.engine import run_checks
from frictionaudit.check.registry import JourneyView
from frictionaudit.model import Journey, Probes, Step
from frictionaudit.record.recorder import ANNOTATE_JS, PROBES_JS
from frictionaudit.snapshot.page import PageSnapshot

# Under pytest-xdist (make test: `-n 2 --dist loadscope`) each test is a unit of work of its own,
# handed to whichever worker is free, the costliest first (longest-processing-time order), so
# that both workers stay busy to the end. Tests that share a module fixture too costly to build
# twice stay together (TOGETHER): one worker runs them all, in collection order.
TOGETHER = {
    # the demo shops' single audits (tests/batch/conftest.py), compared with both batches
    "tests/batch/test_batch_dask.py": "batch", "tests/batch/test_batch_local.py": "batch",
    # rough_walk: the autopilot's walk of the rough English demo, and its saved flow replayed
    "tests/autopilot/test_autopilot_demo.py::test_autopilot_ends_where_the_shipped_flow_ends"
    "[rough-en-": "rough-walk",
    "tests/autopilot/test_autopilot_demo.py::test_rough_demo_saved_flow": "rough-walk",
    # rough_default: an audit of the rough demo through the CLI
    "tests/e2e/test_gate.py::test_the_rough_shop_fails": "rough-default",
    "tests/e2e/test_gate.py::test_preset_none_passes": "rough-default",
    "tests/autopilot/test_guard_words.py": "guard-words",  # judge: the guard on every pack
    "tests/report/test_html.py::test_axe_finds": "demo-pages",  # demo_pages: the demo's reports
    "tests/report/test_html.py::test_a_marker_opens": "demo-pages",
}
# Seconds each costly test took (setup + call + teardown; --durations=0, the mean of two full
# runs with -n 3 at 15:31-15:53, load 2-19 with other work on the machine): only their order
# matters. A module's own key is its typical test; a test's key, one far from it. A demo audit
# is paid by the first test to ask for it. Others cost 1.
COST = {
    "tests/autopilot/test_arabic_site.py": 6,
    "tests/autopilot/test_autopilot_causes.py": 7,
    "tests/autopilot/test_autopilot_cli.py": 9,
    "tests/autopilot/test_autopilot_cli.py::test_audit_url_walks_saves_and_replays": 19,
    "tests/autopilot/test_autopilot_demo.py": 12,
    "tests/autopilot/test_autopilot_demo.py::"
    "test_autopilot_ends_where_the_shipped_flow_ends[rough-en-signup]": 57,
    "tests/autopilot/test_autopilot_demo.py::"
    "test_autopilot_ends_where_the_shipped_flow_ends[rough-fr-checkout]": 15,
    "tests/autopilot/test_autopilot_demo.py::"
    "test_autopilot_ends_where_the_shipped_flow_ends[rough-fr-signup]": 7,
    "tests/autopilot/test_autopilot_demo.py::"
    "test_autopilot_ends_where_the_shipped_flow_ends[smooth-de-checkout]": 22,
    "tests/autopilot/test_autopilot_demo.py::"
    "test_autopilot_ends_where_the_shipped_flow_ends[smooth-de-signup]": 20,
    "tests/autopilot/test_autopilot_demo.py::"
    "test_autopilot_ends_where_the_shipped_flow_ends[smooth-en-checkout]": 8,
    "tests/autopilot/test_autopilot_demo.py::"
    "test_autopilot_ends_where_the_shipped_flow_ends[smooth-en-signup]": 8,
    "tests/autopilot/test_autopilot_parts.py": 2,
    "tests/autopilot/test_autopilot_sites.py": 8,
    "tests/autopilot/test_autopilot_sites.py::test_listing_new_tab_and_icon_button": 10,
    "tests/autopilot/test_autopilot_sites.py::"
    "test_saved_flow_replays_to_the_same_counts[icon]": 22,
    "tests/autopilot/test_autopilot_sites.py::test_saved_flow_replays_to_the_same_counts[spa]": 12,
    "tests/autopilot/test_autopilot_sites.py::"
    "test_saved_flow_replays_to_the_same_counts[wall]": 21,
    "tests/batch/test_batch_dask.py": 56,
    "tests/batch/test_batch_local.py": 35,
    "tests/batch/test_index.py::test_axe_finds_no_violation_in_the_index": 7,
    "tests/checks/test_aria_fields.py": 3,
    "tests/checks/test_combobox_label.py": 2,
    "tests/checks/test_consent_rules.py": 3,
    "tests/checks/test_consent_rules.py::"
    "test_a_password_hint_about_personal_information_is_no_privacy_notice": 6,
    "tests/checks/test_contact_rules.py": 2,
    "tests/checks/test_contact_rules.py::test_collapsed_menu_drops_contact_on_a_phone_only": 7,
    "tests/checks/test_cost_rules.py": 3,
    "tests/checks/test_cost_rules.py::test_a_sentence_giving_the_final_total_earlier_is_enough": 6,
    "tests/checks/test_effort_rules.py": 4,
    "tests/checks/test_form_rules.py": 2,
    "tests/checks/test_linear.py": 5,
    "tests/checks/test_offline.py": 14,
    "tests/checks/test_real_pages.py": 2,
    "tests/checks/test_realsite_rules.py": 2,
    "tests/checks/test_soup_parse.py": 4,
    "tests/checks/test_word_frequencies.py": 3,
    "tests/demo/test_demo_browser.py": 10,
    "tests/e2e/test_demo_audit.py::test_every_seeded_defect_is_reported_at_its_step[de]": 23,
    "tests/e2e/test_demo_audit.py::test_every_seeded_defect_is_reported_at_its_step[fr]": 24,
    "tests/e2e/test_demo_audit.py::test_smooth_shop_has_no_critical_or_serious_finding[fr]": 24,
    "tests/e2e/test_gate.py": 17,
    "tests/e2e/test_gate.py::"
    "test_one_more_required_field_is_a_regression_against_the_baseline": 12,
    "tests/e2e/test_gate.py::test_preset_none_passes_the_same_shop_with_the_same_sarif": 20,
    "tests/e2e/test_situation.py": 20,
    "tests/e2e/test_situation.py::"
    "test_phone_and_desktop_side_by_side_find_the_mobile_only_defect": 41,
    "tests/e2e/test_situation.py::test_site_behind_a_login_form_with_a_login_flow": 14,
    "tests/e2e/test_situation.py::"
    "test_staging_behind_basic_auth_with_credentials_from_the_environment": 16,
    "tests/e2e/test_situation.py::test_throttling_changes_seconds_but_not_scores": 25,
    "tests/faults/test_faults.py": 6,
    "tests/faults/test_faults.py::test_a_browser_killed_mid_journey_fails_that_journey_only": 11,
    "tests/faults/test_faults.py::test_a_fault_on_a_later_step_fails_its_journey_and_the_gate": 52,
    "tests/faults/test_faults.py::test_nothing_past_the_start_page_exits_3_with_every_reason": 41,
    "tests/faults/test_shadow_and_tabs.py": 9,
    "tests/hostile/test_hostile.py": 11,
    "tests/hostile/test_hostile.py::"
    "test_a_signal_while_a_step_hangs_leaves_a_report_of_what_was_measured[2-130]": 14,
    "tests/hostile/test_hostile.py::test_huge_pages_are_cut_with_the_reason_in_bounded_memory": 26,
    "tests/hostile/test_hostile.py::"
    "test_later_steps_that_hang_fail_their_journey_and_the_audit_goes_on": 25,
    "tests/hostile/test_hostile.py::test_pages_that_never_yield_end_at_the_step_deadline": 17,
    "tests/plugin/test_pytest_plugin.py": 22,
    "tests/plugin/test_pytest_plugin.py::"
    "test_a_journey_within_budget_passes_and_writes_a_report": 29,
    "tests/plugin/test_pytest_plugin.py::"
    "test_an_unknown_budget_key_fails_on_one_line_before_the_journey_runs": 12,
    "tests/record/test_in_place.py": 2,
    "tests/record/test_recorder.py": 5,
    "tests/record/test_recorder.py::"
    "test_place_order_is_pressed_once_with_the_flag_and_never_without[multi_page]": 9,
    "tests/record/test_recorder.py::"
    "test_place_order_is_pressed_once_with_the_flag_and_never_without[single_page]": 10,
    "tests/record/test_screen_read.py": 2,
    "tests/report/test_html.py::test_a_marker_opens_the_finding_and_a_crop_its_screenshot": 25,
    "tests/report/test_html.py::test_axe_finds_no_violation[rough]": 113,
    "tests/report/test_html.py::test_axe_finds_no_violation[smooth]": 10,
    "tests/report/test_markdown.py::test_rough_demo_on_two_devices_against_a_baseline_fits": 41,
    "tests/report/test_pdf.py": 18,
    "tests/report/test_pdf.py::test_rough_demo_prints_in_at_most_20_pages_with_nothing_cut": 33,
    "tests/test_words_in_packs.py": 2,
}


def _prefixed(table: dict, nodeid: str, default):
    """The value of the longest key of `table` that `nodeid` starts with."""
    keys = [key for key in table if nodeid.startswith(key)]
    return table[max(keys, key=len)] if keys else default


def _scope(nodeid: str) -> str:
    return _prefixed(TOGETHER, nodeid, nodeid)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    cost: dict[str, int] = {}
    for item in items:
        scope = _scope(item.nodeid)
        cost[scope] = cost.get(scope, 0) + _prefixed(COST, item.nodeid, 1)
    first = {scope: i for i, scope in enumerate(cost)}  # where each unit first appears
    items.sort(key=lambda item: (-cost[_scope(item.nodeid)], first[_scope(item.nodeid)]))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Units(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

    config.option.loadscopereorder = False  # the order above, not the biggest unit first
    return Units(config, log)


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
    """Render `html` (at `url`, in a `width` x `height` viewport) and annotate it.

    One page serves every render of a test, each a fresh document loaded into it: a new page
    per render started a renderer process each time, 0.25 s against 0.07 s (measured
    2026-11-30, 40 renders of a small form)."""
    context = chromium.new_context()
    page = context.new_page()
    served = {"html": ""}
    page.route("**/*", lambda route: route.fulfill(body=served["html"],
                                                     content_type="text/html; charset=utf-8"))

    def make(html: str, url: str = "http://shop.test/", width: int = 1280,
             height: int = 800) -> PageSnapshot:
        served["html"] = html
        page.set_viewport_size({"width": width, "height": height})
        if "#" in url and page.url.split("#")[0] == url.split("#")[0]:
            page.goto("about:blank")  # else the browser would only scroll to the fragment
        page.goto(url)
        if any(code in html.lower() for code in ("<script", "onload")):
            page.wait_for_timeout(50)  # let scripts that run after load (pre-ticking boxes) end
        result = page.evaluate(ANNOTATE_JS)
        probes = page.evaluate(PROBES_JS)
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



@pytest.fixture
def findings_on(journey_of) -> Callable[..., dict[str, list]]:
    """Findings of `rules` on one rendered page (a journey of one step), by rule id."""

    def run(html: str, rules: list, url: str = "http://shop.test/page",
            kind: str = "checkout") -> dict[str, list]:
        found: dict[str, list] = defaultdict(list)
        for finding in run_checks([journey_of([(url, html)], kind=kind, name=kind)],
                                  rules).findings:
            found[finding.rule_id].append(finding)
        return found

    return run

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
