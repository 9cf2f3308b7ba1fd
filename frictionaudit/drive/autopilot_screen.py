"""The live screen as the autopilot reads it: controls, fields and forms, and what each means.

One pass of the recorder's own ANNOTATE_JS gives the rendered DOM with visibility, box, colour
contrast and region written on every element, so the autopilot reasons on the same facts the
checks see, fields get their purpose from the same `purpose_of`, and every element is found
again on the live page by the selector the annotation wrote on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from bs4 import Tag
from playwright.sync_api import Page

from frictionaudit.lexicon import keyword
from frictionaudit.record.recorder import ANNOTATE_JS
from frictionaudit.snapshot.fields import Field
from frictionaudit.snapshot.page import PageSnapshot, control_text, squash

CONTROLS = ("a[href], button, input[type=submit], input[type=button], input[type=image], "
            "[role=button], [role=link]")
# What a control is for, in the language pack's order of precedence (rules/lang/en.toml):
# "Continue as guest" is a guest choice before it is a continue button, "Add to cart" adds
# before it names the cart. Within a group the longest matching entry wins.
INTENT_ORDER = (
    ("place_order",), ("add_to_cart",), ("guest",), ("checkout",), ("cart",),
    ("signup", "login", "newsletter", "account"), ("reject",), ("settings",), ("accept",),
    ("close",), ("continue",),
)
CLOSE_MARKS = {"×", "✕", "✖", "x", "X"}
DIALOGS = "dialog, [role=dialog], [role=alertdialog], [aria-modal=true]"
MODAL = "[aria-modal=true], [role=alertdialog]"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def intent(text: str, lang: str) -> str | None:
    """What a control's words ask for: a keyword list name of the language pack, or None."""
    if not text:
        return None
    if text.strip() in CLOSE_MARKS:
        return "close"
    for group in INTENT_ORDER:
        hits = [(len(hit), key) for key in group if (hit := keyword(text, key, lang))]
        if hits:
            return max(hits)[1]
    return None


def words(*raw: str) -> str:
    """Identifiers (test ids, ids, classes, URL paths) as words: "addToCart" -> "add to cart"."""
    return " ".join(re.sub(r"[-_/.#?=&]+", " ", _CAMEL.sub(" ", r)) for r in raw if r).strip()


@dataclass
class Control:
    """A link or button a customer could press."""

    tag: Tag
    selector: str
    text: str  # what a sighted customer reads (or, for an icon, its accessible name)
    name: str  # the accessible name, for a role locator
    role: str  # link | button
    href: str  # absolute, links only
    box: list[float]
    region: str
    in_dialog: bool
    contrast: float | None
    submits: bool
    testid: str
    order: int

    @property
    def key(self) -> str:
        """Which control this is, across screens too: a selector alone ("main > form > button")
        names a different button on every page, so the words are part of it."""
        return f"{self.testid or self.selector}|{self.text}"

    @property
    def attributes(self) -> str:
        """Its identifiers as words, for icon buttons and links whose text says nothing."""
        cls = " ".join(self.tag.get("class") or [])
        path = urlsplit(self.href).path if self.href else ""
        return words(self.testid, self.tag.get("id", ""), self.tag.get("name", ""), cls, path)

    def form(self) -> Tag | None:
        return self.tag.find_parent("form")


@dataclass
class Screen:
    snap: PageSnapshot

    @property
    def url(self) -> str:
        return self.snap.url

    @cached_property
    def lang(self) -> str:
        return self.snap.lang or "en"

    @cached_property
    def heading(self) -> str:
        return self.snap.main_heading()

    @cached_property
    def key(self) -> str:
        """The screen as the recorder tells screens apart: address, heading, fields."""
        names = sorted(f.name for f in self.fields)
        return f"{screen_url(self.url)}|{self.heading}|{','.join(names)}"

    @cached_property
    def text(self) -> str:
        return self.snap.visible_text

    @cached_property
    def controls(self) -> list[Control]:
        found = []
        origin = urlsplit(self.url)
        for order, tag in enumerate(self.snap.soup.select(CONTROLS)):
            if not self.snap.visible(tag) or tag.has_attr("disabled"):
                continue
            href, raw = "", tag.get("href", "").strip()
            if tag.name == "a" and tag.get("role") != "button" and not _scripted(raw):
                href = urljoin(self.url, raw)
                target = urlsplit(href)
                if target.scheme not in ("http", "https") or target.netloc != origin.netloc:
                    continue  # mail, phone and other sites are not part of the journey
            text = control_text(tag) or _image_alt(tag)
            aria = squash(tag.get("aria-label") or "")
            found.append(Control(
                tag=tag, selector=self.snap.selector(tag), text=text or aria, name=aria or text,
                role="link" if href else "button", href=href,
                box=self.snap.box(tag) or [0, 0, 0, 0], region=self.snap.region(tag),
                in_dialog=self.snap.in_dialog(tag), contrast=self.snap.contrast(tag),
                submits=_submits(tag), testid=tag.get("data-testid", ""), order=order,
            ))
        return found

    @cached_property
    def fields(self) -> list[Field]:
        """Fields a customer fills on this screen: visible, enabled, outside cookie banners and
        newsletter pop-ups (a dialog that holds the journey's own form counts)."""
        return [f for f in self.snap.fields
                if f.visible and f.kind != "search" and not f.tag.has_attr("disabled")
                and not f.tag.has_attr("readonly") and not self._aside(f.tag)]

    @cached_property
    def modal(self) -> Tag | None:
        """A modal dialog open over the page (an "added to your cart" confirmation): until it
        is closed, only its own controls can be pressed."""
        return next((t for t in self.snap.soup.select(MODAL) if self.snap.visible(t)), None)

    def in_modal(self, c: Control) -> bool:
        return self.modal is not None and any(p is self.modal for p in c.tag.parents)

    def _aside(self, tag: Tag) -> bool:
        dialog = tag.find_parent(lambda t: t.name == "dialog" or t.get("role") in (
            "dialog", "alertdialog") or t.get("aria-modal") == "true")
        if dialog is None:
            return False
        text = squash(dialog.get_text(" "))
        return any(keyword(text, key, self.lang) for key in ("newsletter", "cookie"))

    def errors(self) -> list[str]:
        """Validation messages shown: alerts, and the descriptions of fields marked invalid."""
        messages = []
        for tag in self.snap.soup.select("[role=alert], [aria-invalid=true], [data-fa-invalid]"):
            if not self.snap.visible(tag):
                continue
            if tag.name in ("input", "select", "textarea"):
                field = next((f for f in self.fields if f.tag is tag), None)
                messages.append(f"{field.label_or_name}: {field.hint}" if field else "invalid")
            elif text := squash(tag.get_text(" ")):
                messages.append(text)
        return list(dict.fromkeys(messages))

    def frames(self, page: Page) -> list[str]:
        """Addresses of frames from other sites (CAPTCHA widgets, hosted payment forms)."""
        host = urlsplit(self.url).netloc
        return [f.url for f in page.frames[1:] if urlsplit(f.url).netloc not in ("", host)]


def screen_url(url: str) -> str:
    """The address without fragment, unless the fragment is a #/ or #! route (as screen.js)."""
    parts = urlsplit(url)
    keep = parts.fragment if parts.fragment[:1] in ("/", "!") else ""
    return parts._replace(fragment=keep).geturl()


def read_screen(page: Page) -> Screen:
    result = page.evaluate(ANNOTATE_JS)
    return Screen(PageSnapshot.from_html(result["html"], result["meta"]["url"]))


def _scripted(href: str) -> bool:
    """A link that only runs a script ("#", "javascript:"): a button in a link's clothes.
    Hash routes ("#/cart") are real navigation."""
    return href.lower().startswith(("javascript:", "#")) and not href.startswith(("#/", "#!"))


def _submits(tag: Tag) -> bool:
    kind = (tag.get("type") or "").lower()
    if tag.name == "input":
        return kind in ("submit", "image")
    return tag.name == "button" and kind in ("", "submit") and tag.find_parent("form") is not None


def _image_alt(tag: Tag) -> str:
    img = tag.find("img", alt=True)
    return squash(img["alt"]) if img is not None else ""
