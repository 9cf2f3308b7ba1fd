"""Saved pages as one-step journeys, and their checks spread over worker processes.

A scan of many saved pages spends its time parsing and checking each page, work that needs no
browser and shares nothing between pages: each page is parsed and checked in a worker, and only
its journey and findings come back. Workers are forked from this process when it runs no other
thread (they start with the check modules, rules and the common models loaded: a worker costs
a fork, not an interpreter); otherwise (a test run beside a browser's threads) from a fork server
that imports the check modules and models once. Pages go out largest first, one at a time, so
the last page to finish is a small one and no worker idles while another still has a queue.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from frictionaudit.check.engine import CheckResult, check_journey
from frictionaudit.check.registry import JourneyView
from frictionaudit.check.rules import Rule
from frictionaudit.model import Journey, Metrics, Step
from frictionaudit.snapshot.page import PageSnapshot

# Below this many pages, starting workers costs more than it saves.
MIN_PARALLEL_PAGES = 4


@dataclass(frozen=True)
class SavedPage:
    html: str
    url: str  # file:// URL of the page as given
    source: str  # the path as given
    name: str  # the journey's name
    snapshot: str  # where the report keeps its copy, relative to the report folder


def page_view(page: SavedPage) -> JourneyView:
    """The page as a one-step journey, its step counted as the recorder counts a screen."""
    snapshot = PageSnapshot.from_html(page.html, page.url, page.source)
    counted = snapshot.counted_fields()
    step = Step(index=0, url=snapshot.url, title=snapshot.title, lang=snapshot.lang,
                fields_visible=len(counted), snapshot=page.snapshot, trigger="start",
                fields_required=sum(1 for f in counted if f.required))
    journey = Journey(name=page.name, kind="page", steps=[step],
                      metrics=Metrics(steps=1, fields=step.fields_visible,
                                      required_fields=step.fields_required))
    return JourneyView(journey, [snapshot])


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check_pages(pages: list[SavedPage], rules: list[Rule], secrets: list[str],
                jobs: int, done: Callable[[], None] = lambda: None,
                meanwhile: Callable[[], object] = lambda: None,
                ) -> list[tuple[Journey, CheckResult]]:
    """Each page's journey and check result, in the order given; the same as checking them one
    after another in this process. `done` is called as each page is checked (a progress bar);
    `meanwhile` once the workers have started (work of this process that can wait no longer
    than the pages, such as loading what writes the report), or after the pages when serial."""
    results: list = [None] * len(pages)
    with _frozen_heap():
        if jobs <= 1 or len(pages) < MIN_PARALLEL_PAGES:
            for i, page in enumerate(pages):
                results[i] = _checked(page, rules, secrets)
                done()
            meanwhile()
            return results
        order = sorted(range(len(pages)), key=lambda i: -len(pages[i].html))
        with ProcessPoolExecutor(min(jobs, len(pages)), mp_context=_context(),
                                 initializer=_setup, initargs=(rules, secrets)) as pool:
            checked = pool.map(_worker_checked, [pages[i] for i in order])
            meanwhile()  # the workers have forked (map submits every page): this process waits
            for i, (journey, result) in zip(order, checked, strict=True):
                results[i] = (journey, _with_rules(result, rules))
                done()
    return results


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """The heap as it stands (modules, rules, models) left out of every garbage collection
    while pages are checked, and shared untouched by workers forked meanwhile."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _one_collection() -> Iterator[None]:
    """A parsed page is some 100,000 objects linked both ways (parent, children, siblings),
    garbage once the page is checked: collected in one pass after the page instead of in
    hundreds of passes over it while it is still in use (about a sixth of the check time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)


def _context() -> multiprocessing.context.BaseContext:
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        # the models every worker needs, loaded once here and shared, not once per worker
        importlib.import_module("frictionaudit.check.preload")
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["frictionaudit.check.preload"])
    return context


_job: dict = {}  # a worker's rules and secrets, set once when it starts


def _setup(rules: list[Rule], secrets: list[str]) -> None:
    _job.update(rules=rules, secrets=secrets)


def _worker_checked(page: SavedPage) -> tuple[Journey, CheckResult]:
    """A page checked in a worker; its outcomes name their rule by position (the parent has
    the rules), so a result travels back without a copy of every rule."""
    rules = _job["rules"]
    journey, result = _checked(page, rules, _job["secrets"])
    position = {id(rule): i for i, rule in enumerate(rules)}
    for outcome in result.outcomes:
        outcome.rule = position[id(outcome.rule)]
    return journey, result


def _with_rules(result: CheckResult, rules: list[Rule]) -> CheckResult:
    for outcome in result.outcomes:
        outcome.rule = rules[outcome.rule]
    return result


def _checked(page: SavedPage, rules: list[Rule], secrets: list[str]) -> tuple[Journey,
                                                                              CheckResult]:
    with _one_collection():  # the page's tree is garbage once _check returns
        checked = _check(page, rules, secrets)
    return checked


def _check(page: SavedPage, rules: list[Rule], secrets: list[str]) -> tuple[Journey,
                                                                            CheckResult]:
    view = page_view(page)
    return view.journey, check_journey(view, rules, secrets)
