"""Pages one or two clicks away: where the journey's contact and help links lead.

A customer who sees no phone number on a step may still find one behind "Help" or "Contact".
The recorder follows same-origin contact and help links from the journey's steps (breadth
first, a few pages at most) with the browser context's own session, and keeps each page as a
static snapshot; the contact rules decide from those whether contact was within reach.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import BrowserContext, Error

from frictionaudit.errors import UsageError
from frictionaudit.lexicon import keyword
from frictionaudit.model import LinkedPage
from frictionaudit.snapshot.page import PageSnapshot, control_text

MAX_PAGES = 6
MAX_CLICKS = 2
MAX_PAGE_BYTES = 10 * 1024 * 1024  # a linked or saved page larger than this is not a page
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def decode_html(body: bytes, content_type: str = "") -> str:
    """Text of an HTML page as a browser reads it: a BOM, the header's charset, the page's
    own <meta charset>, then UTF-8 if it decodes, else Windows-1252 (the web's Latin-1)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    declared = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type, re.I)
    meta = _CHARSET.search(body[:4096])
    for name in (declared.group(1) if declared else None,
                 meta.group(1).decode("ascii") if meta else None):
        if name:
            try:
                return body.decode(codecs.lookup(name).name, errors="replace")
            except LookupError:
                continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def read_saved_page(path: Path) -> str:
    """A saved HTML file's text; one line and exit 2 when it is not a readable page."""
    try:
        if not path.is_file():
            raise UsageError(f"{path}: not a file (give a saved HTML page or an http(s) URL)")
        if path.stat().st_size > MAX_PAGE_BYTES:
            raise UsageError(f"{path}: larger than {MAX_PAGE_BYTES // 2**20} MB; not a page")
        return decode_html(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from exc


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
    """The fetched page with nothing left that could run when the file is opened: a copy, so
    the snapshot's own parse (and the element list cached from it) is left whole."""
    soup = BeautifulSoup(page.html, "lxml")
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
            response = context.request.get(url, timeout=10_000, max_redirects=5)
            ctype = response.headers.get("content-type", "")
            landed = urlsplit(response.url)
            if (not response.ok or "html" not in ctype or landed[:2] != urlsplit(url)[:2]
                    or int(response.headers.get("content-length") or 0) > MAX_PAGE_BYTES):
                continue
            html = decode_html(response.body(), ctype)
        except (Error, ValueError):
            continue
        snapshot = PageSnapshot.from_html(html, url)
        linked = LinkedPage(url=url, clicks=clicks, from_step=from_step,
                            snapshot=save(len(found), inert(snapshot)))
        found.append((linked, snapshot))
        if clicks < MAX_CLICKS:
            frontier += [(u, clicks + 1, from_step) for u in _candidates(snapshot)]
    return found
