"""Pages one or two clicks away: where the journey's contact and help links lead.

A customer who sees no phone number on a step may still find one behind "Help" or "Contact".
The recorder follows same-origin contact and help links from the journey's steps (breadth
first, a few pages at most) with the browser context's own session, and keeps each page as a
static snapshot; the contact rules decide from those whether contact was within reach.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

from playwright.sync_api import BrowserContext, Error

from frictionaudit.lexicon import keyword
from frictionaudit.model import LinkedPage
from frictionaudit.snapshot.page import PageSnapshot, control_text

MAX_PAGES = 6
MAX_CLICKS = 2


def _candidates(page: PageSnapshot) -> list[str]:
    """Same-origin links whose words say contact or help, in page order."""
    origin = urlsplit(page.url)[:2]
    out = []
    for link in page.links:
        href = urldefrag(urljoin(page.url, link["href"].strip()))[0]
        parts = urlsplit(href)
        if parts[:2] != origin or parts.scheme not in ("http", "https"):
            continue
        words = f"{control_text(link)} {parts.path.replace('/', ' ').replace('-', ' ')}"
        if keyword(words, "contact", page.lang) or keyword(words, "help", page.lang):
            out.append(href)
    return out


def inert(page: PageSnapshot) -> str:
    """The fetched page with nothing left that could run when the file is opened."""
    soup = page.soup
    for tag in soup(["script", "iframe", "object", "embed", "base"]):
        tag.decompose()
    for tag in soup.find_all(True):
        for attr in [a for a in tag.attrs if a.lower().startswith("on")]:
            tag[f"data-fa-{attr.lower()}"] = tag.attrs.pop(attr)
    return "<!DOCTYPE html>\n" + str(soup)


def follow_contact_links(context: BrowserContext, steps: list[tuple[int, PageSnapshot]],
                         save) -> list[tuple[LinkedPage, PageSnapshot]]:
    """Fetch the pages behind the steps' contact and help links, up to MAX_CLICKS deep.
    `save(index, html)` stores one and returns its path relative to the report."""
    seen = {urldefrag(p.url)[0] for _, p in steps}
    frontier = [(url, 1, index) for index, page in steps for url in _candidates(page)]
    found: list[tuple[LinkedPage, PageSnapshot]] = []
    while frontier and len(found) < MAX_PAGES:
        url, clicks, from_step = frontier.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            response = context.request.get(url, timeout=10_000)
            if not response.ok or "html" not in response.headers.get("content-type", ""):
                continue
            html = response.text()
        except Error:
            continue
        snapshot = PageSnapshot.from_html(html, url)
        linked = LinkedPage(url=url, clicks=clicks, from_step=from_step,
                            snapshot=save(len(found), inert(snapshot)))
        found.append((linked, snapshot))
        if clicks < MAX_CLICKS:
            frontier += [(u, clicks + 1, from_step) for u in _candidates(snapshot)]
    return found
