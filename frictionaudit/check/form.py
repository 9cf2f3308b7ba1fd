"""Form fields that make customers guess or type more than they need to: no visible label,
required and optional fields that look alike, the wrong keyboard, a value typed twice or split
over several boxes, personal questions asked with no reason.

The form rules read the fields a customer meets in the page's own content: fields in the
header, navigation, footer or a dialog (site search, a newsletter box, a pop-up) repeat on
every step and are not the journey's form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from frictionaudit.check.pagefacts import quote
from frictionaudit.check.readability import sentences, words
from frictionaudit.check.registry import Hit, PageContext, Params, page_check
from frictionaudit.lexicon import field_purpose_from_text, keyword, pattern_words
from frictionaudit.snapshot.computed import computed
from frictionaudit.snapshot.fields import Field
from frictionaudit.snapshot.page import PageSnapshot, squash

TEXT_LIKE = {"text", "email", "tel", "number", "password", "url"}
CHOICES = {"select", "radio"}  # a title or gender asked as free text is something else
# Purposes whose parts may be typed in separate boxes, and the endings of a part's name.
SPLITTABLE = {"birth_date", "phone", "card_number", "postcode"}
_PART = re.compile(r"^(.*?)[\W_]*(?:\d+|day|month|year|dd|mm|yy|yyyy)$", re.I)
_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_CONFIRM_WORDS = {"confirm", "confirmation", "repeat", "again", "verify", "retype", "reenter",
                  "re"}
# Never one value in parts: a card's expiry is printed as two parts on the card, two password
# or email boxes are a confirmation (confirm-field), not a split, and address lines are values
# of their own (street, then flat or building: HTML's address-line1, address-line2).
UNSPLIT = {"card_expiry", "password", "password_confirm", "email", "email_confirm",
           "address_line1", "address_line2"}
_NARROW_PX = 200  # a box of a split value is narrow; two full fields side by side are not
STATEMENT_WORDS = 12  # "All fields are required." is short; a legal paragraph is not


@computed
def forms(page: PageSnapshot) -> list[tuple[Tag | None, list[Field]]]:
    """The content fields grouped by their <form> (None: fields outside any form)."""
    groups: dict[int, tuple[Tag | None, list[Field]]] = {}
    for field in page.content_fields:
        form = field.tag.find_parent("form")
        groups.setdefault(id(form), (form, []))[1].append(field)
    return list(groups.values())


def counted(fields: list[Field]) -> list[Field]:
    """Baymard's "form fields": what is typed or chosen from a list, not ticked."""
    return [f for f in fields if f.kind not in ("checkbox", "radio")]


def field_name(field: Field) -> str:
    """How a finding names a field: what the customer reads, else what the code calls it."""
    return quote(field.label or field.name_text or field.placeholder or field.name, 60)


def _legend(field: Field) -> str:
    fieldset = field.tag.find_parent("fieldset")
    legend = fieldset.find("legend") if fieldset else None
    return squash(legend.get_text(" ")) if legend else ""


# --- labels ---------------------------------------------------------------------------------


@page_check("field_label", says=("field", "how"))
def field_label(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """A placeholder vanishes as the customer types; an aria-label is read only by screen
    readers. Text shown in the field's own block or as its table column's header labels it
    for a sighted customer, even without <label>. Boxes of a split value are left to
    split-field. Every field the customer may use is judged, the journey's or not: a basket's
    quantity box or a coupon box is not counted as asked, but still needs its label."""
    split = {id(f.tag) for group in _split_groups(page, ctx.lang) for f in group}
    for field in page.shown_fields:
        if (field.label or id(field.tag) in split or _caption(page, field.tag)
                or _column_header(page, field.tag)):
            continue
        if field.kind in ("radio", "checkbox") and (_legend(field) or field.tag.find_parent(
                "label")):
            continue
        if field.placeholder:
            how, shown = ("only a placeholder, which disappears as soon as they type",
                          field.placeholder)
        elif field.name_text:
            how, shown = "a name only screen readers announce", field.name_text
        else:
            how, shown = "nothing at all", field.name
        yield Hit(f"{field.tag.name} {quote(shown, 60)}: no visible label", tag=field.tag,
                  data={"field": quote(shown, 60), "how": how})


_NOT_CAPTION = ("button", "a", "select", "option", "textarea", "label")


def _caption(page: PageSnapshot, tag: Tag) -> str:
    """Visible words in the field's own block other than controls, <label>s (judged by
    their own visibility) and error messages."""
    block = _own_block(tag)
    if block is tag:
        return ""
    return squash(" ".join(s for s in block.find_all(string=True)
                           if page.visible(s.parent) and not _aside(s.parent, block)))


def _aside(tag: Tag, block: Tag) -> bool:
    """Inside a control, a <label> or an error message, below `block`."""
    while tag is not block and isinstance(tag, Tag):
        if tag.name in _NOT_CAPTION or is_error_message(tag):
            return True
        tag = tag.parent
    return False


def is_error_message(tag: Tag) -> bool:
    """role=alert, or a class that names an error ("error", "field-error", "has-error")."""
    attrs = tag.attrs  # read directly: every element of a page passes here
    return attrs.get("role") == "alert" or any("error" in c.lower() for c in attrs.get("class", ()))


def _column_header(page: PageSnapshot, tag: Tag) -> str:
    """The header of the table column the field sits in (a quantity box in a cart)."""
    cell = tag.find_parent(["td", "th"])
    table = cell.find_parent("table") if cell else None
    head = table.find("tr") if table else None
    if cell is None or head is None:
        return ""
    column = len(cell.find_previous_siblings(["td", "th"]))
    cells = head.find_all(["th", "td"], recursive=False)
    if column >= len(cells) or cells[column] is cell:
        return ""
    return squash(cells[column].get_text(" ")) if page.visible(cells[column]) else ""


# --- required and optional ------------------------------------------------------------------


class AllRequired(Params):
    # a form this long with every field required must say so
    all_required_from: int = 6


@page_check("required_unmarked", params=AllRequired, says=("optional", "required"))
def required_unmarked(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """Once per form. A mixed form must say which is which (GOV.UK: mark the optional ones;
    Baymard: mark both). A form where everything is required needs no marks when it is short,
    but a long one with no word about it leaves the customer guessing whether the phone or
    birth date can be skipped: it counts from `params.all_required_from` fields."""
    says: list[bool] = []  # whether the page says it, read once and only for a form to judge
    for form, fields in forms(page):
        typed = counted(fields)
        required = [f for f in typed if f.required]
        optional = [f for f in typed if not f.required]
        mixed = required and optional
        long_all = not optional and len(required) >= ctx.params["all_required_from"]
        if not (mixed or long_all) or any(_marked(f, form, ctx.lang) for f in fields):
            continue
        if not says:
            says.append(_page_says(page, ctx.lang))
        if says[0]:
            return
        if mixed:
            names = ", ".join(field_name(f) for f in optional)
            evidence = f"{len(required)} required and {len(optional)} optional ({names}) look alike"
        else:
            evidence = f"all {len(required)} fields are required, and nothing says so"
        yield Hit(evidence, tag=form or typed[0].tag,
                  data={"required": len(required), "optional": len(optional)})


def _page_says(page: PageSnapshot, lang: str) -> bool:
    """A short sentence of the page's content speaks of required or optional fields ("All
    fields are required."); a legal paragraph that says "necessary" does not count."""
    return any(len(words(s, lang)) <= STATEMENT_WORDS and _required_word(s, lang)
               for b in page.text_blocks if page.in_content(b.tag)
               for s in sentences(b.text))


def _required_word(text: str, lang: str) -> bool:
    return bool(keyword(text, "required", lang) or keyword(text, "optional", lang))


_MARK_CLASS = re.compile(pattern_words("required_class"), re.I)


def _marked(field: Field, form: Tag | None, lang: str) -> bool:
    """An asterisk or a required/optional word on the field, or a class that draws one
    (label.required::after { content: "*" } is not in the DOM text)."""
    text = " ".join((field.label, field.name_text, field.placeholder, field.hint))
    if "*" in text or _required_word(text, lang):
        return True
    near = list(field.labels)
    for parent in field.tag.parents:
        if parent is form or not isinstance(parent, Tag) or parent.name in ("form", "body"):
            break
        near.append(parent)
        if len(near) > len(field.labels) + 3:
            break
    return any(_MARK_CLASS.search(" ".join(t.get("class", []))) for t in near)


# --- keyboards ------------------------------------------------------------------------------

_NUMERIC_PATTERN = re.compile(r"\\d|\[0-9")


@page_check("input_type", says=("expected", "field", "type"))
def input_type(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """Phones show the @ keyboard for type=email and the keypad for type=tel or
    inputmode=numeric. Postcodes are never asked to be numeric: UK and Dutch ones have
    letters. An email box that also takes a username stays text."""
    for field in page.content_fields:
        want = _keyboard(field, field.purpose, ctx.lang)
        if want:
            yield Hit(f"{field_name(field)} is an input of type {field.kind}", tag=field.tag,
                      data={"field": field_name(field), "type": field.kind, "expected": want})


def _keyboard(field: Field, what: str | None, lang: str) -> str:
    kind, mode = field.kind, (field.tag.get("inputmode") or "").lower()
    if what in ("email", "email_confirm") and kind == "text":
        said = f"{field.name} {field.label_or_name} {field.placeholder}"
        if field_purpose_from_text(said, lang) != "username":
            return 'type="email"'
    if what == "phone" and kind in ("text", "number"):
        return 'type="tel"'
    if what in ("card_number", "card_cvc") and kind == "text" and mode not in (
            "numeric", "decimal") and not _NUMERIC_PATTERN.search(field.tag.get("pattern", "")):
        return 'inputmode="numeric"'
    return ""


# --- typed twice, split in parts ------------------------------------------------------------


@page_check("confirm_field", says=("field", "what"))
def confirm_field(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """A second box for the same email or password, named as a confirmation or asking the
    same thing right after the first. A show-password button, or the address shown back on
    the next screen, catches the same typos without the typing."""
    for _form, fields in forms(page):
        typed = counted(fields)
        for before, field in zip([None, *typed], typed, strict=False):
            what = _confirms(field, before, ctx.lang)
            if what:
                yield Hit(f"{field_name(field)} asks for the {what} again", tag=field.tag,
                          data={"field": field_name(field), "what": what})


def _confirms(field: Field, before: Field | None, lang: str) -> str:
    what = field.purpose
    words = {w.lower() for w in _NAME_WORDS.findall(f"{field.name} {field.tag.get('id', '')}")}
    if what == "email_confirm" or (words & _CONFIRM_WORDS and words & {"email", "mail"}):
        return "email address"
    if what == "password_confirm" or (words & _CONFIRM_WORDS and words & {"password", "pass",
                                                                           "pwd"}):
        return "password"
    if before is None or what not in ("email", "password") or what != before.purpose:
        return ""
    if "current-password" in (field.autocomplete, before.autocomplete):
        return ""  # a change-password form: the current one, then the new one
    return "email address" if what == "email" else "password"


@page_check("split_field", says=("count", "field"))
def split_field(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """One value typed into several boxes: the customer hops between them and pastes fail.
    Day, month and year as three <select>s are not reported: choosing from lists costs clicks
    but no format errors, a different trade-off. A card's expiry month and year are printed
    as two parts on the card and are not reported either."""
    for group in _split_groups(page, ctx.lang):
        first = group[0]
        what = _legend(first) or field_name(first)
        parts = " / ".join(f.label or f.placeholder or f.name for f in group)
        yield Hit(f"{what}: {parts}", tag=first.tag,
                  data={"field": quote(what, 60), "count": len(group)})


def _split_groups(page: PageSnapshot, lang: str) -> list[list[Field]]:
    boxes = [f for f in page.content_fields if f.kind in TEXT_LIKE]
    groups: list[list[Field]] = []
    for field in boxes:
        last = groups[-1][-1] if groups else None
        if last is not None and _same_value(page, last, field, lang):
            groups[-1].append(field)
        else:
            groups.append([field])
    return [g for g in groups if len(g) > 1]


def _same_value(page: PageSnapshot, a: Field, b: Field, lang: str) -> bool:
    """Neighbours in one container asking one value: parts of a value are required together
    (a required first box and an optional second ask two things)."""
    if (_next_field(page, a) is not b or _container(a.tag) is not _container(b.tag)
            or a.required != b.required):
        return False
    pa, pb = a.purpose, b.purpose
    stem_a, stem_b = _PART.match(a.name), _PART.match(b.name)
    if stem_a and stem_b and stem_a.group(1) and stem_a.group(1) == stem_b.group(1):
        return (pa == pb or None in (pa, pb)) and not {pa, pb} & UNSPLIT
    return pa == pb and pa in SPLITTABLE and _side_by_side(page, a.tag, b.tag)


def _next_field(page: PageSnapshot, field: Field) -> Field | None:
    tags = [f.tag for f in page.fields]
    i = next(i for i, t in enumerate(tags) if t is field.tag)
    return page.fields[i + 1] if i + 1 < len(tags) else None


def _container(tag: Tag) -> Tag | None:
    return tag.find_parent("fieldset") or tag.find_parent(attrs={"role": "group"}) or tag.parent


def _side_by_side(page: PageSnapshot, a: Tag, b: Tag) -> bool:
    """Narrow boxes on one row; without layout facts, siblings in one element."""
    box_a, box_b = page.box(a), page.box(b)
    if not (box_a and box_b):
        return a.parent is b.parent
    same_row = abs(box_a[1] - box_b[1]) < max(box_a[3], box_b[3]) / 2
    return same_row and max(box_a[2], box_b[2]) < _NARROW_PX


# --- personal questions ---------------------------------------------------------------------


class Sensitive(Params):
    # purposes a shop seldom needs, so required ones are questioned
    purposes: list[str] = ["birth_date", "phone", "gender", "title"]


@page_check("sensitive_required", params=Sensitive, says=("field", "purpose"))
def sensitive_required(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """Birth date, phone, gender or title made required without a word on why; once per
    question (a date in three boxes, a gender as four radios)."""
    asked = set(ctx.params["purposes"])
    parts = {id(f.tag) for group in _split_groups(page, ctx.lang) for f in group}
    for _form, fields in forms(page):
        seen = set()
        for field in fields:
            what = field.purpose
            if (what not in asked or what in seen or not field.required
                    or (what in ("gender", "title") and field.kind not in CHOICES)):
                continue
            seen.add(what)
            if not _reason_near(field, ctx.lang):
                # A radio group or a split date is named by its legend, not by "Female"/"DD".
                one_question = field.kind == "radio" or id(field.tag) in parts
                legend = _legend(field) if one_question else ""
                name = quote(legend, 60) if legend else field_name(field)
                yield Hit(f"{name} is required; no reason is given", tag=field.tag,
                          data={"field": name, "purpose": what.replace("_", " ")})


def _reason_near(field: Field, lang: str) -> bool:
    """A reason in the label, the description, the field's own block, its fieldset or the
    text right after it."""
    block = _own_block(field.tag)
    texts = [field.label, field.name_text, field.hint, field.placeholder, block.get_text(" ")]
    fieldset = field.tag.find_parent("fieldset")
    if fieldset is not None:
        texts.append(fieldset.get_text(" "))
    after = block.find_next_sibling()
    if after is not None and not after.find(["input", "select", "textarea"]):
        texts.append(after.get_text(" "))
    return any(keyword(t, "reason", lang) for t in texts if t)


def _own_block(tag: Tag) -> Tag:
    """The largest element around a field that holds no other question (the radios of one
    group are one question)."""
    name = tag.get("name")
    block = tag
    for parent in tag.parents:
        if not isinstance(parent, Tag) or parent.name in ("form", "body"):
            break
        if any(t is not tag and not (name and t.get("name") == name)
               for t in parent.find_all(["input", "select", "textarea"])
               if t.get("type") != "hidden"):
            break
        block = parent
    return block
