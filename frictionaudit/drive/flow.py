"""Flow files: a journey written down in TOML, addressed the way Playwright users address things.

    [[journey]]
    name = "checkout"
    kind = "checkout"
    start = "/"

    [[journey.step]]
    action = "fill"
    label = "Email"
    value = "{persona.email}"

Locators, in Playwright's order of preference: role (+ name), label, text, placeholder, testid,
and css as a last resort. A malformed file is an error naming the file and line; a step that
fails at run time ends its journey as `failed` and the other journeys still run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from playwright.sync_api import Error, Locator, Page
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from frictionaudit.budgets import Budget
from frictionaudit.drive.contract import OPENED
from frictionaudit.drive.persona import Persona, placeholders
from frictionaudit.errors import UsageError
from frictionaudit.model import JourneyKind
from frictionaudit.tomlfile import read_toml
from frictionaudit.urls import redacted, resolve

SCHEME = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:")

Action = Literal["goto", "click", "fill", "select", "check", "uncheck", "press", "expect", "wait"]
LOCATOR_KEYS = ("role", "label", "text", "placeholder", "testid", "css")
MAX_STEPS, MAX_JOURNEYS = 500, 100  # a hand-written flow is far shorter; a generated one is a bug
OPTIONAL_WAIT_MS = 500  # the page has settled already: a short look is enough


class FlowStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Action
    role: str | None = None
    name: str | None = None
    label: str | None = None
    text: str | None = None
    placeholder: str | None = None
    testid: str | None = None
    css: str | None = None
    exact: bool = False
    value: str | None = None
    url: str | None = None
    key: str | None = None
    ms: int | None = Field(None, ge=0, le=60_000)
    optional: bool = False
    timeout_ms: int = Field(10_000, ge=100, le=120_000)

    @model_validator(mode="after")
    def _complete(self) -> FlowStep:
        located = [k for k in LOCATOR_KEYS if getattr(self, k) is not None]
        if len(located) > 1:
            raise ValueError(f"give one locator, not {', '.join(located)}")
        needs_target = self.action in ("click", "fill", "select", "check", "uncheck")
        if needs_target and not located:
            raise ValueError(f"'{self.action}' needs a locator: one of {', '.join(LOCATOR_KEYS)}")
        if self.action in ("fill", "select") and self.value is None:
            raise ValueError(f"'{self.action}' needs a value")
        if self.action == "goto" and not self.url:
            raise ValueError("'goto' needs a url")
        if self.action == "goto":
            _web_only(self.url or "")
        if self.action == "press" and not self.key:
            raise ValueError("'press' needs a key, e.g. key = \"Enter\"")
        if self.action == "expect" and not (located or self.url):
            raise ValueError("'expect' needs a locator (visible) or a url (contained)")
        if self.name is not None and self.role is None:
            raise ValueError("'name' goes with 'role'")
        return self

    def describe(self) -> str:
        where = next((f"{k}={getattr(self, k)!r}" for k in LOCATOR_KEYS if getattr(self, k)), "")
        if self.role and self.name:
            where += f" name={self.name!r}"
        return f"{self.action} {where or self.url or self.key or ''}".strip()


class FlowJourney(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    kind: JourneyKind = "custom"
    start: str = "/"
    allow_irreversible: bool = False
    budget: Budget | None = None
    step: list[FlowStep] = Field(default_factory=list, max_length=MAX_STEPS)

    @field_validator("start")
    @classmethod
    def _start_on_the_web(cls, start: str) -> str:
        return _web_only(start)


def _web_only(url: str) -> str:
    """A path, or an http(s) URL: a flow never loads file:, data:, javascript: and the like."""
    if SCHEME.match(url) and not re.match(r"^\s*https?://", url, re.I):
        raise ValueError(f"{redacted(url)[:80]!r}: only a path or an http(s) URL can be loaded")
    if re.match(r"^\s*https?://[^/?#]*@", url, re.I):
        raise ValueError(f"{redacted(url)[:80]!r}: no credentials in a flow's URLs; set "
                         "FRICTIONAUDIT_HTTP_USER and FRICTIONAUDIT_HTTP_PASSWORD instead")
    return url


class FlowFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    journey: list[FlowJourney] = Field(min_length=1, max_length=MAX_JOURNEYS)


def load_flow(path: Path) -> FlowFile:
    """Parse and validate a flow file; errors name the file and the line."""
    data, text = read_toml(path, "flow file")
    try:
        flow = FlowFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        where = ".".join(str(p) for p in loc)
        msg = err["msg"].removeprefix("Value error, ")
        raise UsageError(f"{path}:{_line_of(text, loc)}: {where}: {msg}") from exc
    for n, line in enumerate(text.splitlines(), 1):
        for name in placeholders(line):
            try:
                Persona.check_path(name)
            except UsageError as exc:
                raise UsageError(f"{path}:{n}: {exc}") from exc
    return flow


def _line_of(text: str, loc: tuple) -> int:
    """The line of `[[journey.step]]` number loc[3] of journey loc[1], for an error message."""
    journey_i = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
    step_i = loc[3] if len(loc) > 3 and loc[2] == "step" and isinstance(loc[3], int) else None
    j = s = -1
    found = 1
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if re.fullmatch(r"\[\[\s*journey\s*\]\]", line):
            j, s = j + 1, -1
            if j == journey_i:
                found = n
        elif re.fullmatch(r"\[\[\s*journey\.step\s*\]\]", line):
            s += 1
            if j == journey_i and s == step_i:
                return n
    return found


class StepFailed(Exception):
    """A flow step could not be done on the live site: the journey ends as failed."""


def locate(page: Page, step: FlowStep) -> Locator:
    if step.role:
        return page.get_by_role(step.role, name=step.name, exact=step.exact)  # type: ignore[arg-type]
    if step.label is not None:
        return page.get_by_label(step.label, exact=step.exact)
    if step.text is not None:
        return page.get_by_text(step.text, exact=step.exact)
    if step.placeholder is not None:
        return page.get_by_placeholder(step.placeholder, exact=step.exact)
    if step.testid is not None:
        return page.get_by_test_id(step.testid)
    return page.locator(step.css or "")


def web_url(base_url: str, ref: str, allows: Callable[[str], bool] | None = None) -> str:
    """Where a flow's `start` or `goto` leads, if the audit may go there."""
    try:
        url = resolve(base_url, ref, "flow URL")
    except UsageError as exc:
        raise StepFailed(str(exc)) from None
    if allows is not None and not allows(url):
        raise StepFailed(f"{url} is outside the audited origins (--allow-origin adds one)")
    return url


def run_step(page: Page, step: FlowStep, base_url: str, persona: Persona,
             allows: Callable[[str], bool] | None = None) -> str | None:
    """Perform one step. Returns a reason when the safety guard must stop the journey first."""
    value = persona.expand(step.value) if step.value is not None else None
    timeout = step.timeout_ms
    try:
        if step.action == "goto":
            page.goto(web_url(base_url, persona.expand(step.url or ""), allows), timeout=timeout,
                      wait_until=OPENED)
            return None
        if step.action == "wait":
            if step.ms is not None:
                page.wait_for_timeout(step.ms)
            else:
                locate(page, step).first.wait_for(state="visible", timeout=timeout)
            return None
        if step.action == "press" and not any(getattr(step, k) for k in LOCATOR_KEYS):
            page.keyboard.press(step.key or "")
            return None
        if step.action == "expect" and step.url and not any(getattr(step, k) for k in LOCATOR_KEYS):
            page.wait_for_url(re.compile(re.escape(step.url)), timeout=timeout)
            return None
        target = locate(page, step).first
        if step.optional:
            try:
                target.wait_for(state="visible", timeout=OPTIONAL_WAIT_MS)
            except Error:
                return None
        if step.action == "expect":
            target.wait_for(state="visible", timeout=timeout)
        elif step.action == "click":
            target.wait_for(state="visible", timeout=timeout)
            return guarded_click(target, timeout)
        elif step.action == "fill":
            target.fill(value or "", timeout=timeout)
        elif step.action == "select":
            target.select_option(value, timeout=timeout)
        elif step.action == "check":
            target.check(timeout=timeout)
        elif step.action == "uncheck":
            target.uncheck(timeout=timeout)
        elif step.action == "press":
            target.press(step.key or "", timeout=timeout)
    except Error as exc:
        raise StepFailed(f"{step.describe()}: {str(exc).splitlines()[0]}") from exc
    return None


# The safety guard's verdict on a control (record/agent.js), and whether the guard lets final
# actions through on this page.
GUARD_JS = """(el) => window.__frictionauditIrreversible
  ? [window.__frictionauditIrreversible(el),
     !window.__frictionauditGuard || !!window.__frictionauditGuard.allow]
  : ["", true]"""


def guard_verdict(target: Locator) -> tuple[str, bool]:
    """What the guard says of clicking `target` ('' or why it is final), and whether it allows
    final actions here. The target is asked as a list, in one round trip (an element handle
    takes three); only one not there yet is waited for, the longer way."""
    found = target.evaluate_all(f"([el]) => el ? ({GUARD_JS})(el) : null")
    final, allowed = found if found is not None else target.evaluate(GUARD_JS)
    return final, allowed


def guarded_click(target: Locator, timeout: int,
                  verdict: tuple[str, bool] | None = None) -> str | None:
    """Click unless the page's safety guard calls it irreversible; then return its reason.
    Every driver clicks through here, so the journey stops cleanly before the guard would
    have to swallow the click. `verdict`: the guard's, when the caller asked it already."""
    final, allowed = verdict or guard_verdict(target)
    if final and not allowed:
        return final
    target.click(timeout=timeout)
    return None


def stopped_by_guard(reason: str) -> tuple[str, str]:
    """How a journey ends at the safety guard, worded the same for every driver."""
    return "stopped", (f"stopped before the {reason}; --allow-irreversible lets it go on "
                       "(staging sites only)")


def drive_flow(page: Page, journey: FlowJourney, base_url: str,
               persona_for: Callable[[str], Persona], checkpoint: Callable[[], object],
               allows: Callable[[str], bool] | None = None) -> tuple[str, str]:
    """Walk a flow journey, calling `checkpoint()` after every action that can change the
    screen, so the recorder sees each one. The persona speaks the start page's language.
    Returns (status, reason)."""
    try:
        start = web_url(base_url, journey.start, allows)
    except StepFailed as exc:
        return "failed", f"start: {exc}"
    page.goto(start, wait_until=OPENED)
    checkpoint()
    persona = persona_for(page.evaluate("document.documentElement.lang") or "en")
    for n, step in enumerate(journey.step, 1):
        try:
            blocked = run_step(page, step, base_url, persona, allows)
        except StepFailed as exc:
            return "failed", f"step {n} ({exc})"
        if blocked:
            return stopped_by_guard(blocked)
        if step.action != "fill":  # typing does not change the screen; the next action will
            checkpoint()
    return "completed", ""
