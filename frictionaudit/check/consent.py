"""Control over consent: boxes ticked for the customer, marketing bundled with the terms,
cookie banners that make saying no harder than saying yes, personal data asked for with no
privacy notice in reach, and marketing sign-ups that never say how to stop.

Removing the reject button from a banner's first layer raised consent by 22-23 points in
Nouwens et al. (CHI 2020): the prominence of the way out is the point, so a reject control is
compared with the accept control by the size, type size and contrast a customer sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from bs4 import Tag

from frictionaudit.check.pagefacts import (
    choice_text,
    field_words,
    link_text,
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
from frictionaudit.lexicon import keyword, pattern_words
from frictionaudit.snapshot.banner import cookie_banner
from frictionaudit.snapshot.fields import Field
from frictionaudit.snapshot.forms import signs_in
from frictionaudit.snapshot.page import PageSnapshot, control_text

# Data about the customer themselves (not credentials, not card details: those have their own
# notices at the payment provider).
PERSONAL = {"email", "name", "given_name", "family_name", "phone", "address_line1", "postcode",
            "city", "birth_date", "gender"}
NOTICE_WORDS = 40  # a just-in-time privacy notice is a sentence or two
_PRIVACY_PATH = re.compile(pattern_words("privacy_path"), re.I)


class Marketing(Params):
    # words per language that make a box an opt-out or a decline ("do not send me…")
    declines: dict[str, list[str]] = {}


class Prominence(Params):
    """A reject button is weaker than accept below these shares of its size, font, contrast."""

    min_area_ratio: float = 0.5
    min_font_ratio: float = 0.85
    min_contrast: float = 4.5


def _marketing(text: str, lang: str, params: dict[str, Any]) -> str | None:
    """The marketing or newsletter words of a consent label, unless it is worded as a no or
    may be about the order itself ("Text me delivery updates", "by SMS" is a marketing word)."""
    newsletter = keyword(text, "newsletter", lang)
    word = newsletter or keyword(text, "marketing", lang)
    if not word or rule_word(text, params, "declines", lang):
        return None
    return word if newsletter or not keyword(text, "shipping", lang) else None


def _consent_boxes(page: PageSnapshot) -> Iterator[tuple[Field, str]]:
    """Checkboxes a customer can see, with their words."""
    for field in page.fields:
        if field.kind == "checkbox" and (field.visible or field.label):
            text = choice_text(field)
            if text:
                yield field, text


@page_check("consent_preticked", params=Marketing, says=("label", "word"))
def consent_preticked(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """The checked state is the live one: a box ticked by a script after load counts; a box
    the customer ticked before the screen was re-shown (record/arrival.py) does not."""
    for field, text in _consent_boxes(page):
        word = _marketing(text, ctx.lang, ctx.params)
        if field.ticked_on_arrival and word:
            yield Hit(f"{quote(text)} is ticked on arrival", tag=field.tag,
                      data={"label": quote(text, 60), "word": word})


@page_check("consent_bundled", params=Marketing, says=("label", "marketing", "terms"))
def consent_bundled(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    for field, text in _consent_boxes(page):
        agree = keyword(text, "terms", ctx.lang) or (keyword(text, "accept", ctx.lang) and (
            keyword(text, "privacy", ctx.lang) or keyword(text, "personal_data", ctx.lang)))
        word = _marketing(text, ctx.lang, ctx.params)
        if agree and word:
            yield Hit(f"one box accepts {quote(agree)} and consents to {quote(word)}: "
                      f"{quote(text)}", tag=field.tag,
                      data={"label": quote(text, 60), "terms": agree, "marketing": word})


# --- cookie banners (snapshot/banner.py reads them, for the autopilot too) ---------------


def _looks(page: PageSnapshot, tag: Tag) -> str:
    box = page.box(tag) or [0, 0, 0, 0]
    parts = [f"{box[2]:g}×{box[3]:g} px"]
    if page.font_size(tag):
        parts.append(f"{page.font_size(tag):g}px text")
    if page.contrast(tag):
        parts.append(f"contrast {page.contrast(tag):.1f}:1")
    return f"{quote(control_text(tag), 40)} ({', '.join(parts)})"


def weaker(page: PageSnapshot, reject: Tag, accept: Tag, params: dict[str, Any]) -> bool:
    """Whether the way out is clearly less prominent than the way in: at least two of
    smaller, in smaller type, and fainter than both the accept control and readable text. A
    plain but readable "Reject all" link of ordinary size is not enough to fire."""
    area = page.area
    font_r, font_a = page.font_size(reject) or 0, page.font_size(accept) or 0
    contrast_r, contrast_a = page.contrast(reject) or 21, page.contrast(accept) or 21
    signals = (area(reject) < params["min_area_ratio"] * area(accept),
               font_r < params["min_font_ratio"] * font_a,
               contrast_r < min(params["min_contrast"], contrast_a))
    return sum(signals) >= 2


@journey_check("cookie_no_reject", params=Prominence, says=("accept", "reject", "way_out"))
def cookie_no_reject(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """Reported once per banner, on the first step that shows it."""
    seen: set[str] = set()  # the banner's wording
    for step, page in view.steps():
        banner = cookie_banner(page)
        if banner is None:
            continue
        reject = max(banner.rejects, key=page.area) if banner.rejects else None
        if reject is not None and not weaker(page, reject, banner.accept, ctx.params):
            continue
        if reject is not None:
            way_out = f"reject {_looks(page, reject)}"
        else:
            others = "; ".join(_looks(page, s) for s in banner.settings[:1])
            way_out = "no reject on the first layer" + (f", only {others}" if others else "")
        key = " | ".join(control_text(c) for c in [banner.accept, *banner.rejects[:1]])
        if key in seen:
            continue
        seen.add(key)
        yield Hit(f"accept {_looks(page, banner.accept)}; {way_out}", tag=banner.accept,
                  step=step.index,
                  data={"accept": quote(control_text(banner.accept), 40),
                        "reject": quote(control_text(reject), 40) if reject is not None else "",
                        "way_out": way_out})


# --- privacy and opting out -------------------------------------------------------------------


@page_check("privacy_notice_missing", says=("asked",))
def privacy_notice_missing(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    asked = [f for f in page.counted_fields() if f.purpose in PERSONAL]
    if not asked or _signing_in(page, asked, ctx.lang) or _privacy_shown(page, ctx.lang):
        return
    named: dict[str | None, str] = {}  # one name per purpose: "Date of birth (DD)", not DD, MM
    for f in asked:
        named.setdefault(f.purpose, field_words(f))
    purposes = ", ".join(named.values())
    yield Hit(f"asks for {purposes}; no privacy notice or link on the page", tag=asked[0].tag,
              data={"asked": purposes})


def _signing_in(page: PageSnapshot, asked: list[Field], lang: str) -> bool:
    """A sign-in form asks for an e-mail address the shop already holds: the journey's form
    signs in (one password for an account already made), under no signup heading."""
    if {f.purpose for f in asked} != {"email"}:
        return False
    fields = page.counted_fields()
    passwords = [f for f in fields if f.kind == "password"]
    return bool(passwords) and signs_in(passwords[0].tag.find_parent("form"), fields, lang) \
        and not keyword(page.main_heading(), "signup", lang)


def _privacy_shown(page: PageSnapshot, lang: str) -> bool:
    """A visible link to the privacy notice (or saying "personal data": it leads there), or a
    short notice in the page's text that names it. A sentence that only says "personal
    information" is about the data, not its use (a password hint), and a long legal paragraph
    is no notice a customer reads."""
    if any(page.visible(a) and (keyword(link_text(a), "privacy", lang)
                                or keyword(link_text(a), "personal_data", lang)
                                or _PRIVACY_PATH.search(urlsplit(a["href"]).path))
           for a in page.links):
        return True
    return any(keyword(b.text, "privacy", lang) and len(b.text.split()) <= NOTICE_WORDS
               for b in page.text_blocks)


@journey_check("opt_out_missing", params=Marketing, says=("how", "label"))
def opt_out_missing(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """A journey that asks for marketing consent (at signup, or in an account forced on the
    customer at checkout) and never says how to take it back."""
    offered = None
    for step, page in view.steps():
        if keyword(page.visible_text, "opt_out", page.lang):
            return
        if offered is None:
            offered = next(((step, page, field, text) for field, text in _consent_boxes(page)
                            if _marketing(text, page.lang, ctx.params)), None)
    if offered is None:
        return
    step, page, field, text = offered
    how = "ticked" if field.checked else "offered"
    yield Hit(f"{quote(text)} {how} at {step_name(step, page)}; no step says how to unsubscribe",
              tag=field.tag, step=step.index, data={"label": quote(text, 60), "how": how})
