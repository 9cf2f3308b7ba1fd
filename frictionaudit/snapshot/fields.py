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

if TYPE_CHECKING:
    from frictionaudit.snapshot.page import PageSnapshot

NOT_FIELDS = {"hidden", "submit", "button", "image", "reset"}
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
TYPE_PURPOSES = {"email": "email", "tel": "phone", "password": "password", "date": "birth_date"}
_WS = re.compile(r"\s+")


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

    @property
    def ticked_on_arrival(self) -> bool:
        return self.checked and self.tag.get(ARRIVAL_ATTR) != "unticked"

    @property
    def label_or_name(self) -> str:
        return self.label or self.name_text


def extract_fields(page: PageSnapshot) -> list[Field]:
    soup = page.soup
    by_id = {t["id"]: t for t in soup.find_all(attrs={"id": True})}
    labels_for: dict[str, list[Tag]] = {}
    for label in soup.find_all("label"):
        if label.get("for"):
            labels_for.setdefault(label["for"], []).append(label)
    out = []
    for tag in soup.find_all(["input", "select", "textarea"]):
        kind = _kind(tag)
        if kind is None:
            continue
        visible_label, any_name = _label(page, tag, by_id, labels_for)
        placeholder = (tag.get("placeholder") or "").strip()
        autocomplete = (tag.get("autocomplete") or "").strip().lower()
        hint = " ".join(
            _text(by_id.get(i)) for i in (tag.get("aria-describedby") or "").split()
        ).strip()
        fieldset = tag.find_parent("fieldset")
        legend = _text(fieldset.find("legend")) if fieldset else ""
        name_text = any_name or placeholder
        field = Field(
            tag=tag, kind=kind, name=tag.get("name") or tag.get("id") or "",
            selector=page.selector(tag), visible=page.visible(tag), in_dialog=page.in_dialog(tag),
            required=tag.has_attr("required") or tag.get("aria-required") == "true"
            or tag.get("data-fa-required") == "1",
            label=visible_label, name_text=name_text, placeholder=placeholder,
            autocomplete=autocomplete,
            checked=(tag.get("data-fa-checked") == "1") if tag.has_attr("data-fa-checked")
            else tag.has_attr("checked"),
            value=tag.get("data-fa-value") or tag.get("value") or "",
            hint=" ".join(x for x in (hint, legend) if x),
            purpose=None,
        )
        field.purpose = purpose_of(field, page.lang)
        out.append(field)
    return out


def _kind(tag: Tag) -> str | None:
    if tag.name == "select":
        return "select"
    if tag.name == "textarea":
        return "textarea"
    t = (tag.get("type") or "text").lower()
    if t in NOT_FIELDS:
        return None
    return t if t in ("checkbox", "radio", "search", "email", "tel", "number", "password",
                      "date", "url") else "text"


def _label(page: PageSnapshot, tag: Tag, by_id: dict, labels_for: dict) -> tuple[str, str]:
    """(visible label text, accessible name from any source except placeholder)."""
    if tag.get("aria-labelledby"):
        refs = [by_id.get(i) for i in tag["aria-labelledby"].split()]
        text = " ".join(_text(r) for r in refs if r is not None).strip()
        seen = any(r is not None and page.visible(r) for r in refs)
        if text:
            return (text if seen else ""), text
    candidates = list(labels_for.get(tag.get("id", ""), [])) if tag.get("id") else []
    wrapper = tag.find_parent("label")
    if wrapper is not None:
        candidates.append(wrapper)
    for label in candidates:
        text = _text(label)
        if text:
            return (text if page.visible(label) else ""), text
    aria = (tag.get("aria-label") or tag.get("title") or "").strip()
    return "", aria


def purpose_of(field: Field, lang: str) -> str | None:
    """What the field asks for: autocomplete token, then input type, then words in name/label."""
    token = field.autocomplete.split()[-1] if field.autocomplete else ""
    if token in AUTOFILL_PURPOSES:
        return AUTOFILL_PURPOSES[token]
    if field.kind in ("checkbox", "radio", "search"):
        return None
    words = " ".join((field.name, field.tag.get("id", ""), field.label_or_name, field.placeholder))
    found = field_purpose_from_text(words, lang)
    if found:
        return found
    return TYPE_PURPOSES.get(field.kind)
