"""Saved pages as one-step journeys, and their checks spread over worker processes.

A scan of many saved pages spends its time parsing and checking each page, work that needs no
browser and shares nothing between pages: each page is parsed and checked in a worker, and only
its journey and findings come back. Workers start from a fork server that has the check modules
imported already, so a worker costs a fork, not a fresh interpreter.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
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
                jobs: int) -> list[tuple[Journey, CheckResult]]:
    """Each page's journey and check result, in the order given; the same as checking them one
    after another in this process."""
    if jobs <= 1 or len(pages) < MIN_PARALLEL_PAGES:
        return [_checked(page, rules, secrets) for page in pages]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["frictionaudit.check.preload"])
    with ProcessPoolExecutor(min(jobs, len(pages)), mp_context=context) as pool:
        return list(pool.map(_checked, pages, [rules] * len(pages), [secrets] * len(pages)))


def _checked(page: SavedPage, rules: list[Rule], secrets: list[str]) -> tuple[Journey,
                                                                              CheckResult]:
    view = page_view(page)
    return view.journey, check_journey(view, rules, secrets)
