"""What a form says back: buttons that do not say what they do, and error messages that say
something is wrong without saying how to put it right (WCAG 3.3.1 and 3.3.3).

An error message is judged unhelpful only when every word of it is either a generic "wrong"
word ("invalid", "error", "Ungültige", "无效") or filler ("input", "field", "please try
again"), from the rule's per-language lists: "Invalid email address" names the field and is
left alone, "Invalid input." is reported. Any other word counts as help.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from frictionaudit.check.form import is_error_message
from frictionaudit.check.pagefacts import quote
from frictionaudit.check.registry import Hit, PageContext, Params, page_check
from frictionaudit.lexicon import FALLBACK, NO_WORD_BOUNDARIES, fold, pack
from frictionaudit.snapshot.page import PageSnapshot, control_text, squash

_EDGE = " .!?…›»→>:-"


@page_check("vague_button", says=("label",))
def vague_button(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """The button that sends a form, labelled with a word from the pack's vague_buttons
    (or English ones, which sites in any language use)."""
    vague = {fold(w) for code in (ctx.lang, FALLBACK) for w in pack(code).vague_buttons}
    for button in page.buttons:
        text = control_text(button)
        said = fold(text)
        if (said in vague or said.strip(_EDGE) in vague) and page.in_content(button) \
                and _sends_form(page, button):
            yield Hit(quote(text), tag=button, data={"label": quote(text)})


def _sends_form(page: PageSnapshot, button: Tag) -> bool:
    """The button belongs to a form with fields a customer fills (not a search box)."""
    form = button.find_parent("form")
    if form is None and button.get("form"):
        form = page.soup.find("form", id=button["form"])
    fields = page.content_fields
    if form is None:
        return bool(fields)
    return any(f.tag.find_parent("form") is form for f in fields)


class Unhelpful(Params):
    # per language: words that say only that something is wrong, and words that say nothing
    generic: dict[str, list[str]] = {}
    filler: dict[str, list[str]] = {}


@page_check("error_unhelpful", params=Unhelpful, says=("count", "message"))
def error_unhelpful(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """One hit per distinct unhelpful message, however many fields show it."""
    seen: dict[str, Hit] = {}
    for tag in _messages(page):
        text = squash(tag.get_text(" "))
        if not text or not _unhelpful(text, ctx.lang, ctx.params):
            continue
        key = fold(text)
        if key in seen:
            seen[key].data["count"] += 1
        else:
            seen[key] = Hit(quote(text), tag=tag, data={"message": quote(text), "count": 1})
    yield from seen.values()


def _messages(page: PageSnapshot) -> list[Tag]:
    """Visible error messages: role=alert, a class naming an error, or the description of a
    field marked aria-invalid; the outermost one when they nest, never a field's wrapper."""
    described: set[str] = set()
    for field in page.fields:
        if field.tag.get("aria-invalid") == "true":
            for attr in ("aria-errormessage", "aria-describedby"):
                described.update((field.tag.get(attr) or "").split())
    body = page.soup.body or page.soup
    taken: list[Tag] = []
    inside: set[int] = set()
    for tag in page.tree.inside(body):
        if not (is_error_message(tag) or (described and tag.get("id") in described)):
            continue
        if (any(id(p) in inside for p in tag.parents)
                or tag.find(["input", "select", "textarea"])
                or not page.visible(tag) or not page.in_content(tag)):
            continue
        taken.append(tag)
        inside.add(id(tag))
    return taken


def _unhelpful(text: str, lang: str, params: dict) -> bool:
    rest, generic = fold(text), False
    codes = dict.fromkeys((lang.split("-")[0], FALLBACK))
    for code in codes:
        rest, found = _strip(rest, params["generic"].get(code, []), code)
        generic = generic or found
    if not generic:
        return False
    for code in codes:
        rest, _ = _strip(rest, params["filler"].get(code, []), code)
    return not re.sub(r"[\W_]+", "", rest)


def _strip(text: str, words: list[str], lang: str) -> tuple[str, bool]:
    """Remove `words` (whole words; substrings in Chinese) from folded `text`."""
    found = False
    for word in sorted((fold(w) for w in words), key=len, reverse=True):
        pattern = re.escape(word)
        if lang not in NO_WORD_BOUNDARIES:
            pattern = rf"(?<!\w){pattern}(?!\w)"
        text, n = re.subn(pattern, " ", text)
        found = found or n > 0
    return text, found
