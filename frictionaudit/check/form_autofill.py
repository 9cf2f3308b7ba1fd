"""Autofill: personal fields the browser cannot fill, and autocomplete values it cannot read.

WCAG 1.3.5 asks fields about the customer to expose their purpose as an HTML autofill token;
browsers and password managers then fill a whole address or card in one go. Validity follows
the WHATWG grammar of autofill detail tokens as ACT rule 73f2c2 applies it: only input, select
and textarea elements take the attribute (HTML), so an ARIA widget (a <button role=combobox>
dropdown) is judged by neither rule, nor is an input whose value is fixed or ticked (hidden,
button, checkbox, file, image, radio, reset, submit). An empty value or a lone "on" / "off" is
not judged there (autocomplete-missing reports those on personal data), nor are disabled fields
(disabled, or aria-disabled="true"), nor a field taken out of the tab order that has a role
other than a widget's ("static" in ACT).
"""

from __future__ import annotations

from collections.abc import Iterator

from frictionaudit.check.form import field_name
from frictionaudit.check.pagefacts import quote
from frictionaudit.check.registry import Hit, PageContext, Params, page_check
from frictionaudit.snapshot.fields import NATIVE, Field
from frictionaudit.snapshot.page import PageSnapshot

# WHATWG HTML, "Autofill": the field names, contact field names and the tokens before them.
FIELD_NAMES = frozenset({
    "name", "honorific-prefix", "given-name", "additional-name", "family-name",
    "honorific-suffix", "nickname", "username", "new-password", "current-password",
    "one-time-code", "organization-title", "organization", "street-address", "address-line1",
    "address-line2", "address-line3", "address-level4", "address-level3", "address-level2",
    "address-level1", "country", "country-name", "postal-code", "cc-name", "cc-given-name",
    "cc-additional-name", "cc-family-name", "cc-number", "cc-exp", "cc-exp-month",
    "cc-exp-year", "cc-csc", "cc-type", "transaction-currency", "transaction-amount",
    "language", "bday", "bday-day", "bday-month", "bday-year", "sex", "url", "photo",
})
CONTACT_NAMES = frozenset({
    "tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local",
    "tel-local-prefix", "tel-local-suffix", "tel-extension", "email", "impp",
})
CONTACT_KINDS = frozenset({"home", "work", "mobile", "fax", "pager"})
ADDRESS_KINDS = frozenset({"shipping", "billing"})
TOGGLES = frozenset({"on", "off"})
# input types whose value the customer does not type (ACT 73f2c2 "fixed value", HTML's
# autocomplete applies to none of them)
FIXED_TYPES = frozenset({"hidden", "button", "checkbox", "file", "image", "radio", "reset",
                         "submit"})
# WAI-ARIA 1.2 widget roles (with the composite ones): a field with another role is "static"
# in ACT 73f2c2 once it is out of the tab order
WIDGET_ROLES = frozenset({
    "button", "checkbox", "gridcell", "link", "menuitem", "menuitemcheckbox", "menuitemradio",
    "option", "progressbar", "radio", "scrollbar", "searchbox", "separator", "slider",
    "spinbutton", "switch", "tab", "tabpanel", "textbox", "treeitem", "combobox", "grid",
    "listbox", "menu", "menubar", "radiogroup", "tablist", "tree", "treegrid",
})


def takes_autocomplete(field: Field) -> bool:
    """An input, select or textarea whose value is typed or chosen, enabled, and not static
    (a non-widget role out of the tab order): ACT 73f2c2's applicability."""
    tag = field.tag
    if tag.name not in NATIVE or field.disabled:
        return False
    if tag.name == "input" and (tag.get("type") or "text").strip().lower() in FIXED_TYPES:
        return False
    role = (tag.get("role") or "").split()
    return not (role and role[0] not in WIDGET_ROLES and _out_of_tab_order(tag.get("tabindex")))


def _out_of_tab_order(tabindex: str | None) -> bool:
    try:
        return int((tabindex or "0").strip()) < 0
    except ValueError:
        return False


def valid_autocomplete(value: str) -> bool:
    """[section-*] [shipping|billing] [home|work|mobile|fax|pager, before a contact field]
    field-name [webauthn], ASCII case-insensitive."""
    tokens = value.lower().split()
    if tokens and tokens[-1] == "webauthn":
        tokens.pop()
    if not tokens:
        return False
    *head, name = tokens
    if head and head[0].startswith("section-"):
        head.pop(0)
    if head and head[0] in ADDRESS_KINDS:
        head.pop(0)
    if head and head[0] in CONTACT_KINDS and name in CONTACT_NAMES:
        head.pop(0)
    return not head and (name in FIELD_NAMES or name in CONTACT_NAMES)


class Tokens(Params):
    # purpose -> the autofill token a field of that purpose should carry
    tokens: dict[str, str] = {}


@page_check("autocomplete_missing", params=Tokens, says=("field", "now", "token"))
def autocomplete_missing(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """A field about the customer (`params.tokens`: purpose -> the token it should carry)
    with no token, or "on" / "off", among those that take the attribute (a custom dropdown
    button cannot). Passwords are left to credential-autocomplete-off."""
    tokens: dict[str, str] = ctx.params["tokens"]
    for field in page.content_fields:
        what = field.purpose
        if what not in tokens or not takes_autocomplete(field):
            continue
        if field.autocomplete and field.autocomplete not in TOGGLES:
            continue
        now = f'autocomplete="{field.autocomplete}"' if field.autocomplete else "no autocomplete"
        yield Hit(f"{field_name(field)} has {now}", tag=field.tag,
                  data={"field": field_name(field), "now": now, "token": tokens[what]})


@page_check("autocomplete_invalid", says=("field", "value"))
def autocomplete_invalid(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    for field in page.content_fields:
        value = field.autocomplete
        if (not value or value in TOGGLES or not takes_autocomplete(field)
                or valid_autocomplete(value)):
            continue
        shown = quote(field.tag.get("autocomplete", value), 60)
        yield Hit(f"{field_name(field)} has autocomplete={shown}", tag=field.tag,
                  data={"field": field_name(field), "value": shown})
