"""Checks are small pure functions over snapshots; rules (data in rules/*.toml) name them.

A page check sees one snapshot; a journey check sees every step of a journey at once. Neither
touches a browser: everything they need was recorded. A check yields `Hit`s; the engine turns
them into findings with the rule's words, so one check can serve several rules.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bs4 import Tag
from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from frictionaudit.lexicon import LangPack
    from frictionaudit.model import Journey, Step
    from frictionaudit.snapshot.page import PageSnapshot


@dataclass
class Hit:
    """One place where a rule is broken. `data` fills the rule's message template."""

    evidence: str = ""
    tag: Tag | None = None
    step: int | None = None  # journey checks say which step; page checks get theirs
    selector: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Metric:
    """A measured value, scored on the rule's curve; a hit too when past the rule's limit."""

    value: float
    evidence: str = ""
    step: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class PageContext:
    params: dict[str, Any]
    lang: str
    pack: LangPack
    journey: Journey | None
    step: Step | None


@dataclass
class JourneyView:
    """A journey with its parsed snapshots, step by step (a failed capture is None)."""

    journey: Journey
    pages: list[PageSnapshot | None]
    error_pages: dict[int, PageSnapshot] = field(default_factory=dict)
    linked_pages: list[PageSnapshot] = field(default_factory=list)  # as journey.linked
    # the same screen as a later load re-showed it (the customer's own action, no errors)
    later_pages: dict[int, PageSnapshot] = field(default_factory=dict)
    # a step's first reading, when its screen was read again in place (pages has the last)
    arrival_pages: dict[int, PageSnapshot] = field(default_factory=dict)

    def steps(self) -> Iterator[tuple[Step, PageSnapshot]]:
        for step, page in zip(self.journey.steps, self.pages, strict=False):
            if page is not None:
                yield step, page

    def later(self) -> Iterator[tuple[Step, PageSnapshot]]:
        """Screens as a later load re-showed them, after the customer's own action."""
        for step in self.journey.steps:
            if step.index in self.later_pages:
                yield step, self.later_pages[step.index]

    def screens(self) -> Iterator[tuple[Step, PageSnapshot]]:
        """Every screen a page rule reads: each step as it arrived, and as it was re-shown
        with validation errors when the customer met some."""
        for step, page in self.steps():
            yield step, page
            if step.index in self.error_pages:
                yield step, self.error_pages[step.index]


@dataclass
class JourneyContext:
    params: dict[str, Any]
    lang: str  # the journey's main language


PageCheck = Callable[["PageSnapshot", PageContext], Iterator[Hit]]
JourneyCheck = Callable[[JourneyView, JourneyContext], Iterator["Hit | Metric"]]


class Params(BaseModel):
    """A check's parameters, with their defaults, declared once beside the check; a rule's
    `[rule.params]` is validated against them when the rule pack loads (a typo is an error)."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class CheckSpec:
    name: str
    scope: str  # "page" | "journey"
    fn: Callable
    params: type[Params] = Params
    says: frozenset[str] = frozenset()  # the values its hits give a rule's message


CHECKS: dict[str, CheckSpec] = {}


def page_check(name: str, *, params: type[Params] = Params,
               says: tuple[str, ...] = ()) -> Callable[[PageCheck], PageCheck]:
    def register(fn: PageCheck) -> PageCheck:
        CHECKS[name] = CheckSpec(name, "page", fn, params, frozenset(says))
        return fn

    return register


def journey_check(name: str, *, params: type[Params] = Params,
                  says: tuple[str, ...] = ()) -> Callable[[JourneyCheck], JourneyCheck]:
    def register(fn: JourneyCheck) -> JourneyCheck:
        CHECKS[name] = CheckSpec(name, "journey", fn, params, frozenset(says))
        return fn

    return register


_MACHINERY = {"registry", "rules", "engine", "pages", "preload"}


def all_checks() -> dict[str, CheckSpec]:
    """Every registered check: each module of this package registers its checks on import."""
    import frictionaudit.check as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name not in _MACHINERY:
            importlib.import_module(f"{package.__name__}.{module.name}")
    return CHECKS
