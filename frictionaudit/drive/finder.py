"""Which link or button to press next, ranked the way a customer scans a page.

The signals are those of Mathur et al.'s checkout crawler ("Dark Patterns at Scale", 2019):
the control's visible text (in the page's language and in English, from the language packs),
its size and colour contrast — the prominent call to action wins — plus its role, whether it
is above the fold, and where it sits (main content before header, footer last). Words in test
ids, classes and URL paths count for less, so an icon button named only by its class or
aria-label is still found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import Tag

from frictionaudit.drive.autopilot_screen import Control, Screen, intent, screen_url
from frictionaudit.lexicon import fold, keyword, pattern_words
from frictionaudit.snapshot.money import amounts
from frictionaudit.snapshot.page import squash

ACTIONS = {"add_to_cart", "place_order", "continue", "guest", "reject", "accept", "settings",
           "close"}
REGION_WEIGHT = {"main": 1.0, "header": 0.5, "nav": 0.5, "dialog": 0.5, "aside": 0.0,
                 "footer": -2.0}
# Classes that mark the chosen one of a row of option buttons (CSS vocabulary, not words).
CHOSEN_CLASSES = {"selected", "active", "checked", "chosen", "current", "is-selected",
                  "is-active"}
# Shop URLs name their catalogue in English or the shop's language; product pages sit below.
LISTING = re.compile(rf"^/(?:{pattern_words('listing_path')})(\.[a-z]+)?/?$", re.I)
PRODUCT = re.compile(rf"/(?:{pattern_words('product_path')})/[^/]+", re.I)


@dataclass
class Choice:
    control: Control
    score: float
    why: str


def rank(screen: Screen, key: str, skip: set[str] = frozenset()) -> list[Choice]:
    """Controls that say `key` (a keyword list name), best first; `skip` holds control keys
    already tried on this screen, so the autopilot never presses the same thing twice."""
    choices = []
    for c in screen.controls:
        if c.key in skip or _here(screen, c):
            continue
        if intent(c.text, screen.lang) == key:
            hit = keyword(c.text, key, screen.lang) or ""
            score = 10 + 3 * len(hit) / max(1, len(fold(c.text)))
            icon = c.tag.name != "input" and not squash(c.tag.get_text(" "))
            said = f'is named "{c.text}" only by its accessible name (an icon)' if icon \
                else f'says "{c.text}"'
        elif not intent(c.text, screen.lang) and intent(c.name, screen.lang) == key:
            score, said = 9.0, f'is named "{c.name}" by its accessible name (it shows "{c.text}")'
        elif not intent(c.text, screen.lang) and intent(c.attributes, "en") == key:
            score, said = 6.0, f'is named "{c.attributes}"'
        else:
            continue
        score += _prominence(screen, c, key)
        choices.append(Choice(c, score, f"{c.role} that {said} ({_looks(screen, c)})"))
    return sorted(choices, key=lambda ch: (-ch.score, ch.control.order))


def products(screen: Screen, skip: set[str] = frozenset()) -> list[Choice]:
    """Links to product pages: a product-like address, a card showing a price and a picture,
    or words that open what is for sale (the pack's `product` list: an event's "Tickets").
    Text links come first (the picture beside them usually leads to the same page)."""
    choices = []
    for c in screen.controls:
        if c.role != "link" or c.key in skip or c.region in ("header", "nav", "footer"):
            continue
        if _here(screen, c) or intent(c.text, screen.lang):
            continue
        by_address = PRODUCT.search(urlsplit(c.href).path)
        by_words = keyword(c.text, "product", screen.lang)
        if not (by_address or by_words or _in_priced_card(c.tag)):
            continue
        score = (2.0 if c.text else 0.0) + (1.0 if by_address or by_words else 0.0)
        how = ("its address is a product page" if by_address else
               f'it says "{by_words}"' if by_words else "it sits in a card with a price")
        choices.append(Choice(c, score, f'product link "{c.text or c.href}": {how}'))
    return sorted(choices, key=lambda ch: (-ch.score, ch.control.order))


def listings(screen: Screen, skip: set[str] = frozenset()) -> list[Choice]:
    """Links to the product catalogue, found by their address."""
    choices = [Choice(c, _prominence(screen, c, "listing"),
                      f'link "{c.text}" leads to the catalogue ({urlsplit(c.href).path})')
               for c in screen.controls
               if c.role == "link" and c.key not in skip and not _here(screen, c)
               and LISTING.match(urlsplit(c.href).path)]
    return sorted(choices, key=lambda ch: (-ch.score, ch.control.order))


def unchosen_option(screen: Screen, add: Control, skip: set[str] = frozenset()) -> Choice | None:
    """The first of a row of option buttons (colour, size) in the add-to-cart button's form
    with none of them chosen: a shop that draws its variants as plain buttons refuses to add
    until one is pressed, as a `<select>` left empty would. A row is two or more buttons under
    one list or group that show words (not a quantity's − and +) and ask for no action; it
    is chosen when one is marked so (aria-pressed/checked/selected, a "selected" class) or
    was pressed on this screen already."""
    scope = add.form() or add.tag.parent
    rows: dict[int, list[Control]] = {}
    for c in screen.controls:
        if (c.role != "button" or c.submits or c is add or scope is None
                or not any(p is scope for p in c.tag.parents)):
            continue
        if not re.search(r"\w", squash(c.tag.get_text(" "))) or intent(c.text, screen.lang):
            continue  # a quantity's − and + (even when named "More"), or an action
        row = c.tag.parent.parent if c.tag.parent.name == "li" else c.tag.parent
        rows.setdefault(id(row), []).append(c)
    for row in rows.values():
        if len(row) >= 2 and not any(c.key in skip or _chosen(c.tag) for c in row):
            names = ", ".join(c.text for c in row)
            return Choice(row[0], 0.0, f'options "{names}" beside "{add.text}" with none '
                                       "chosen: the first offered")
    return None


def _chosen(tag: Tag) -> bool:
    marked = any(tag.get(a) == "true" for a in ("aria-pressed", "aria-checked", "aria-selected"))
    classes = {c.lower() for c in tag.get("class") or []}
    return marked or bool(classes & CHOSEN_CLASSES)


def _here(screen: Screen, c: Control) -> bool:
    """A link back to the screen it is on leads nowhere new."""
    return bool(c.href) and screen_url(c.href) == screen_url(screen.url)


def below(screen: Screen, c: Control) -> bool:
    """A link to a page below this one: on a product's page, that is its reviews, questions or
    wish list (/book_1/reviews/add/), not another product."""
    here = urlsplit(screen.url).path.rstrip("/")
    return bool(here) and urlsplit(c.href).path.startswith(here + "/")


def _prominence(screen: Screen, c: Control, key: str) -> float:
    _, y, w, h = c.box
    score = min(w * h, 40_000) / 20_000  # up to 2 for a big button
    score += 1.0 if y < screen.snap.viewport[1] else 0.0
    score += REGION_WEIGHT.get(c.region, 0.0)
    if c.contrast is not None:
        score += 1.0 if c.contrast >= 4.5 else -1.0 if c.contrast < 3 else 0.0
    score += 0.5 if (c.role == "button") == (key in ACTIONS) else 0.0
    return score


def _looks(screen: Screen, c: Control) -> str:
    _, y, w, h = c.box
    where = c.region or "page"
    fold_note = "above the fold" if y < screen.snap.viewport[1] else "below the fold"
    contrast = f", contrast {c.contrast:.1f}:1" if c.contrast is not None else ""
    return f"in the {where}, {w:.0f}×{h:.0f} px, {fold_note}{contrast}"


def _in_priced_card(tag: Tag) -> bool:
    node = tag
    for _ in range(4):
        node = node.parent
        if node is None or node.name in ("body", "main", "ul", "ol"):
            return False
        if node.find("img") is not None and amounts(node.get_text(" ")):
            return True
    return False
