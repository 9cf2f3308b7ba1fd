"""A parsed snapshot: the rendered DOM with the recorder's layout facts, readable offline.

Every check reads pages through this class, so the facts (visible, box, font size, contrast,
region) are interpreted one way. A snapshot is parsed once per audit and shared by all checks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from frictionaudit.snapshot.fields import Field, extract_fields
from frictionaudit.snapshot.forms import journey_fields
from frictionaudit.snapshot.language import detect_language
from frictionaudit.snapshot.tree import ElementIndex, parse

CHROME = frozenset({"header", "nav", "footer"})
_NO_TEXT = {"script", "style", "noscript", "template", "option", "select", "textarea"}
# Elements read whole (their inline children belong to the same sentence), and what they are.
_BLOCK_KIND = {
    **dict.fromkeys(("p", "li", "dd", "dt", "td", "th", "blockquote", "figcaption", "small",
                     "summary", "caption"), "prose"),
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6", "legend"), "heading"),
    "label": "label",
    "button": "control",
    "a": "control",
}


def squash(text: str) -> str:
    """Runs of white space as one space, none at the ends (`str.split` and the pattern `\\s`
    agree on every code point; splitting is the faster)."""
    return " ".join(text.split())


@dataclass
class TextBlock:
    """A run of visible text owned by one element: a sentence source for language rules."""

    text: str
    tag: Tag
    kind: str  # heading | prose | label | control


@dataclass
class PageSnapshot:
    html: str
    url: str = ""
    source: str = ""
    meta: dict = field(default_factory=dict)

    @classmethod
    def from_html(cls, html: str, url: str = "", source: str = "") -> PageSnapshot:
        page = cls(html=html, url=url, source=source)
        tag = next((t for t in page.tree.named("meta") if t.get("name") == "frictionaudit"), None)
        if tag and tag.get("content"):
            try:
                page.meta = json.loads(tag["content"])
            except ValueError:
                page.meta = {}
        page.url = url or page.meta.get("url", "")
        return page

    @classmethod
    def load(cls, path: Path, url: str = "") -> PageSnapshot:
        return cls.from_html(path.read_text(encoding="utf-8", errors="replace"), url, str(path))

    @cached_property
    def _parsed(self) -> tuple[BeautifulSoup, ElementIndex]:
        return parse(self.html)

    @property
    def soup(self) -> BeautifulSoup:
        return self._parsed[0]

    @property
    def tree(self) -> ElementIndex:
        """Every element in document order, listed once: checks filter this list instead of
        searching the whole document again."""
        return self._parsed[1]

    @cached_property
    def annotated(self) -> bool:
        """Saved pages without the recorder's facts: visibility is read from the markup."""
        return any("data-fa-vis" in t.attrs for t in self.tree.elements)

    @cached_property
    def title(self) -> str:
        if self.meta.get("title"):
            return self.meta["title"]
        return squash(self.soup.title.get_text()) if self.soup.title else ""

    @cached_property
    def viewport(self) -> tuple[int, int]:
        w, h = self.meta.get("viewport") or (1280, 800)
        return int(w), int(h)

    @cached_property
    def _facts(self) -> dict[int, _ElementFacts]:
        """Every element's layout facts, worked out in one pass down the tree, so each check
        reads them in constant time (a per-element walk up the tree made checks quadratic)."""
        return _index(self.soup, self.annotated, _closed_ids(self.tree.elements))

    def _fact(self, tag: Tag) -> _ElementFacts:
        facts = self._facts.get(id(tag))
        if facts is None:  # a tag made after parsing: index its ancestry on the spot
            facts = _walk_up(tag, self.annotated, _closed_ids(self.tree.elements))
        return facts

    # --- layout facts -------------------------------------------------------------------
    def visible(self, tag: Tag) -> bool:
        return self._fact(tag).visible

    @staticmethod
    def box(tag: Tag) -> list[float] | None:
        raw = tag.get("data-fa-box")
        if not raw:
            return None
        try:
            return [float(v) for v in raw.split(",")]
        except ValueError:
            return None

    @staticmethod
    def font_size(tag: Tag) -> float | None:
        return _float(tag.get("data-fa-fs"))

    @staticmethod
    def contrast(tag: Tag) -> float | None:
        return _float(tag.get("data-fa-contrast"))

    def region(self, tag: Tag) -> str:
        return tag.get("data-fa-region", "") or self._fact(tag).region

    @staticmethod
    def screen(tag: Tag) -> int:
        return int(tag.get("data-fa-screen", "0") or 0)

    def selector(self, tag: Tag) -> str:
        return tag.get("data-fa-sel") or self._fact(tag).selector

    def in_dialog(self, tag: Tag) -> bool:
        return self.region(tag) == "dialog" or self._fact(tag).in_dialog

    def collapsed(self, tag: Tag) -> bool:
        """Inside a closed <details>, or in an element that a collapsed toggle controls."""
        return self._fact(tag).collapsed

    # --- content ------------------------------------------------------------------------
    @cached_property
    def lang(self) -> str:
        return detect_language(self.soup.html.get("lang", "") if self.soup.html else "",
                               self.visible_text)

    @cached_property
    def visible_text(self) -> str:
        return " ".join(b.text for b in self.text_blocks)

    @cached_property
    def text_blocks(self) -> list[TextBlock]:
        """Visible text, one block per element that owns it; a paragraph is read whole."""
        elements = self.tree.elements
        first, last = self.tree.span(self.soup.body or self.soup)
        blocks: list[TextBlock] = []
        taken = 0  # positions before this one lie inside a block already read whole
        for at in range(first + 1, last):
            tag = elements[at]
            if at < taken or tag.name in _NO_TEXT:
                continue
            # plain strings only: a Comment (MediaWiki's limit report) is never shown
            own = squash(" ".join(c for c in tag.contents if type(c) is NavigableString))
            if not own or not self.visible(tag):
                continue
            kind = _BLOCK_KIND.get(tag.name)
            if kind:
                taken = self.tree.span(tag)[1]
                blocks.append(TextBlock(squash(tag.get_text(" ")), tag, kind))
            else:
                blocks.append(TextBlock(own, tag, "prose"))
        return blocks

    @cached_property
    def fields(self) -> list[Field]:
        return extract_fields(self)

    def in_content(self, tag: Tag) -> bool:
        """Outside the site's chrome (header, navigation, footer) and outside dialogs."""
        return self.region(tag) not in CHROME and not self.in_dialog(tag)

    @property
    def journey(self) -> str:
        """The kind of journey the recorder took this screen in ("" for a page read alone)."""
        return self.meta.get("journey", "")

    @cached_property
    def shown_fields(self) -> list[Field]:
        """The fields a customer may use in the page's content, in document order: visible,
        enabled (a disabled box asks nothing until another choice opens it), not the site
        search, not in the chrome or a dialog (a footer's newsletter box is no part of a
        checkout); furniture included (a basket's quantity, a coupon box): field-label
        judges these."""
        return [f for f in self.fields if f.visible and not f.disabled
                and f.kind != "search" and self.in_content(f.tag)]

    @cached_property
    def content_fields(self) -> list[Field]:
        """The fields of the journey's own forms among `shown_fields`: not site furniture nor
        a sign-in form beside the journey's form (snapshot/forms.py). Form rules judge these;
        the recorder counts them."""
        return journey_fields(self.shown_fields, self.journey, self.lang)

    def counted_fields(self) -> list[Field]:
        """Baymard's "form fields" among them (text inputs, selects, text areas), not its
        "other form elements" (checkboxes, radio buttons)."""
        return [f for f in self.content_fields if f.kind not in ("checkbox", "radio")]

    @cached_property
    def buttons(self) -> list[Tag]:
        return [t for t in self.tree.elements if _is_button(t) and self.visible(t)]

    @cached_property
    def links(self) -> list[Tag]:
        return [a for a in self.tree.named("a") if a.has_attr("href")]

    @cached_property
    def controls(self) -> list[Tag]:
        """The buttons and links a customer can see."""
        return [*self.buttons, *(a for a in self.links if self.visible(a))]

    def area(self, tag: Tag) -> float:
        box = self.box(tag)
        return box[2] * box[3] if box else 0.0

    def main_heading(self) -> str:
        for h in self.tree.named("h1", "h2"):
            if self.visible(h) and not self.in_dialog(h):
                return squash(h.get_text(" "))
        return ""


def _is_button(tag: Tag) -> bool:
    """The CSS selection "button, input[type=submit], input[type=button], input[type=image],
    [role=button]" (an input's type compares case-blind, a role exactly)."""
    return tag.name == "button" or tag.get("role") == "button" or (
        tag.name == "input" and (tag.get("type") or "").lower() in ("submit", "button", "image"))


def control_text(tag: Tag) -> str:
    """What a button or link says: its text, value, aria-label or title."""
    if tag.name == "input":
        return squash(tag.get("value") or tag.get("aria-label") or tag.get("alt") or "")
    return squash(tag.get_text(" ") or tag.get("aria-label") or tag.get("title") or "")


def _float(raw) -> float | None:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_LANDMARKS = {"header": "header", "footer": "footer", "nav": "nav", "main": "main",
              "aside": "aside", "dialog": "dialog"}
_ROLES = {"banner": "header", "contentinfo": "footer", "navigation": "nav", "main": "main",
          "dialog": "dialog", "alertdialog": "dialog"}


_CONTROLS = frozenset({"input", "select", "textarea", "button"})


@dataclass(slots=True)
class _ElementFacts:
    visible: bool
    region: str  # the nearest landmark: header, footer, nav, main, aside, dialog or ""
    in_dialog: bool  # inside a dialog element (the element itself not counted)
    dialog_below: bool  # its descendants are inside a dialog
    toggled_shut: bool  # it or an ancestor is controlled by a toggle with aria-expanded=false
    in_closed_details: bool  # it or an ancestor is a closed <details>
    is_summary: bool
    selector: str

    @property
    def collapsed(self) -> bool:
        return self.toggled_shut or (self.in_closed_details and not self.is_summary)


_ROOT = _ElementFacts(True, "", False, False, False, False, False, "")


def _own_facts(tag: Tag, parent: _ElementFacts, part: str, annotated: bool,
               closed: set[str]) -> _ElementFacts:
    """An element's facts from its parent's and its own attributes."""
    attrs, name = tag.attrs, tag.name  # read directly: Tag.get is a call per attribute
    if annotated:
        visible = attrs.get("data-fa-vis") == "1"
    else:
        visible = parent.visible and not (
            "hidden" in attrs or attrs.get("aria-hidden") == "true"
            or (name == "input" and attrs.get("type") == "hidden")
            or ("style" in attrs and _HIDDEN_STYLE.search(attrs["style"]) is not None))
    role = attrs.get("role", "")
    ident = attrs.get("id")
    return _ElementFacts(
        visible=visible,
        # a form control is never a landmark, whatever role it is given (ARIA: a focusable
        # element keeps its own role; a landmark role on it is an authoring error)
        region=(None if name in _CONTROLS else _ROLES.get(role))
        or _LANDMARKS.get(name, "") or parent.region,
        in_dialog=parent.dialog_below,
        dialog_below=parent.dialog_below or name == "dialog"
        or role in ("dialog", "alertdialog") or "aria-modal" in attrs,
        toggled_shut=parent.toggled_shut or (ident in closed if ident else False),
        in_closed_details=parent.in_closed_details
        or (name == "details" and "open" not in attrs),
        is_summary=name == "summary",
        selector=f"#{ident}" if ident else (f"{parent.selector} > {part}" if parent.selector
                                             else part),
    )


def _part(tag: Tag, nth: int, same: int) -> str:
    """The element's step in a CSS path: its name, [name=…] for controls, nth-of-type."""
    part = tag.name
    if part in _CONTROLS and tag.attrs.get("name"):
        return part + f'[name="{tag["name"]}"]'
    if same > 1:
        part += f":nth-of-type({nth})"
    return part


def _closed_ids(elements: list[Tag]) -> set[str]:
    """The ids that collapsed toggles control ('[aria-expanded="false"][aria-controls]')."""
    return {ident for toggle in elements if toggle.attrs.get("aria-expanded") == "false"
            and "aria-controls" in toggle.attrs for ident in toggle["aria-controls"].split()}


def _index(soup: BeautifulSoup, annotated: bool, closed: set[str]) -> dict[int, _ElementFacts]:
    """One pass down the tree (iterative: real pages nest deeper than Python recurses)."""
    facts: dict[int, _ElementFacts] = {}
    root = soup.html or soup
    stack: list[tuple[Tag, _ElementFacts]] = [(root, _ROOT)]
    while stack:
        parent, pfacts = stack.pop()
        children = [c for c in parent.contents if isinstance(c, Tag)]
        counts: dict[str, int] = {}
        for child in children:
            counts[child.name] = counts.get(child.name, 0) + 1
        seen: dict[str, int] = {}
        for child in children:
            seen[child.name] = seen.get(child.name, 0) + 1
            own = _own_facts(child, pfacts, _part(child, seen[child.name], counts[child.name]),
                             annotated, closed)
            facts[id(child)] = own
            stack.append((child, own))
    if root is not soup:
        facts[id(root)] = _ROOT
    return facts


def _walk_up(tag: Tag, annotated: bool, closed: set[str]) -> _ElementFacts:
    """Facts for an element outside the index, from its ancestors (rare: not a hot path)."""
    chain = [t for t in [tag, *tag.parents] if isinstance(t, Tag)
             and t.name not in ("[document]", "html")]
    facts = _ROOT
    for t in reversed(chain):
        siblings = [c for c in t.parent.contents if isinstance(c, Tag) and c.name == t.name] \
            if t.parent is not None else [t]
        nth = next((i for i, c in enumerate(siblings, 1) if c is t), 1)
        facts = _own_facts(t, facts, _part(t, nth, len(siblings)), annotated, closed)
    return facts
