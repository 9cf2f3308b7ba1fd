"""Forms as the locale persona fills them: which form on a screen is the journey's, what goes
into each field, which option to choose, which box to tick.

A field's purpose is `purpose_of` (snapshot/fields.py), the same that the checks use, so the
autopilot types an email where the report says an email was asked. Values are persona
placeholders ("{persona.email}"): the saved flow replays them, and no report or decision ever
holds the value itself. Consent follows a hurried but careful customer: required boxes and
terms are ticked, marketing never is, boxes ticked in advance are left as they are (the audit
reports them) — except a paid add-on, which costs money and is unticked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from bs4 import Tag

from frictionaudit.drive.autopilot_screen import Control, Screen, intent
from frictionaudit.drive.persona import Persona
from frictionaudit.lexicon import keyword, pattern_words
from frictionaudit.snapshot.fields import Field, purpose_of
from frictionaudit.snapshot.money import amounts
from frictionaudit.snapshot.page import CHROME, squash

PERSONA_PATHS = {
    "email": "email", "email_confirm": "email", "password": "password",
    "password_confirm": "password", "given_name": "given_name", "family_name": "family_name",
    "name": "name", "username": "username", "phone": "phone", "company": "company",
    "title": "title", "gender": "gender", "address_line1": "address.line1",
    "address_line2": "address.line2", "city": "address.city", "region": "address.region",
    "postcode": "address.postcode", "country": "address.country",
    "card_number": "card.number", "card_cvc": "card.cvc", "card_holder": "card.holder",
}
# Split fields (day / month / year boxes), named in the page's words or in its attributes.
PARTS = {part: re.compile(rf"\b(?:{pattern_words('date_' + part)})\b")
         for part in ("day", "month", "year")}
WHOLE = {
    "birth_date": ("{persona.birth_date.day}/{persona.birth_date.month}/"
                   "{persona.birth_date.year}"),
    "card_expiry": "{persona.card.expiry}",
}
SPLIT = {"birth_date": "birth_date.{part}", "card_expiry": "card.exp_{part}"}
ISO_DATE = "{persona.birth_date.year}-{persona.birth_date.month}-{persona.birth_date.day}"
TEXTUAL = {"text", "email", "tel", "password", "number", "url", "date", "textarea"}
# What a form's submit button may say for the form to be one the journey goes through.
ONWARD = {"place_order", "continue", "checkout", "add_to_cart", "signup", "login", "guest"}
ASIDE = {"newsletter", "cart", "reject", "accept", "settings", "close"}
# A form's own send button, disabled until it is filled (a one-page checkout's "Select a payment
# method"): the form is still the journey's, and is read again once filled.
DISABLED_SEND = ("button[disabled]:not([type]), button[disabled][type=submit], "
                 "input[disabled][type=submit], input[disabled][type=image]")
# Page chrome: a form there (language, currency, sign-in box, newsletter) is not the journey's.


ACTING = ("fill", "select", "check", "uncheck")  # what changes a field; the rest explains


@dataclass
class Fill:
    """One thing to do to one field; `note` only explains, `blocked` ends the journey."""

    field: Field
    action: str  # fill | select | check | uncheck | note | blocked
    value: str  # a literal, or persona placeholders
    why: str


@dataclass
class Form:
    tag: Tag | None  # the <form>, or None for a form-less view (single-page apps)
    fields: list[Field]
    submit: Control | None
    intent: str | None
    sure: bool = True  # its button moves on, or it asks about the customer

    def is_login(self) -> bool:
        """Sign in, not sign up: one password, nothing asked beyond who you are."""
        passwords = [f for f in self.fields if f.purpose == "password"]
        return (len(passwords) == 1 and self.intent != "signup"
                and "new-password" not in passwords[0].autocomplete and _who(self.fields))


def _who(fields: list[Field]) -> bool:
    """Nothing asked beyond who you are (e-mail, username, password), ticks aside."""
    return all(f.purpose in ("email", "username", "password") for f in fields
               if f.kind not in ("checkbox", "radio"))


def main_form(screen: Screen, skip: frozenset[str] = frozenset(),
              doubt: frozenset[str] = frozenset()) -> Form | None:
    """The form the journey goes through on this screen, the biggest that belongs to it.

    Not the journey's: a form whose button says newsletter, cart update or cookies (or an
    intent in `skip`), a form in the header, navigation or footer (language and currency
    selectors, a sign-in box, a newsletter), a form nobody can send (a sort menu sent by
    script). A form is `sure` when its button moves on, or it asks about the customer (a field
    the persona answers, a password); otherwise (search, sort, filters, an intent in `doubt`)
    it is only taken when nothing better is on the screen, and the caller navigates first."""
    found = []
    for tag, fields in _by(screen.fields, lambda f: f.tag.find_parent("form")):
        if all(screen.snap.region(f.tag) in CHROME for f in fields):
            continue
        submit = _submit(screen, tag, fields)
        said = intent(submit.text, screen.lang) if submit else None
        form = Form(tag, fields, submit, said or intent(screen.heading, screen.lang))
        if said in ASIDE | skip or form.intent == "newsletter" or (
                submit is None and not (tag and tag.select_one(DISABLED_SEND))):
            continue  # no button, or only its own, disabled until filled: kept to be filled
        about = any(f.kind == "password" or template_for(f) for f in fields)
        form.sure = (said in ONWARD or about) and form.intent not in doubt
        if form.sure or any(f.required for f in fields) or len(fields) > 1:
            found.append(form)
    return max(found, key=lambda f: (f.sure, len(f.fields)), default=None)


def _submit(screen: Screen, form: Tag | None, fields: list[Field]) -> Control | None:
    """The button that sends a form: its submit button, else (a script-driven form) a button
    inside it that says it moves on. A log-in button sends only a form that asks who you are:
    beside a checkout's address it is a way to sign in instead, not the way on."""
    if form is not None:
        inside = [c for c in screen.controls if c.form() is form]
        candidates = [c for c in inside if c.submits] or [
            c for c in inside if c.role == "button" and (said := intent(c.text, screen.lang))
            in ONWARD and (said != "login" or _who(fields))]
    else:
        candidates = [c for c in screen.controls if c.role == "button" and c.form() is None
                      and not c.in_dialog and c.region not in CHROME]
    ranked = sorted(candidates, key=lambda c: (intent(c.text, screen.lang) not in ONWARD,
                                               -c.box[2] * c.box[3], c.order))
    best = ranked[0] if ranked else None
    return None if best is None or intent(best.text, screen.lang) in ASIDE else best


def _by(fields: list[Field], owner) -> list[tuple]:
    """Fields grouped by owner (a form element, or a name), in page order. Elements group by
    identity: bs4 compares two forms with the same markup as equal."""
    groups: dict[object, tuple] = {}
    for f in fields:
        key = owner(f)
        groups.setdefault(id(key) if isinstance(key, Tag) else key, (key, []))[1].append(f)
    return list(groups.values())


def plan(form: Form, persona: Persona, lang: str, fix: bool = False) -> list[Fill]:
    """What to do to each field. With `fix`, after a rejected submit: only the fields marked
    invalid or still empty are filled again."""
    fills: list[Fill] = []
    radios = [f for f in form.fields if f.kind == "radio"]
    for f in form.fields:
        if f.kind in TEXTUAL:
            fills += _text(f, persona, lang, fix)
        elif f.kind == "select":
            fills += _select(f, persona)
        elif f.kind == "checkbox":
            fills += _checkbox(f, lang)
    for _, group in _by(radios, _radio_group):
        fills += _radio(group, lang)
    if form.intent == "add_to_cart":
        fills += _quantity(form.fields)
    return fills


def capped(fills: list[Fill], cap: int) -> tuple[list[Fill], int]:
    """At most `cap` fills that change a field (a 2,000-field form is not filled whole), and
    how many were left out."""
    kept, acting = [], 0
    for fill in fills:
        acting += fill.action in ACTING
        if fill.action not in ACTING or acting <= cap:
            kept.append(fill)
    return kept, max(0, acting - cap)


def _quantity(fields: list[Field]) -> list[Fill]:
    """How many to add: in an add-to-cart form a number box, or a menu of numbers only, is a
    quantity. When none is above 0 (a ticket shop lists one per ticket type, all at 0), the
    first is set to 1, as a customer buying one would."""
    counts = [f for f in fields if f.kind == "number" or (f.kind == "select" and _numbers(f))]
    if not counts or any(_amount(f.value) > 0 for f in counts):
        return []
    first = counts[0]
    action = "select" if first.kind == "select" else "fill"
    return [Fill(first, action, "1", f"a quantity at {first.value or 'nothing'}: one, as a "
                                     "customer buying one would")]


def _numbers(f: Field) -> bool:
    values = [o.get("value", squash(o.get_text())) for o in f.tag.find_all("option")]
    return bool(values) and all(v.strip().isdigit() for v in values)


def _amount(value: str) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


def _text(f: Field, persona: Persona, lang: str, fix: bool) -> list[Fill]:
    filled = bool(f.value) or f.tag.get("data-fa-filled") == "1"
    invalid = f.tag.get("aria-invalid") == "true" or f.tag.has_attr("data-fa-invalid")
    if filled and not (fix and invalid):
        return []
    if _is_captcha(f, lang):
        code = shown_code(f.tag)
        if code is None:
            return [Fill(f, "blocked", "", "CAPTCHA")]
        return [Fill(f, "fill", code, f'a CAPTCHA whose code "{code}" is printed as plain text '
                                      "beside it, so a customer can read and type it")]
    template = template_for(f)
    if fix and invalid and filled:
        second = template_for(_reread(f, lang))
        if second and second != template:
            return [Fill(f, "fill", second, f"refused with {template}; its name "
                                            f'"{f.name}" asks for {second}')]
        if not f.required:
            return [Fill(f, "fill", "", "optional, and refused as typed: emptied, as a customer "
                                        "would")]
    if template is None:
        if f.required:
            return [Fill(f, "note", "", "required, but the persona has nothing that fits")]
        return []
    asks = f.purpose if f.kind != "email" or f.purpose in ("email", "email_confirm") else \
        f"an email (an email input; its words say {f.purpose})"
    return [Fill(f, "fill", template, f"asks for {asks}: {template}")]


def _reread(f: Field, lang: str) -> Field:
    """The field as its name and id describe it, label aside: a customer whose answer was
    refused reads the field again (a jargon label can mislead the purpose words)."""
    bare = replace(f, label="", name_text="", placeholder="")
    bare.purpose = purpose_of(bare, lang)
    return bare


def template_for(f: Field) -> str | None:
    """The persona placeholder(s) for a field's purpose, or None. A masked field takes the
    password whatever its words suggest ("Identifiant secret" reads as a username), an email
    input the email address whatever its name says (a guest's box named "username")."""
    if f.kind == "password":
        return "{persona.password}"
    if f.kind == "email" and f.purpose != "email_confirm":
        return "{persona.email}"
    if f.purpose in PERSONA_PATHS:
        return "{persona." + PERSONA_PATHS[f.purpose] + "}"
    if f.purpose not in SPLIT:
        return None
    if f.kind == "date" and f.purpose == "birth_date":
        return ISO_DATE
    part = part_of(f)
    return "{persona." + SPLIT[f.purpose].format(part=part) + "}" if part else WHOLE[f.purpose]


def part_of(f: Field) -> str | None:
    """"day", "month" or "year" for one box of a split date; None for a whole date."""
    text = " ".join((f.name, f.tag.get("id", ""), f.autocomplete, f.placeholder,
                     f.label_or_name)).replace("_", " ").replace("-", " ").casefold()
    hits = [part for part, pattern in PARTS.items() if pattern.search(text)]
    return hits[0] if len(hits) == 1 else None


def _select(f: Field, persona: Persona) -> list[Fill]:
    options = [(o.get("value", squash(o.get_text())), squash(o.get_text()))
               for o in f.tag.find_all("option") if not o.has_attr("disabled")]
    template = template_for(f)
    wanted = persona.expand(template) if template else ""
    match = next((v for v, text in options if wanted and (_same(wanted, v) or _same(wanted, text)
                                                          or _same_number(wanted, v))), None)
    if match is not None:
        if match == f.value:
            return []
        value = template if template and match == wanted else match
        return [Fill(f, "select", value, f"asks for {f.purpose}: the option for {template}")]
    if f.value:
        return []
    first = next((v for v, _ in options if v), None)
    if first is None:
        return []
    why = (f"no option matches the persona's {template}; the first choice"
           if template else "the first choice offered")
    return [Fill(f, "select", first, why)]


def _same(a: str, b: str) -> bool:
    return _plain(a) == _plain(b) != ""


def _same_number(wanted: str, value: str) -> bool:
    """"03" is "3"; a two-digit year "34" is "2034"."""
    if not (wanted.isdigit() and value.isdigit()):
        return False
    return int(wanted) == int(value) or (len(wanted) == 4 and len(value) == 2
                                         and wanted[2:] == value)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def _checkbox(f: Field, lang: str) -> list[Fill]:
    said = " ".join((f.label_or_name, f.hint))
    marketing = any(keyword(said, k, lang) for k in ("marketing", "newsletter"))
    terms = any(keyword(said, k, lang) for k in ("terms", "privacy", "personal_data"))
    paid = bool(keyword(said, "addon", lang)
                or any(a.value > 0 and a.text.startswith("+") for a in amounts(said)))
    if f.checked:
        if paid and not f.required:
            return [Fill(f, "uncheck", "", "a paid add-on ticked in advance: unticked, as a "
                                           "customer watching the total would")]
        if marketing:
            return [Fill(f, "note", "", "marketing consent ticked in advance: left as a "
                                        "hurried customer would leave it (the audit reports it)")]
        return []
    if f.required:
        bundled = " (it also bundles marketing consent)" if marketing else ""
        return [Fill(f, "check", "", f"required to go on{bundled}")]
    if terms and not marketing:
        return [Fill(f, "check", "", "accepts the terms, which a customer must")]
    if marketing:
        return [Fill(f, "note", "", "optional marketing consent: never ticked")]
    return []


def _radio_group(f: Field) -> object:
    """A radio's group: its name; a script's radio without one, its radiogroup or fieldset
    (EverShop's "Same as shipping address", ticked, and "Use a different billing address")."""
    if f.tag.get("name"):
        return f.name
    return (f.tag.find_parent(attrs={"role": "radiogroup"}) or f.tag.find_parent("fieldset")
            or f.name)


def _radio(group: list[Field], lang: str) -> list[Fill]:
    if any(f.checked for f in group):
        return []
    priced = [(_price(f.label_or_name, lang), f) for f in group]
    known = [(p, f) for p, f in priced if p is not None]
    if known:
        price, choice = min(known, key=lambda pf: pf[0])
        why = f"the cheapest of {len(group)} choices ({price:g})"
    else:
        choice, why = group[0], f"the first of {len(group)} choices"
    return [Fill(choice, "check", choice.tag.get("value", ""), why)]


def _price(text: str, lang: str) -> float | None:
    """What a choice costs, read as the cost rules read prices; "Free" costs nothing."""
    found = amounts(text)
    if found:
        return float(found[0].value)
    return 0.0 if keyword(text, "free", lang) else None


def _is_captcha(f: Field, lang: str) -> bool:
    said = " ".join((f.name, f.tag.get("id", ""), f.label_or_name, f.placeholder))
    return "captcha" in said.casefold() or keyword(said, "captcha", lang) is not None


def shown_code(field: Tag) -> str | None:
    """A CAPTCHA code printed as text next to its field (a few sites do); None for an image
    or a widget, which a customer must solve and an auditor must not."""
    node = field
    for _ in range(3):
        node = node.parent
        if node is None:
            return None
        for el in node.find_all(True):
            marker = " ".join((*(el.get("class") or []), el.get("id", "")))
            if el is field or el.name in ("input", "img", "label", "canvas"):
                continue
            if el.get("data-fa-vis") != "0" and re.search(r"captcha|challenge|code", marker, re.I):
                code = re.sub(r"\s+", "", el.get_text())
                if re.fullmatch(r"[A-Za-z0-9]{3,8}", code):
                    return code
    return None
