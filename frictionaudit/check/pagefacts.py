"""Small readings of a snapshot shared by the trust rules: can a customer actually see this
element, which controls are on screen, what a checkbox, link or field says, how evidence names
a step, and the word lists a single rule keeps in its own parameters.

Visibility is judged from the recorder's layout facts only, so every rule calls the same
element hidden for the same reason and says so in words a person can check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bs4 import Tag

from frictionaudit.check.registry import Params
from frictionaudit.lexicon import FALLBACK, find
from frictionaudit.snapshot.page import control_text, squash

if TYPE_CHECKING:
    from frictionaudit.model import Step
    from frictionaudit.snapshot.fields import Field
    from frictionaudit.snapshot.page import PageSnapshot

class Noticeable(Params):
    """When a customer notices an element: text size, contrast, how far down the page."""

    min_font_px: float = 12
    min_contrast: float = 4.5  # WCAG 1.4.3 for body text
    max_screen: int = 3  # data-fa-screen is 0 for the first screen

LABEL_CHARS = 120  # the text around a checkbox read as its label, when it has no <label>


def _unseen_reason(page: PageSnapshot, tag: Tag) -> str:
    """Why a customer cannot see `tag` at all, or "" when it is on the page for them."""
    if page.visible(tag):
        return ""
    if page.collapsed(tag):
        return "inside a collapsed menu"
    box = page.box(tag)
    if box and box[2] > 0 and box[3] > 0 and (box[0] + box[2] <= 0 or box[1] + box[3] <= 0):
        return "off-screen"
    if box and box[2] > 0 and box[3] > 0:
        return "invisible (transparent or visibility: hidden)"
    return "not displayed"


def problems(page: PageSnapshot, tag: Tag, params: dict[str, Any]) -> list[str]:
    """What keeps a customer from noticing `tag`: hidden, tiny, faint, or far down the page."""
    reason = _unseen_reason(page, tag)
    if reason:
        return [reason]
    out = []
    size, ratio = page.font_size(tag), page.contrast(tag)
    if size and size < params["min_font_px"]:
        out.append(f"{size:g}px text")
    if ratio and ratio < params["min_contrast"]:
        out.append(f"contrast {ratio:.1f}:1")
    screen = page.screen(tag)
    if screen >= params["max_screen"]:
        out.append(f"only after scrolling {screen} screens down")
    width = (page.meta.get("page") or [0])[0]
    box = page.box(tag)
    if width and box and box[0] >= width:
        out.append("off-screen")
    return out


def choice_text(field: Field) -> str:
    """A checkbox's or radio's words: its label, else the text of the element wrapping it."""
    if field.label_or_name:
        return field.label_or_name
    for parent in field.tag.parents:
        if not isinstance(parent, Tag) or parent.name in ("form", "body"):
            break
        text = squash(parent.get_text(" "))
        if text:
            return text if len(text) <= LABEL_CHARS else ""
    return ""


def field_words(field: Field) -> str:
    """How evidence names a field; a part of a split field ("DD") with its group's legend."""
    label = field.label_or_name or field.placeholder or field.name
    group = field.tag.find_parent("fieldset")
    legend = group.find("legend") if group is not None and len(label) <= 4 else None
    return f"{squash(legend.get_text(' '))} ({label})" if legend is not None else label


def link_text(tag: Tag) -> str:
    """What a link says, or what its image says when it has no text."""
    text = control_text(tag)
    if not text:
        img = tag.find("img", alt=True)
        text = squash(img["alt"]) if img else ""
    return text


def step_name(step: Step, page: PageSnapshot | None = None) -> str:
    """'step 2 (Delivery)': how evidence names a step."""
    title = (page.main_heading() if page is not None else "") or step.title or step.url
    return f"step {step.index} ({title})"


def rule_word(text: str, params: dict[str, Any], key: str, lang: str) -> str | None:
    """Match `text` against a rule's own word list `params[key][lang]` (and English): words a
    single rule needs that are no part of the shared language packs."""
    table = params.get(key) or {}
    for code in dict.fromkeys((lang.split("-")[0] or FALLBACK, FALLBACK)):
        hit = find(text, table.get(code, []), code)
        if hit:
            return hit
    return None


def quote(text: str, limit: int = 80) -> str:
    text = squash(text)
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"
