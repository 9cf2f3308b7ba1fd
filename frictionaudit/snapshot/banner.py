"""A page's cookie banner and what its first layer offers: an accept control, reject
controls, settings controls. One reading for the consent rules and the autopilot alike, so a
decision ("no reject button: looking in the settings") and a finding never disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import Tag

from frictionaudit.lexicon import keyword
from frictionaudit.snapshot.computed import computed
from frictionaudit.snapshot.page import PageSnapshot, control_text, squash

BANNER_CHARS = 2000  # more text than this is the page, not a banner
CONSENT_NAME = re.compile(
    r"cookie|consent|gdpr|(?<![a-z])cmp(?![a-z])|onetrust|didomi|usercentrics|cookiebot|truste"
    r"|quantcast|osano|iubenda|axeptio|tarteaucitron|klaro|borlabs",
    re.I,
)


@dataclass
class Banner:
    root: Tag
    accept: Tag
    rejects: list[Tag]
    settings: list[Tag]


@computed
def cookie_banner(page: PageSnapshot) -> Banner | None:
    """A visible cookie banner's first layer: an accept control, and what else it offers."""
    lang = page.lang
    shown = page.controls
    texts = {id(c): control_text(c) for c in shown}
    # a control without an accept word has another role or none: its other roles are read
    # only inside a banner
    roles = {key: _role(text, lang) for key, text in texts.items()
             if keyword(text, "accept", lang)}
    for accept in (c for c in shown if roles.get(id(c)) == "accept"):
        root = _banner_root(page, accept)
        if root is None:
            continue
        inside = [c for c in shown if c is accept or any(p is root for p in c.parents)]
        for c in inside:
            if id(c) not in roles:
                roles[id(c)] = _role(texts[id(c)], lang)
        return Banner(root, max((c for c in inside if roles[id(c)] == "accept"), key=page.area),
                      [c for c in inside if roles[id(c)] == "reject"],
                      [c for c in inside if roles[id(c)] == "settings"])
    return None


def _role(text: str, lang: str) -> str:
    """Reject first ("do not accept" holds "accept"), then settings, then accept."""
    return next((k for k in ("reject", "settings", "accept") if keyword(text, k, lang)), "")


def _banner_root(page: PageSnapshot, control: Tag) -> Tag | None:
    """The widest banner-sized ancestor that speaks of cookies, preferring a dialog, a fixed
    layer or an element named after cookies or consent."""
    cookie: list[Tag] = []
    for parent in control.parents:
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "main"):
            break
        text = squash(parent.get_text(" "))
        if len(text) > BANNER_CHARS:
            break
        if keyword(text, "cookie", page.lang):
            cookie.append(parent)
    framed = [p for p in cookie if p.get("data-fa-fixed") == "1" or page.in_dialog(p)
              or CONSENT_NAME.search(" ".join([p.get("id", ""), *p.get("class", [])]))]
    return framed[-1] if framed else (cookie[0] if cookie else None)
