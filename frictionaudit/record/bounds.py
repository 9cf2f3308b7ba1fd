"""Bounded work on huge pages: what the recorder reads from a page is capped, and each cap met
is said (a `LimitHit`): elements and text a snapshot keeps (annotate.js reads the numbers from
`limits_script`), the bytes of one response (a compressed bomb inflating to 200 MB is stopped at
the limit), the height of a screenshot.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable

from playwright.sync_api import Error, Page

from frictionaudit.limits import Limits

# Responses whose bytes the page reads as text: a document, its scripts and styles, its data.
CAPPED_TYPES = {"Document", "Script", "Stylesheet", "XHR", "Fetch", "Other"}

Hit = Callable[[str, str], None]  # (limit, message)


def limits_script(limits: Limits) -> str:
    return f"window.__frictionauditLimits = {json.dumps(limits.page_limits())};"


def page_truncations(meta: dict) -> list[tuple[str, str]]:
    """What annotate.js had to leave out of a snapshot, as (limit, message)."""
    return [(str(t.get("limit", "elements")), str(t.get("message", "")))
            for t in meta.get("truncated") or [] if isinstance(t, dict)]


class ResponseCap:
    """Stops the page once one text-like response has delivered `limit` bytes (counted after
    decompression, through the DevTools protocol): the limit is noted, `end(reason)` ends the
    journey, and the page is sent to about:blank so that a driver waiting on it is let go."""

    def __init__(self, page: Page, limit: int, hit: Hit, end: Callable[[str], None]) -> None:
        self.limit, self.hit, self.end = limit, hit, end
        self._types: dict[str, tuple[str, str]] = {}
        self._bytes: dict[str, int] = {}
        self._cdp = None
        with contextlib.suppress(Error):  # not Chromium, or the page already closed
            self._cdp = page.context.new_cdp_session(page)
            self._cdp.on("Network.responseReceived", self._on_response)
            self._cdp.on("Network.dataReceived", self._on_data)
            self._cdp.send("Network.enable")

    def _on_response(self, event: dict) -> None:
        if event.get("type") in CAPPED_TYPES:
            self._types[event["requestId"]] = (event["type"], event["response"].get("url", ""))

    def _on_data(self, event: dict) -> None:
        rid = event.get("requestId", "")
        if rid not in self._types:
            return
        self._bytes[rid] = self._bytes.get(rid, 0) + int(event.get("dataLength", 0))
        if self._bytes[rid] <= self.limit:
            return
        kind, url = self._types.pop(rid)
        message = f"{kind.lower()} response stopped at {self.limit:,} bytes: {url[:200]}"
        self.hit("response", message)
        self.end(message)
        with contextlib.suppress(Error):
            self._cdp.send("Page.stopLoading")
            self._cdp.send("Page.navigate", {"url": "about:blank"})


def too_tall(page: Page, max_height: int) -> int:
    """The page's height in CSS pixels when it is over `max_height`, else 0."""
    try:
        height = int(page.evaluate("document.documentElement.scrollHeight"))
    except (Error, TypeError, ValueError):
        return 0
    return height if height > max_height else 0
