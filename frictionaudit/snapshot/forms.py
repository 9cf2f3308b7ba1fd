"""Which of a screen's forms are the journey's: the customer fills those; site furniture and
a sign-in form beside the journey's own form ask them nothing.

Furniture, whatever the journey: a switcher (one menu, sent to a language, currency or locale
address, or named so: Django's /i18n/setlang/), a menu sent by script (sort or filter, no button
to send it), a basket's quantity boxes that already hold a quantity (the customer chose it when
adding), a coupon box (one box that names a coupon, voucher or gift card). Address and name
words come from the packs' `switcher` patterns, coupon words from their `coupon` keywords.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from bs4 import Tag

from frictionaudit.lexicon import keyword, pattern_words
from frictionaudit.snapshot.fields import Field

TICKED = ("checkbox", "radio")
SENDS = "button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]"
ACCOUNT = {"email", "username", "password"}
# Journeys whose own form a sign-in form beside it is not (a login journey's is the sign-in).
BESIDE = {"signup", "checkout"}


@cache
def _switcher() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:{pattern_words('switcher')})(?![^\W_])", re.I)


def journey_fields(fields: list[Field], kind: str, lang: str) -> list[Field]:
    """`fields` (a screen's visible, enabled content fields) without those of furniture forms,
    nor, on a signup or checkout, of a sign-in form beside another form that asks something."""
    kept = [(form, group) for form, group in _by_form(fields)
            if form is None or not furniture(form, group, lang)]
    if kind in BESIDE and len(kept) > 1:
        others = [(form, group) for form, group in kept if not signs_in(form, group, lang)]
        kept = others or kept
    mine = {id(f) for _, group in kept for f in group}
    return [f for f in fields if id(f) in mine]


def signs_in_only(fields: list[Field], lang: str) -> bool:
    """Whether a screen's journey fields (`journey_fields`) all belong to sign-in forms: on a
    signup journey that the customer left without filling anything, a log-in screen passed
    on the way to registering (the recorder decides; it knows what was filled)."""
    groups = _by_form(fields)
    return bool(groups) and all(signs_in(form, group, lang) for form, group in groups)


def _by_form(fields: list[Field]) -> list[tuple[Tag | None, list[Field]]]:
    groups: dict[int, tuple[Tag | None, list[Field]]] = {}
    for f in fields:
        form = f.tag.find_parent("form")
        groups.setdefault(id(form), (form, []))[1].append(f)
    return list(groups.values())


def furniture(form: Tag, fields: list[Field], lang: str) -> bool:
    """A switcher, a menu sent by script, quantities already chosen, or a coupon box (see the
    module)."""
    asked = [f for f in fields if f.kind not in TICKED]
    if not asked:
        return False
    if len(asked) == 1 and asked[0].kind in ("text", "textbox") and _coupon(form, asked[0], lang):
        return True
    if all(f.kind == "select" for f in asked) and (
            not sends(form) or (len(asked) == 1 and _switches(form, asked[0]))):
        return True
    return all(_quantity(f) for f in asked)


def signs_in(form: Tag | None, fields: list[Field], lang: str) -> bool:
    """Sign in, not sign up: one password for an account already made, nothing asked beyond
    who you are, and no button that says it signs up."""
    asked = [f for f in fields if f.kind not in TICKED]
    passwords = [f for f in asked if f.purpose == "password"]
    if len(passwords) != 1 or "new-password" in passwords[0].autocomplete:
        return False
    if not all(f.purpose in ACCOUNT for f in asked):
        return False
    return not any(keyword(_said(b), "signup", lang) for b in sends(form))


def sends(form: Tag | None, buttons: bool = False) -> list[Tag]:
    """`form.select(SENDS)` (with `buttons`, `form.select(SENDS + ", button")`): the form's
    buttons and inputs that send it, in document order."""
    if form is None:
        return []
    return [t for t in form.find_all(("button", "input")) if _is_send(t, buttons)]


def _is_send(tag: Tag, buttons: bool) -> bool:
    """SENDS as soupsieve matches it in an HTML document: a type equal to the word once its
    ASCII letters are lower-cased (soupsieve's first selector in a process compiles its own
    patterns for 0.1 CPU s, which a scan's workers paid)."""
    kind = tag.attrs.get("type")
    kind = kind.lower() if kind is not None and kind.isascii() else kind
    if tag.name == "button":
        return buttons or kind not in ("button", "reset")
    return kind in ("submit", "image")


def _coupon(form: Tag, box: Field, lang: str) -> bool:
    said = " ".join([box.label_or_name, box.placeholder, re.sub(r"[-_.]+", " ", box.name),
                     *(_said(b) for b in sends(form, buttons=True))])
    return keyword(said, "coupon", lang) is not None


def _switches(form: Tag, menu: Field) -> bool:
    where = urlsplit(form.get("action") or "").path
    return bool(_switcher().search(f"{where} {menu.name} {menu.tag.get('id', '')}"))


def _quantity(f: Field) -> bool:
    """A number box, or a menu of numbers only, that already holds a count above zero."""
    if f.kind == "number":
        value = f.value
    elif f.kind == "select":
        options = [o.get("value", o.get_text(strip=True)) for o in f.tag.find_all("option")]
        if not options or not all(v.strip().isdigit() for v in options):
            return False
        value = f.value or next((o.get("value", "") for o in f.tag.find_all("option")
                                 if o.has_attr("selected")), "")
    else:
        return False
    try:
        return float(value) > 0
    except ValueError:
        return False


def _said(tag: Tag) -> str:
    if tag.name == "input":
        return tag.get("value") or ""
    return " ".join(tag.get_text(" ").split())
