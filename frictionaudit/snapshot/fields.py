"""Form fields as a customer meets them: kind, label, purpose, required, checked.

The label rules follow the HTML accessible-name order (aria-labelledby, <label>, aria-label,
title) but keep apart what a sighted customer can read (a visible label) from what only a screen
reader or a placeholder offers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bs4 import Tag

from frictionaudit.lexicon import field_purpose_from_text
from frictionaudit.snapshot.tree import ancestor

if TYPE_CHECKING:
    from frictionaudit.snapshot.page import PageSnapshot

NOT_FIELDS = {"hidden", "submit", "button", "image", "reset"}
NATIVE = ("input", "select", "textarea")
# what <label for> can name (HTML "labelable elements"): a custom dropdown is often a button
LABELABLE = (*NATIVE, "button", "meter", "output", "progress")
# ARIA widgets a customer fills like a native field (React-style inputs, custom dropdowns,
# contenteditable boxes), by role. Kinds a driver cannot type into natively have names of their
# own; checkbox, switch and radio are ticked like native ones.
WIDGET_KINDS = {"textbox": "textbox", "searchbox": "search", "combobox": "combobox",
                "listbox": "combobox", "spinbutton": "spinbutton", "checkbox": "checkbox",
                "switch": "checkbox", "radio": "radio"}
EDITABLE = ("", "true", "plaintext-only")
# HTML autofill field names (WHATWG, "Autofill"): the token that names the purpose.
AUTOFILL_PURPOSES = {
    "email": "email", "username": "username", "new-password": "password",
    "current-password": "password", "name": "name", "given-name": "given_name",
    "family-name": "family_name", "honorific-prefix": "title", "tel": "phone",
    "tel-national": "phone", "bday": "birth_date", "bday-day": "birth_date",
    "bday-month": "birth_date", "bday-year": "birth_date", "sex": "gender",
    "organization": "company", "street-address": "address_line1",
    "address-line1": "address_line1", "address-line2": "address_line2",
    "address-level2": "city", "address-level1": "region", "postal-code": "postcode",
    "country": "country", "country-name": "country", "cc-number": "card_number",
    "cc-exp": "card_expiry", "cc-exp-month": "card_expiry", "cc-exp-year": "card_expiry",
    "cc-csc": "card_cvc", "cc-name": "card_holder",
}
# Written by the recorder on a box of a re-shown screen that was not ticked when the customer
# first arrived on it (record/arrival.py): the customer ticked it, not the site.
ARRIVAL_ATTR = "data-fa-arrival"
TYPE_PURPOSES = {"email": "email", "tel": "phone", "password": "password"}
_WS = re.compile(r"\s+")
# A visible label that ends with an asterisk ("Email *"): the customer is told it is required,
# whether or not the markup says so (React forms are often novalidate).
_STARRED = re.compile(r"\*\s*:?\s*$")


def _text(tag: Tag | None) -> str:
    return _WS.sub(" ", tag.get_text(" ")).strip() if tag is not None else ""


@dataclass
class Field:
    tag: Tag
    kind: str
    name: str
    selector: str
    visible: bool
    in_dialog: bool
    required: bool
    label: str  # the visible label a sighted customer reads, "" if none
    name_text: str  # the accessible name from any source, placeholder last
    placeholder: str
    autocomplete: str
    checked: bool
    value: str
    hint: str  # aria-describedby text and the fieldset legend
    purpose: str | None
    labels: list[Tag]  # the <label>s that label it: those naming its id, then the one around it

    @property
    def disabled(self) -> bool:
        return self.tag.has_attr("disabled") or self.tag.get("aria-disabled") == "true"

    @property
    def ticked_on_arrival(self) -> bool:
        return self.checked and self.tag.get(ARRIVAL_ATTR) != "unticked"

    @property
    def label_or_name(self) -> str:
        return self.label or self.name_text


def extract_fields(page: PageSnapshot) -> list[Field]:
    elements = page.tree.elements
    by_id = {t["id"]: t for t in elements if t.has_attr("id")}
    labels_for: dict[str, list[Tag]] = {}
    for label in page.tree.named("label"):
        if label.get("for"):
            labels_for.setdefault(label["for"], []).append(label)
    out = []
    for tag in filter(_field_like, elements):
        kind = _kind(tag)
        if kind is None:
            continue
        native = tag.name in NATIVE
        labels = list(labels_for.get(tag["id"], [])) \
            if tag.name in LABELABLE and tag.get("id") else []
        wrapper = ancestor(tag, "label")
        if wrapper is not None:
            labels.append(wrapper)
        visible_label, any_name = _label(page, tag, by_id, labels)
        placeholder = (tag.get("placeholder") or "").strip()
        autocomplete = (tag.get("autocomplete") or "").strip().lower()
        hint = " ".join(
            _text(by_id.get(i)) for i in (tag.get("aria-describedby") or "").split()
        ).strip()
        fieldset = ancestor(tag, "fieldset")
        legend = _text(fieldset.find("legend")) if fieldset else ""
        name_text = any_name or placeholder
        field = Field(
            tag=tag, kind=kind, name=tag.get("name") or tag.get("id") or "",
            selector=page.selector(tag), visible=page.visible(tag), in_dialog=page.in_dialog(tag),
            required=tag.has_attr("required") or tag.get("aria-required") == "true"
            or tag.get("data-fa-required") == "1" or _STARRED.search(visible_label) is not None,
            label=visible_label, name_text=name_text, placeholder=placeholder,
            autocomplete=autocomplete,
            checked=(tag.get("data-fa-checked") == "1") if tag.has_attr("data-fa-checked")
            else tag.has_attr("checked") or tag.get("aria-checked") == "true",
            value=tag.get("data-fa-value") or tag.get("value") or (
                "" if native else tag.get("aria-valuenow") or _text(tag)[:200]),
            hint=" ".join(x for x in (hint, legend) if x),
            purpose=None, labels=labels,
        )
        field.purpose = purpose_of(field, page.lang)
        out.append(field)
    return out


def _field_like(tag: Tag) -> bool:
    """A native form field, or the outermost ARIA widget or editing host of one field (a
    combobox's popup list, or a box inside an editable region, is part of it)."""
    if tag.name in NATIVE:
        return True
    if tag.get("role") not in WIDGET_KINDS and tag.get("contenteditable") not in EDITABLE:
        return False
    return not any(p.name in NATIVE or p.get("role") in WIDGET_KINDS
                   or p.get("contenteditable") in EDITABLE for p in tag.parents
                   if isinstance(p, Tag))


def _kind(tag: Tag) -> str | None:
    if tag.name not in NATIVE:
        role = tag.get("role", "")
        if role == "textbox" and tag.get("aria-multiline") == "true":
            return "textarea"
        return WIDGET_KINDS.get(role, "textbox")
    if tag.name == "select":
        return "select"
    if tag.name == "textarea":
        return "textarea"
    t = (tag.get("type") or "text").lower()
    if t in NOT_FIELDS:
        return None
    return t if t in ("checkbox", "radio", "search", "email", "tel", "number", "password",
                      "date", "url") else "text"


def _label(page: PageSnapshot, tag: Tag, by_id: dict, labels: list[Tag]) -> tuple[str, str]:
    """(visible label text, accessible name from any source except placeholder)."""
    if tag.get("aria-labelledby"):
        refs = [by_id.get(i) for i in tag["aria-labelledby"].split()]
        text = " ".join(_text(r) for r in refs if r is not None).strip()
        seen = any(r is not None and page.visible(r) for r in refs)
        if text:
            return (text if seen else ""), text
    for label in labels:
        text = _text(label)
        if text:
            return (text if page.visible(label) else ""), text
    aria = (tag.get("aria-label") or tag.get("title") or "").strip()
    return "", aria


def purpose_of(field: Field, lang: str) -> str | None:
    """What a field asks for: its autocomplete token, else the words of its name and id (a
    label written for machines, seldom creative: name="email" under the label "Electronic
    correspondence address"), else the words its customer reads (a radio group's legend),
    else an email, tel or password input type. A date input is not assumed to be a birth date.
    In a nested name the field's own key is read before the whole name. Drivers fill by it
    and checks judge by it: one reading of the field."""
    token = field.autocomplete.split()[-1] if field.autocomplete else ""
    if token in AUTOFILL_PURPOSES:
        return AUTOFILL_PURPOSES[token]
    if field.kind in ("checkbox", "search"):
        return None
    shown = field.hint if field.kind == "radio" else f"{field.label_or_name} {field.placeholder}"
    named = [field.name, field.tag.get("id", "")]
    return (field_purpose_from_text(" ".join(_own_key(n) for n in named), lang)
            or field_purpose_from_text(" ".join(named), lang)
            or field_purpose_from_text(shown, lang)
            or TYPE_PURPOSES.get(field.kind))


_NESTING = re.compile(r"[.\[\]]+")


def _own_key(name: str) -> str:
    """The field's own key in a nested name: "shippingAddress.address_2" and
    "billing[address_2]" ask for address_2; the group before it ("shipping address") is the
    form's section, not the field's purpose."""
    keys = [k for k in _NESTING.split(name) if k]
    return keys[-1] if keys else ""
