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

from bs4 import BeautifulSoup, Tag

from frictionaudit.snapshot.fields import Field, extract_fields
from frictionaudit.snapshot.language import detect_language

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
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


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
        tag = page.soup.find("meta", attrs={"name": "frictionaudit"})
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
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "lxml")

    @property
    def annotated(self) -> bool:
        """Saved pages without the recorder's facts: treat everything as visible."""
        return self.soup.find(attrs={"data-fa-vis": True}) is not None

    @cached_property
    def title(self) -> str:
        if self.meta.get("title"):
            return self.meta["title"]
        return squash(self.soup.title.get_text()) if self.soup.title else ""

    @cached_property
    def viewport(self) -> tuple[int, int]:
        w, h = self.meta.get("viewport") or (1280, 800)
        return int(w), int(h)

    # --- layout facts -------------------------------------------------------------------
    def visible(self, tag: Tag) -> bool:
        if not self.annotated:
            return not _statically_hidden(tag)
        return tag.get("data-fa-vis") == "1"

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

    @staticmethod
    def region(tag: Tag) -> str:
        return tag.get("data-fa-region", "") or _static_region(tag)

    @staticmethod
    def screen(tag: Tag) -> int:
        return int(tag.get("data-fa-screen", "0") or 0)

    @staticmethod
    def selector(tag: Tag) -> str:
        return tag.get("data-fa-sel") or _static_selector(tag)

    def in_dialog(self, tag: Tag) -> bool:
        return self.region(tag) == "dialog" or any(
            p.name == "dialog" or p.get("role") in ("dialog", "alertdialog") or p.get("aria-modal")
            for p in tag.parents
            if isinstance(p, Tag)
        )

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
        body = self.soup.body or self.soup
        blocks: list[TextBlock] = []
        taken: set[int] = set()
        for tag in body.find_all(True):
            if tag.name in _NO_TEXT or any(id(p) in taken for p in tag.parents):
                continue
            own = squash(" ".join(tag.find_all(string=True, recursive=False)))
            if not own or not self.visible(tag):
                continue
            kind = _BLOCK_KIND.get(tag.name)
            if kind:
                taken.add(id(tag))
                blocks.append(TextBlock(squash(tag.get_text(" ")), tag, kind))
            else:
                blocks.append(TextBlock(own, tag, "prose"))
        return blocks

    @cached_property
    def fields(self) -> list[Field]:
        return extract_fields(self)

    def counted_fields(self) -> list[Field]:
        """The fields a customer must fill on this screen: Baymard's "form fields" (text
        inputs, selects, text areas), not its "other form elements" (checkboxes, radio
        buttons); fields in dialogs and search boxes are not part of the journey's form."""
        return [f for f in self.fields if f.visible and not f.in_dialog
                and f.kind not in ("checkbox", "radio", "search")]

    @cached_property
    def buttons(self) -> list[Tag]:
        found = self.soup.select(
            "button, input[type=submit], input[type=button], input[type=image], [role=button]"
        )
        return [b for b in found if self.visible(b)]

    @cached_property
    def links(self) -> list[Tag]:
        return self.soup.select("a[href]")

    def main_heading(self) -> str:
        for h in self.soup.find_all(["h1", "h2"]):
            if self.visible(h) and not self.in_dialog(h):
                return squash(h.get_text(" "))
        return ""


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


def _statically_hidden(tag: Tag) -> bool:
    for t in [tag, *tag.parents]:
        if not isinstance(t, Tag):
            continue
        if t.has_attr("hidden") or t.get("aria-hidden") == "true":
            return True
        if t.name == "input" and t.get("type") == "hidden":
            return True
        if _HIDDEN_STYLE.search(t.get("style", "")):
            return True
    return False


_LANDMARKS = {"header": "header", "footer": "footer", "nav": "nav", "main": "main",
              "aside": "aside", "dialog": "dialog"}
_ROLES = {"banner": "header", "contentinfo": "footer", "navigation": "nav", "main": "main",
          "dialog": "dialog", "alertdialog": "dialog"}


def _static_region(tag: Tag) -> str:
    for t in [tag, *tag.parents]:
        if isinstance(t, Tag):
            region = _ROLES.get(t.get("role", "")) or _LANDMARKS.get(t.name, "")
            if region:
                return region
    return ""


def _static_selector(tag: Tag) -> str:
    parts = []
    for t in [tag, *tag.parents]:
        if not isinstance(t, Tag) or t.name in ("[document]", "html"):
            break
        if t.get("id"):
            parts.append(f"#{t['id']}")
            break
        part = t.name
        if t.get("name") and t.name in ("input", "select", "textarea", "button"):
            part += f'[name="{t["name"]}"]'
        elif t.parent is not None:
            same = [c for c in t.parent.find_all(t.name, recursive=False)]
            if len(same) > 1:
                part += f":nth-of-type({same.index(t) + 1})"
        parts.append(part)
    return " > ".join(reversed(parts))
