"""The autopilot's hands: every action goes through here, so each one is explained (a decision
in the report), recorded (a checkpoint after every action that can change the screen, as the
flow driver does), guarded (the flow driver's own safety check before any click) and, with
--save-flow, written down."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Error, Locator, Page

from frictionaudit.drive.autopilot_screen import Control
from frictionaudit.drive.contract import DriveContext
from frictionaudit.drive.filler import DISABLED_SEND, Fill
from frictionaudit.drive.flow import FlowJourney, FlowStep, guard_verdict, guarded_click
from frictionaudit.drive.persona import Persona
from frictionaudit.drive.save_flow import control_locator, field_locator

TIMEOUT_MS = 5_000
# The safety guard's own verdict (record/agent.js), asked even when irreversible actions are
# allowed: the autopilot must know when the order is being placed, whoever lets it through.
VERDICT_JS = "(el) => (window.__frictionauditIrreversible || (() => ''))(el)"
FINAL_ON_SCREEN_JS = f"""() => Array.from(document.querySelectorAll(
  "button, input[type=submit], input[type=image], a, [role=button]"))
  .some((el) => el.checkVisibility() && ({VERDICT_JS})(el))"""
# A form sent by script may move on by script a while later (a signup that registers, signs
# the customer in, then goes to the home page): how long the look after it waits for that.
MOVE_MS = 5_000
# Still waiting: the send button is still shown, and no error says why nothing happens.
UNANSWERED_JS = """(selector) => {
  const shown = (el) => el.checkVisibility();
  const button = document.querySelector(selector);
  return !!button && shown(button) && !Array.from(document.querySelectorAll(
    "[role=alert], [aria-invalid=true]")).some((el) => shown(el) &&
    (el.getAttribute("role") !== "alert" || el.textContent.trim()));
}"""
# A sent form is answered once the page is another document (the mark is set on the sending one
# before the press), at another address, or no longer shows the send button as it was sent.
MARK_SENT_JS = "() => { window.__frictionauditSent = true; }"
ANSWERED_JS = f"""([url, selector]) => location.href !== url || !window.__frictionauditSent
  || !({UNANSWERED_JS})(selector)"""
# A form's own send button, disabled until the form is filled, is enabled now (or there is none).
ENABLED_JS = f"""(selector) => {{
  const form = document.querySelector(selector)?.form;
  return !form || !form.querySelector({json.dumps(DISABLED_SEND)});
}}"""
# How long a sent account form that is still shown, with no message, is given to be answered:
# a server under load (a password hashed, a mail sent) answers a signup seconds late.
ANSWER_MS = 20_000


@dataclass
class Pressed:
    blocked: str = ""  # the guard refused the click, and why
    final: str = ""  # the guard calls the control irreversible (it went through if allowed)


class Actor:
    def __init__(self, page: Page, ctx: DriveContext, journey: FlowJourney | None) -> None:
        self.page = page
        self.ctx = ctx
        self.journey = journey  # where --save-flow writes the steps, if asked

    def press(self, control: Control | None, action: str, why: str,
              optional: bool = False) -> Pressed:
        """Explain, then click through the safety guard (a note alone without a control).
        A refused click is still saved, so a replay stops at the same place."""
        self.ctx.decide(action, control.text if control else "", why)
        if control is None:
            return Pressed()
        target = self.page.locator(control.selector).first
        saved = control_locator(self.page, control) if self.journey else {}
        verdict = guard_verdict(target)  # asked even when final actions are allowed
        tabs = list(self.page.context.pages)
        blocked = guarded_click(target, TIMEOUT_MS, verdict)
        self._save(action="click", optional=optional, **saved)
        if not blocked:
            self.ctx.checkpoint()
            self._follow(tabs, control.href, _new_tab(control))
        return Pressed(blocked or "", verdict[0])

    def mark_sent(self) -> None:
        """Mark the document a form is sent from, so a new one (the site's answer) is known even
        at the same address (a POST answered on its own URL)."""
        with contextlib.suppress(Error):
            self.page.evaluate(MARK_SENT_JS)

    def answered(self, url: str, control: Control) -> bool:
        """Whether the site has answered the form sent from `url` by `control` (see mark_sent)."""
        try:
            return self.page.evaluate(ANSWERED_JS, [url, control.selector])
        except Error:
            return True  # the page moved under the look: an answer

    def await_enabled(self, field_selector: str) -> None:
        """Give the form of this field time (TIMEOUT_MS) to enable its own send button, which a
        one-page checkout enables only once its answer to a choice (payment) has come back."""
        with contextlib.suppress(Error):
            self.page.wait_for_function(ENABLED_JS, arg=field_selector, timeout=TIMEOUT_MS)

    def await_move(self, url: str, control: Control, ms: int | None = None) -> None:
        """After a form was sent without leaving `url`, its button still there and no error
        shown: wait (MOVE_MS at most, unless told) for the page to move on, by script or by the
        server's late answer, and read where it went, so the screen that ends the journey is
        its last step."""
        with contextlib.suppress(Error):
            if self.answered(url, control):
                return
            self.page.wait_for_function(ANSWERED_JS, arg=[url, control.selector],
                                        timeout=ms or MOVE_MS)
            self.ctx.checkpoint()

    def final_on_screen(self) -> bool:
        """Whether the guard sees an irreversible control here (a review page's place order)."""
        return self.page.evaluate(FINAL_ON_SCREEN_JS)

    def apply(self, fill: Fill, persona: Persona) -> None:
        """Do one planned thing to a field (or only explain it, for a note)."""
        f = fill.field
        self.ctx.decide(fill.action, f.label_or_name or f.name, fill.why)
        if fill.action not in ("fill", "select", "check", "uncheck"):
            return
        saved = field_locator(self.page, f) if self.journey else {}
        target = self.page.locator(f.selector).first
        if fill.action == "fill":
            target.fill(persona.expand(fill.value), timeout=TIMEOUT_MS)
        elif fill.action == "select":
            target.select_option(persona.expand(fill.value), timeout=TIMEOUT_MS)
        else:
            _tick(target, fill.action == "check")
        value = {"value": fill.value} if fill.action in ("fill", "select") else {}
        self._save(action=fill.action, **saved, **value)
        if fill.action != "fill":  # as the flow driver: typing does not change the screen
            self.ctx.checkpoint()

    def _follow(self, before: list[Page], href: str | None = None,
                expected: bool = False) -> None:
        """Go on in the tab the click opened, as a customer would: the one the link leads
        to, else the first one opened by this page (an advert's window comes later or from
        elsewhere). A link that names a new window is given time to open the tab at its
        address: a window the page's script opens at the same click comes first, before it."""
        def at_link(pages: list[Page]) -> list[Page]:
            return [p for p in pages if href and _address(p.url) == _address(href)]

        opened = [p for p in self.page.context.pages if p not in before]
        waited = 0
        while expected and not at_link(opened) and waited < TIMEOUT_MS:
            self.page.wait_for_timeout(50)
            waited += 50
            opened = [p for p in self.page.context.pages if p not in before]
        if not opened:
            return
        for p in opened:
            with contextlib.suppress(Error):
                p.wait_for_load_state("domcontentloaded", timeout=15_000)
        same = at_link(opened)
        mine = [p for p in opened if _opener(p) == self.page]
        tab = (same or mine or opened)[0]
        tab.wait_for_load_state(timeout=15_000)
        self.ctx.decide("follow tab", tab.url, "the site opened the next step in a new tab")
        self.ctx.follow(tab)
        self.page = tab
        parts = urlsplit(tab.url)
        self._save(action="goto", url=parts.path + (f"?{parts.query}" if parts.query else ""))
        self.ctx.checkpoint()

    def _save(self, **step) -> None:
        if self.journey is not None:
            self.journey.step.append(FlowStep(**{k: v for k, v in step.items() if v}))


def _new_tab(control: Control) -> bool:
    """A link that opens another window (target="_blank" or a named one)."""
    return bool(control.href) and (control.tag.get("target") or "_self").lower() not in (
        "_self", "_top", "_parent")


def _address(url: str) -> str:
    return url.split("#")[0].rstrip("/")


def _opener(page: Page) -> Page | None:
    try:
        return page.opener()
    except Error:
        return None


def _tick(target: Locator, on: bool) -> None:
    """Tick or untick; a box drawn over by custom styling is set directly, as its label would."""
    try:
        target.set_checked(on, timeout=TIMEOUT_MS)
    except Error:
        target.set_checked(on, force=True, timeout=TIMEOUT_MS)
