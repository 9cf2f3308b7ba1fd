"""Effort between steps: an account wall before checkout, data asked for twice, passwords that
cannot be pasted or autofilled, puzzles, a wait for an e-mail, and a pop-up on arrival.

Baymard: 26% of shoppers abandoned a checkout because the site wanted an account. WCAG 2.2
3.3.7 (Redundant Entry) and 3.3.8 (Accessible Authentication) make two of these testable, and
only a journey shows the first: the e-mail address typed at step 1 and asked again at step 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import soupsieve
from bs4 import Tag

from frictionaudit.check.pagefacts import (
    choice_text,
    field_words,
    quote,
    rule_word,
    step_name,
)
from frictionaudit.check.registry import (
    Hit,
    JourneyContext,
    JourneyView,
    PageContext,
    Params,
    journey_check,
    page_check,
)
from frictionaudit.lexicon import field_purpose_from_text, fold, keyword
from frictionaudit.snapshot.fields import ARRIVAL_ATTR, AUTOFILL_PURPOSES, Field
from frictionaudit.snapshot.page import PageSnapshot, control_text, squash

CARD = {"card_number", "card_expiry", "card_cvc"}
ADDRESS = {"address_line1", "address_line2", "city", "region", "postcode", "country"}
CREDENTIALS = {"password", "username", "email"}
NAMES = {"name", "given_name", "family_name"}
# reCAPTCHA, hCaptcha, Turnstile, Friendly Captcha and home-made ones; v3's badge and
# invisible widgets set the customer no task.
_CAPTCHA = re.compile(r"captcha|cf-turnstile", re.I)
_NO_TASK = re.compile(r"grecaptcha-badge|invisible", re.I)
_ASIDE = {"header", "footer", "nav", "aside", "dialog"}
ONWARD = ("continue", "checkout", "cart", "close")


@journey_check("forced_account", says=("field",))
def forced_account(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """A password required before the payment step, with no guest option on that step, nor
    a guest button on an earlier one (a journey may sign in by choice after passing one). On
    a screen read again in place, the password must have been asked on arrival: one that
    appeared after the customer's own action ("Log in") was their choice."""
    for step, page in view.steps():
        fields = page.counted_fields()
        if any(f.purpose in CARD for f in fields) or _guest_button(page):
            return
        arrival = view.arrival_pages.get(step.index)
        asked = None if arrival is None else {f.name for f in arrival.counted_fields()}
        wall = next((f for f in fields if _secret(f) and not _optional(f, page)
                     and (asked is None or f.name in asked)), None)
        if wall is not None and not keyword(page.visible_text, "guest", page.lang) \
                and not _guest_form(fields):
            yield Hit(f"{step_name(step, page)} asks for a password ({quote(field_words(wall))}) "
                      f"before payment and offers no guest checkout", tag=wall.tag,
                      step=step.index, data={"field": field_words(wall)})
            return


def _guest_button(page: PageSnapshot) -> bool:
    """A control that says "continue as guest" in so many words (the bare word "guest" also
    names products: "linen guest towel")."""
    return any(" " in (keyword(control_text(c), "guest", page.lang) or "")
               for c in page.controls)


def _guest_form(fields: list[Field]) -> bool:
    """A form that takes the order's details without a password, beside the sign-in box."""
    forms: dict[int, list[Field]] = {}
    for f in fields:
        forms.setdefault(id(f.tag.find_parent("form")), []).append(f)
    return any(
        not any(_secret(f) for f in group)
        and any(f.purpose in ADDRESS | NAMES for f in group)
        for group in forms.values()
    )


def _optional(field: Field, page: PageSnapshot) -> bool:
    words = f"{field.label_or_name} {field.hint}"
    return not field.required and bool(keyword(words, "optional", page.lang))


@journey_check("redundant_entry", says=("field", "first"))
def redundant_entry(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """A datum asked again on a later step, empty on arrival; one finding per datum and step.
    Passwords and card details are WCAG's security exception; confirm fields on one form are
    the confirm-field rule's."""
    asked: list[tuple[str, Field]] = []
    for step, page in view.steps():
        if step.passed_through:  # a log-in screen passed on the way: nothing was asked there
            continue
        fields = [f for f in page.counted_fields() if f.purpose and not _exempt(f)
                  and page.region(f.tag) not in _ASIDE]  # not the footer's newsletter box
        selectable = _same_as_offered(page)
        reported: set[str] = set()
        for field in fields:
            if field.purpose in reported or _prefilled(field) or (
                    selectable and field.purpose in ADDRESS):
                continue
            first = next(((where, f) for where, f in asked if _same_datum(f, field)), None)
            if first is None:
                continue
            reported.add(field.purpose)
            where, earlier = first
            name = field_words(field)
            yield Hit(f"{quote(name)} asked at {step_name(step, page)}, empty; {where} asked "
                      f"{quote(field_words(earlier))}", tag=field.tag, step=step.index,
                      data={"field": name, "first": where})
        asked.extend((step_name(step, page), f) for f in fields)


def _same_datum(a: Field, b: Field) -> bool:
    """Same purpose, and evidence it is the same thing: autofill tokens on both, the same name
    or label, or the same e-mail or phone input type. A purpose guessed from words alone
    ("Electronic correspondence address") is not enough."""
    if a.purpose != b.purpose:
        return False
    tokens = [f.autocomplete.split()[-1] if f.autocomplete else "" for f in (a, b)]
    labels = [fold(f.label_or_name) for f in (a, b)]
    return (all(t in AUTOFILL_PURPOSES for t in tokens)
            or (bool(a.name) and a.name == b.name)
            or (bool(labels[0]) and labels[0] == labels[1])
            or a.kind == b.kind in ("email", "tel"))


def _secret(field: Field) -> bool:
    """A password field, whatever its words suggest ("Identifiant secret" reads as a username)."""
    return field.kind == "password" or field.purpose == "password"


def _exempt(field: Field) -> bool:
    return _secret(field) or field.purpose in CARD | {"card_holder"} or (
        field.purpose or "").endswith("_confirm")


def _prefilled(field: Field) -> bool:
    """Filled by the site: a value it was not given by the customer on this screen."""
    if field.tag.get(ARRIVAL_ATTR) == "empty":
        return False
    return bool(field.value) or field.tag.get("data-fa-filled") == "1"


def _same_as_offered(page: PageSnapshot) -> bool:
    """A "same as delivery address" box lets the customer select what they gave before."""
    return any(
        f.kind in ("checkbox", "radio") and (
            keyword(choice_text(f), "shipping", page.lang)
            or field_purpose_from_text(choice_text(f), page.lang) == "address_line1")
        for f in page.fields if f.visible or f.label
    )


@page_check("paste_blocked", says=("field",))
def paste_blocked(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """The recorder's probe: a paste event the page cancelled."""
    blocked = ctx.step.probes.paste_blocked if ctx.step else []
    fields = _probed(page, set(blocked)) if blocked else {}
    for selector in blocked:
        field = fields.get(selector)
        tag = field.tag if field else None
        handler = tag.get("data-fa-onpaste") if tag is not None else None
        name = quote(field_words(field)) if field else selector
        yield Hit(f"pasting into {name} is blocked"
                  + (f' (onpaste="{handler}")' if handler else ""),
                  tag=tag, selector="" if tag is not None else selector,
                  data={"field": name})


def _probed(page: PageSnapshot, selectors: set[str]) -> dict[str, Field]:
    """The first field each probe selector names, in one pass over the fields. probes.js names a
    field by its id (CSS-escaped) or else by its tag and name; the same keys are built here."""
    found: dict[str, Field] = {}
    for field in page.fields:
        key_id, name = field.tag.get("id"), field.tag.get("name")
        keys = [f"#{soupsieve.escape(key_id)}"] if key_id else []
        if name:
            keys.append(f'{field.tag.name}[name="{name}"]')
        for key in keys:
            if key in selectors:
                found.setdefault(key, field)
    return found


@page_check("credential_autocomplete_off", says=("field",))
def credential_autocomplete_off(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """autocomplete="off" on a sign-up or sign-in form's credentials shuts out password
    managers, the helping mechanism WCAG 3.3.8 names."""
    for field in page.fields:
        if not (field.purpose in CREDENTIALS or _secret(field)) or not field.visible:
            continue
        form = field.tag.find_parent("form")
        scope = form if form is not None else page.soup
        if scope.find("input", attrs={"type": "password"}) is None:
            continue
        inherited = not field.autocomplete and form is not None and (
            form.get("autocomplete", "").strip().lower() == "off")
        if field.autocomplete == "off" or inherited:
            where = "its form has" if inherited else "has"
            yield Hit(f'{quote(field_words(field))} {where} autocomplete="off"', tag=field.tag,
                      data={"field": field_words(field)})


@page_check("captcha", says=("what",))
def captcha(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """One finding per page: a field that asks to solve a puzzle, else a visible widget."""
    for field in page.counted_fields():
        words = f"{field.label_or_name} {field.placeholder} {field.name} {field.hint}"
        word = keyword(words, "captcha", ctx.lang)
        if word and field.purpose not in CARD:
            yield Hit(f"{quote(field_words(field))} asks the customer to solve a CAPTCHA",
                      tag=field.tag, data={"what": quote(field_words(field))})
            return
    for tag in page.tree.inside(page.soup.body or page.soup):
        attrs = tag.attrs  # read directly: every element of the page passes here
        names = " ".join([attrs.get("id", ""), *attrs.get("class", ()), attrs.get("src", "")])
        if (_CAPTCHA.search(names) and not _NO_TASK.search(names)
                and tag.get("data-size") != "invisible" and page.visible(tag)):
            yield Hit(f"a CAPTCHA widget ({page.selector(tag)}) stands in the way", tag=tag,
                      data={"what": page.selector(tag)})
            return


class Obligation(Params):
    # words per language that make a screen an obligation ("you must verify…")
    obligation: dict[str, list[str]] = {}


@journey_check("email_verification_gate", params=Obligation, says=("text",))
def email_verification_gate(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """"You must confirm your e-mail before you can continue", where the journey ends or the
    page offers no way on. "We sent you a link, keep shopping" is no gate."""
    steps = list(view.steps())
    for i, (step, page) in enumerate(steps):
        blocks = [b for b in page.text_blocks
                  if page.region(b.tag) not in _ASIDE and not page.in_dialog(b.tag)]
        main_text = " ".join(b.text for b in blocks)
        if not keyword(main_text, "verify_email", page.lang):
            continue
        gate = next((b for b in blocks if rule_word(b.text, ctx.params, "obligation", page.lang)
                     and keyword(f"{page.main_heading()} {b.text}", "verify_email", page.lang)),
                    None)
        if gate is None:
            continue
        if i == len(steps) - 1 or not (page.counted_fields() or _onward(page)):
            yield Hit(f"{quote(gate.text, 120)} at {step_name(step, page)}, with no way on",
                      tag=gate.tag, step=step.index, data={"text": quote(gate.text, 120)})


def _onward(page: PageSnapshot) -> bool:
    return any(page.region(c) not in _ASIDE and any(keyword(control_text(c), k, page.lang)
                                                    for k in ONWARD) for c in page.controls)


@page_check("arrival_popup", says=("title", "word"))
def arrival_popup(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """A newsletter or discount dialog asking for an e-mail address on the first step."""
    if ctx.step is None or ctx.step.index != 0:
        return
    for field in page.fields:
        if field.purpose != "email" or not field.visible:
            continue
        layer = _layer(page, field.tag)
        if layer is None:
            continue
        text = squash(layer.get_text(" "))
        word = keyword(text, "newsletter", ctx.lang) or keyword(text, "marketing", ctx.lang)
        if word and not keyword(text, "cookie", ctx.lang):
            heading = layer.find(["h1", "h2", "h3"])
            title = squash(heading.get_text(" ")) if heading else text
            yield Hit(f"{quote(title)} pops up on arrival asking for an e-mail address",
                      tag=layer, data={"title": quote(title, 60), "word": word})
            return


def _layer(page: PageSnapshot, tag: Tag) -> Tag | None:
    """The dialog, or failing that the fixed overlay, that holds `tag`."""
    parents = [p for p in tag.parents if isinstance(p, Tag)]
    dialog = next((p for p in parents if p.name == "dialog" or p.get("aria-modal") == "true"
                   or p.get("role") in ("dialog", "alertdialog")), None)
    if dialog is not None:
        return dialog
    return next((p for p in parents if p.get("data-fa-fixed") == "1"
                 and page.region(p) not in ("header", "nav", "footer")), None)
