"""The autopilot: from a bare URL, find signup or checkout and walk it like a customer.

Each turn reads the screen once (the recorder's annotation pass), clears what sits over it
(cookie banner, pop-up), checks whether the journey has ended or met a blocker it must not or
cannot pass (CAPTCHA, email verification, a payment form hosted by a third party), then either
fills and sends the journey's form or presses the best-ranked control towards the goal:
signup — the signup link (via sign-in or account pages if need be); checkout — a product, add
to cart, cart, checkout, guest checkout, onwards to the final button, where the same safety
guard as the flow driver stops it unless irreversible actions are allowed. It stays on the
site's origin, never presses the same control twice on a screen, never goes back to a page
it has seen, and is bounded by a step and a time limit. Every choice is explained in the
report through `ctx.decide`.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Error, Page

from frictionaudit.drive.autopilot_act import ANSWER_MS, Actor, Pressed
from frictionaudit.drive.autopilot_overlays import Overlays
from frictionaudit.drive.autopilot_screen import Control, Screen, intent, read_screen, screen_url
from frictionaudit.drive.contract import OPENED, DriveContext, JourneyPlan
from frictionaudit.drive.filler import Form, capped, main_form, plan
from frictionaudit.drive.finder import Choice, below, listings, products, rank, unchosen_option
from frictionaudit.drive.flow import stopped_by_guard
from frictionaudit.drive.persona import Persona, for_journey, load_persona
from frictionaudit.drive.save_flow import Trail
from frictionaudit.lexicon import keyword
from frictionaudit.model import JourneyKind

KINDS: tuple[JourneyKind, ...] = ("signup", "checkout")
MAX_TURNS = 80  # screens read: a loop guard beyond the step and time limits
CAPTCHA_FRAME = re.compile(r"recaptcha|hcaptcha|turnstile|challenges\.cloudflare|arkoselabs|"
                           r"funcaptcha|geetest", re.I)
PAYMENT_FRAME = re.compile(r"stripe|adyen|braintree|paypal|checkout\.com|mollie|worldpay|"
                           r"klarna|squareup|authorize\.net|payment|/pay\b|3ds", re.I)
# Goals found by where a link leads rather than by what it says.
FINDERS = {"product": products, "listing": listings}
# Goals that are pressed once per journey; the others (continue, place order) once per screen.
# What a signup journey never sends, and what a checkout sends only once shopping is done.
SHOPPING = frozenset({"add_to_cart", "checkout", "cart", "place_order", "guest"})
ACCOUNT = frozenset({"signup", "login"})
ONCE = {"signup", "login", "account", "guest", "checkout", "cart", "add_to_cart", "product",
        "listing"}


@dataclass(frozen=True)
class Limits:
    steps: int = 20
    seconds: float = 120.0


def autopilot_plans(url: str, journeys: list[str], allow_irreversible: bool = False,
                    trail: Trail | None = None, limits: Limits = Limits(),
                    taken: set[str] = frozenset()) -> list[JourneyPlan]:
    """Plans for `--journey auto|signup|checkout` (auto: both), starting at `url`; names
    already `taken` by flow journeys get an "(autopilot)" suffix."""
    kinds = [k for k in KINDS if k in journeys or "auto" in journeys]
    return [autopilot_plan(kind, url, allow_irreversible, trail, limits,
                           name=f"{kind} (autopilot)" if kind in taken else kind)
            for kind in kinds]


def autopilot_plan(kind: JourneyKind, url: str, allow_irreversible: bool = False,
                   trail: Trail | None = None, limits: Limits = Limits(),
                   name: str | None = None) -> JourneyPlan:
    def drive(page: Page, ctx: DriveContext) -> tuple[str, str]:
        parts = urlsplit(url)
        start = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        saved = trail.begin(name or kind, kind, start) if trail else None
        return Walk(Actor(page, ctx, saved), kind, url, limits).run()

    if trail is not None:
        trail.plan(name or kind)
    return JourneyPlan(name or kind, kind, drive, allow_irreversible)


class Walk:
    """One journey's state: what was pressed, sent, seen, and how far the customer got."""

    def __init__(self, actor: Actor, kind: JourneyKind, url: str, limits: Limits) -> None:
        self.actor, self.ctx, self.kind = actor, actor.ctx, kind
        self.url, self.limits = url, limits
        self.origin = ""  # the site's host, once the start page has loaded (after redirects)
        self.overlays = Overlays()
        self.persona: Persona | None = None
        self.tried: set[tuple[str, str]] = set()  # (screen key or "*", control key)
        self.sent: Counter[str] = Counter()  # forms sent, by screen
        self.waited: set[str] = set()  # screens whose sent form was given time to be answered
        self.seen: set[str] = set()  # addresses visited
        self.product = ""  # the product page the autopilot opened last
        self.added = self.account = self.final = self.forced = False

    def run(self) -> tuple[str, str]:
        self.actor.page.goto(self.url, wait_until=OPENED)
        self.ctx.checkpoint()
        deadline = time.monotonic() + self.limits.seconds
        for _ in range(MAX_TURNS):
            try:
                end = self._look_and_act(deadline)
            except Error as exc:  # the page moved under the read or the click: look again
                self.ctx.decide("retry", self.actor.page.url, str(exc).splitlines()[0])
                with contextlib.suppress(Error):
                    self.actor.page.wait_for_load_state(timeout=10_000)
                self.ctx.checkpoint()  # ends the journey if the site failed (a load, a crash)
                continue
            if end:
                return end
        return "stopped", f"no end reached after reading {MAX_TURNS} screens"

    def _look_and_act(self, deadline: float) -> tuple[str, str] | None:
        screen = read_screen(self.actor.page)
        self.persona = self.persona or for_journey(load_persona(screen.lang), self.kind)
        self.origin = self.origin or urlsplit(screen.url).netloc
        self.seen.add(screen_url(screen.url))
        if self.overlays.clear(screen, self._overlay):
            return None
        return self._ended(screen) or self._limited(deadline) or self._turn(screen)

    def _overlay(self, control: Control | None, action: str, why: str) -> None:
        self.actor.press(control, action, why, optional=True)

    # --- how a journey ends ------------------------------------------------------------
    def _ended(self, screen: Screen) -> tuple[str, str] | None:
        host = urlsplit(screen.url).netloc
        if host != self.origin:
            return "stopped", f"the journey went on to another site ({host}); the autopilot " \
                              f"stays on {self.origin}"
        frames = screen.frames(self.actor.page)
        if any(CAPTCHA_FRAME.search(u) for u in frames):
            return "stopped", "CAPTCHA"
        form = self._form(screen)
        if self.final and form is None and not self.actor.final_on_screen():
            return "completed", ""
        gate = _verify_gate(screen)
        if self.kind == "signup" and self.account and (form is None or gate):
            return "completed", ("account created; the site asks to confirm the email address "
                                 "before it can be used" if gate else "")
        if gate and self.account:
            return "stopped", "email verification required before the checkout can go on"
        payment = [u for u in frames if PAYMENT_FRAME.search(u)]
        has_card = form is not None and any((f.purpose or "").startswith("card_")
                                            for f in form.fields)
        if self.kind == "checkout" and self.added and payment and not has_card:
            host = urlsplit(payment[0]).netloc
            return "stopped", f"the payment form is in a third-party frame ({host})"
        return None

    def _limited(self, deadline: float) -> tuple[str, str] | None:
        if time.monotonic() > deadline:
            return "stopped", f"time limit reached ({self.limits.seconds:g} s)"
        if self.ctx.current_step() + 1 >= self.limits.steps:
            return "stopped", f"step limit reached ({self.limits.steps} steps)"
        return None

    # --- one turn ----------------------------------------------------------------------
    def _form(self, screen: Screen) -> Form | None:
        """The journey's form here: a signup never sends a shopping form; before anything is
        in the cart, a checkout goes to a product before it signs in or up."""
        shopping = self.kind == "checkout" and not self.added
        return main_form(screen, skip=SHOPPING if self.kind == "signup" else frozenset(),
                         doubt=ACCOUNT if shopping else frozenset())

    def _turn(self, screen: Screen) -> tuple[str, str] | None:
        form = self._form(screen)
        sent = self.sent[screen.key]
        if form is not None and sent and self._unanswered(screen, form):
            self.waited.add(screen.key)
            self.ctx.decide("wait", screen.heading, "the form was sent and the site has not "
                            "answered yet: waiting for its answer")
            self.actor.await_move(screen.url, form.submit, ANSWER_MS)
            return None
        if form is None or (sent and (not screen.errors() or form.intent == "add_to_cart")):
            return self._navigate(screen)  # a message after adding to the cart is a toast
        if not form.sure and not sent and (way := self._way_on(screen)):
            return self._go(screen, way[1], way[0])  # a listing's filters: navigation first
        if sent >= 2:
            return "stopped", f"the form was refused twice: {'; '.join(screen.errors())[:200]}"
        if form.is_login():
            return self._login_wall(screen, form)
        if self.kind == "checkout" and form.intent == "signup" and not sent:
            if guest := self._best(screen, "guest"):
                return self._go(screen, guest, "guest checkout")
            if not self.forced:
                self.forced = True
                self.ctx.decide("create account", screen.heading,
                                "no guest checkout: creating an account is the only way on")
        if way := self._option_first(screen, form.submit if form.intent == "add_to_cart" else None):
            return self._go(screen, way[1], way[0])
        return self._send(screen, form, retry=bool(sent))

    def _unanswered(self, screen: Screen, form: Form) -> bool:
        """An account form sent from this very screen is still shown as it was sent, with no
        message: the site has not answered yet (a server under load), nothing to judge yet."""
        return (self.account and form.submit is not None and screen.key not in self.waited
                and not screen.errors() and not self.actor.answered(screen.url, form.submit))

    def _send(self, screen: Screen, form: Form, retry: bool) -> tuple[str, str] | None:
        if retry:
            self.ctx.decide("retry", screen.heading, "the site refused the form ("
                            + "; ".join(screen.errors())[:200] + "): fixing it once")
        fills, left = capped(plan(form, self.persona, screen.lang, fix=retry),
                             self.ctx.fields_cap)
        if left:
            self.ctx.limit_hit("fields", f"form truncated at {self.ctx.fields_cap:,} fields: "
                               f"{left:,} more were left as they were")
        for fill in fills:
            if retry and fill.action == "note":
                continue  # explained on the first pass
            if fill.action == "blocked":
                self.ctx.decide("stop", fill.field.label_or_name, "a CAPTCHA a customer must "
                                "solve and an auditor must not")
                return "stopped", "CAPTCHA"
            self.actor.apply(fill, self.persona)
        if form.submit is None or not form.submit.submits:
            form = self._own_button(form)
        if form.submit is None:
            return "failed", f"no button sends the form on {screen.url}"
        self.sent[screen.key] += 1
        said = intent(form.submit.text, screen.lang)
        # Counted before the click: a slow signup (password hashing) may outlast the click's
        # wait, and the page it lands on is still the new account's.
        self.account = self.account or self.kind == "signup" or form.intent == "signup"
        self.actor.mark_sent()
        pressed = self.actor.press(form.submit, "submit", f'sends the form: "{form.submit.text}"')
        if self.account and not pressed.blocked:
            self.actor.await_move(screen.url, form.submit)
        return self._progress(said, pressed)

    def _own_button(self, form: Form) -> Form:
        """The form as it stands once filled, when its own send button is now enabled (a
        one-page checkout's, disabled until a payment method is chosen): pressed rather than
        a button taken by its words before, or none."""
        if form.tag is not None and form.fields:
            self.actor.await_enabled(form.fields[0].selector)
        filled = self._form(read_screen(self.actor.page))
        if filled is not None and filled.submit is not None:
            return filled  # EverShop's "Place Order", enabled, is a type=button sent by script
        return form

    def _login_wall(self, screen: Screen, form: Form) -> tuple[str, str] | None:
        if self.kind == "checkout" and (guest := self._best(screen, "guest")):
            return self._go(screen, guest, "guest checkout")
        if signup := self._best(screen, "signup"):
            signup.why = f"a sign-in wall and no account yet: registering. {signup.why}"
            return self._go(screen, signup, "signup")
        if self.account:
            self.ctx.decide("sign in", screen.heading, "signs in with the account just created")
            return self._send(screen, form, retry=False)
        what = "no guest checkout and no way to register" if self.kind == "checkout" else \
            "no way to register"
        return "stopped", f"a sign-in wall with {what}"

    def _navigate(self, screen: Screen) -> tuple[str, str] | None:
        if way := self._way_on(screen):
            return self._go(screen, way[1], way[0])
        if screen.modal is not None and (close := self._best(screen, "close")):
            close.why = f"a dialog holds the page and offers no way on: closed. {close.why}"
            return self._go(screen, close, "close dialog")
        if self.kind == "signup" and not self.account:
            return "stopped", ("the site offers no signup: no signup, sign-in or account link "
                               f"on {screen.url}")
        if self.kind == "signup":
            return "failed", f"found no way on after sending the signup form on {screen.url}"
        target = "way to the checkout" if self.added else "product to add to the cart"
        return "failed", f"found no {target} on {screen.url}"

    def _way_on(self, screen: Screen) -> tuple[str, Choice] | None:
        """The first goal with a control for it here, and the best such control."""
        for goal in self._goals():
            if choice := self._best(screen, goal):
                if goal == "add_to_cart":
                    return self._option_first(screen, choice.control) or (goal, choice)
                return goal, choice
        return None

    def _option_first(self, screen: Screen, add: Control | None) -> tuple[str, Choice] | None:
        """Before adding to the cart: a row of options with none chosen gets its first."""
        option = unchosen_option(screen, add, self._tried_here(screen)) if add else None
        return ("choose_option", option) if option else None

    def _tried_here(self, screen: Screen) -> set[str]:
        return {key for scope, key in self.tried if scope in ("*", screen.key)}

    def _goals(self) -> list[str]:
        if self.kind == "signup":
            return ["signup", "login", "account", "continue"]
        if self.added:
            return ["guest", "checkout", "place_order", "cart", "continue"]
        return ["add_to_cart", "product", "listing", "place_order"]

    def _best(self, screen: Screen, goal: str) -> Choice | None:
        skip = self._tried_here(screen)
        finder = FINDERS.get(goal)
        found = finder(screen, skip) if finder else rank(screen, goal, skip)
        fresh = [ch for ch in found if (not ch.control.href
                                        or screen_url(ch.control.href) not in self.seen)
                 and (screen.modal is None or screen.in_modal(ch.control))
                 and not (goal == "product" and screen_url(screen.url) == self.product
                          and below(screen, ch.control))
                 and not keyword(ch.control.text, "destructive", screen.lang)]
        return fresh[0] if fresh else None

    def _go(self, screen: Screen, choice: Choice, goal: str) -> tuple[str, str] | None:
        control = choice.control
        self.tried.add(("*" if goal in ONCE else screen.key, control.key))
        if control.href:
            self.seen.add(screen_url(control.href))
            self.product = screen_url(control.href) if goal == "product" else self.product
        return self._progress(goal, self.actor.press(control, goal.replace("_", " "), choice.why))

    def _progress(self, goal: str | None, pressed: Pressed) -> tuple[str, str] | None:
        if pressed.blocked:
            return stopped_by_guard(pressed.blocked)
        self.added = self.added or goal == "add_to_cart"
        self.final = self.final or bool(pressed.final)
        return None


def _verify_gate(screen: Screen) -> bool:
    """A page that holds the customer until they confirm their email address: it says so in
    its heading, or says so and offers no way on (a welcome page may just mention the mail)."""
    if keyword(screen.heading, "verify_email", screen.lang):
        return True
    links = any(c.role == "link" and c.region == "main" for c in screen.controls)
    return not links and keyword(screen.text, "verify_email", screen.lang) is not None
