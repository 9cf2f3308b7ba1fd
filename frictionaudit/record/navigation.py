"""When the site, not the driver, ends a journey: a page that fails to load, a browser crash.

The watch listens to the main frame's document loads. A net:: error, an HTTP status of 400 or
more on a document (a 4xx answering a form's POST is a form re-shown, not a failure), a
download or a non-HTML document where a page was expected, a crash — each is remembered with
the real reason ("HTTP 500 on /checkout", "ERR_TOO_MANY_REDIRECTS at the start page"); the
recorder then ends the journey `failed` and never snapshots the browser's own error page.
It also keeps the last request sent by the page (a form sent by script, say) that the site
refused with a status of 400 or more, and on which screen: a journey that then fails says so
beside its reason (a shop's "too many sign-ups" 429 otherwise shows only as a wait that ran
out).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import urlsplit

from playwright.sync_api import Download, Error, Page, Request, Response
from playwright.sync_api import TimeoutError as LoadTimeout

HTML_TYPES = {"text/html", "application/xhtml+xml"}
ERROR_PAGE = "chrome-error:"
# A navigation replaced by another (a redirect by script, a download) aborts the first: no fault.
BENIGN = {"net::ERR_ABORTED"}
CRASHED = "browser crashed"
# How often a load wait looks whether the document already failed (it then never loads).
FAILED_LOAD_POLL_MS = 250
NOT_AUDITED = "not audited: "
AT_START = "at the start page"
READS = {"GET", "HEAD", "OPTIONS"}  # methods that only ask: a refusal there is no refused action


class JourneyEnded(Exception):
    """Raised from a checkpoint: the journey ends here with this status and reason."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def is_error_page(url: str) -> bool:
    return url.startswith(ERROR_PAGE)


class NavigationWatch:
    """The first fault of a journey's documents, in words. `at_start(url)` says whether a
    fault at `url` is still the start page's, `screen()` which step the journey is on."""

    def __init__(self, at_start: Callable[[str], bool], screen: Callable[[], int]) -> None:
        self.at_start, self.screen = at_start, screen
        self.failure = ""
        self.pending: tuple[str, float] | None = None  # a document asked for, not answered yet
        self.requested = 0  # documents asked for so far
        self.load_failed = False  # a document's request failed, or the page crashed: no load
        self.refused = ""  # the last sending the site refused, and on which step

    def attach(self, page: Page) -> None:
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_failed)
        page.on("download", self._on_download)
        page.on("crash", self._on_crash)

    def _on_crash(self, _page: Page) -> None:
        self.load_failed = True
        self.fail(CRASHED)

    def where(self, url: str) -> str:
        if self.at_start(url):
            return AT_START
        return f"on {urlsplit(url).path or '/'}"

    def fail(self, reason: str) -> None:
        if reason and not self.failure:
            self.failure = reason

    def wait_pending(self, page: Page, timeout_ms: int) -> None:
        """Wait for a document asked for to start arriving; one that does not (headers that
        never come, or drip in) is a failed load."""
        while self.pending is not None and not self.failure:
            url, since = self.pending
            if time.monotonic() - since > timeout_ms / 1000:
                self.fail(f"the page did not finish loading in {timeout_ms / 1000:g} s "
                          f"{self.where(url)}")
                return
            page.wait_for_timeout(100)

    def wait_loaded(self, page: Page, state: str, timeout_ms: float) -> None:
        """Wait for the document to reach `state` ("domcontentloaded", "load"), or for its
        load to fail: a document cut short (ERR_CONTENT_LENGTH_MISMATCH after its first bytes)
        or a crashed page fires neither event, and waiting out the timeout would only delay
        the same verdict. Raises Playwright's TimeoutError when neither happens in time."""
        deadline = time.monotonic() + timeout_ms / 1000
        while not self.load_failed:
            left_ms = (deadline - time.monotonic()) * 1000
            try:
                page.wait_for_load_state(state, timeout=max(1, min(left_ms, FAILED_LOAD_POLL_MS)))
                return
            except LoadTimeout:
                if left_ms <= FAILED_LOAD_POLL_MS:
                    raise

    def _on_request(self, request: Request) -> None:
        if _main_document(request):
            self.pending = (request.url, time.monotonic())
            self.requested += 1

    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status >= 400 and request.method not in READS:
            self.refused = (f"on step {self.screen()} the site answered HTTP {response.status}"
                            f"{_phrase(response.status)} to {request.method} "
                            f"{urlsplit(response.url).path or '/'}")
        if not _main_document(request):
            return
        self.pending = None
        status = response.status
        headers = response.headers
        if status >= 400 and not (status < 500 and request.method != "GET"):
            self.fail(f"HTTP {status} {self.where(response.url)}")
        elif 300 <= status < 400 or status == 204:
            return
        elif "attachment" in headers.get("content-disposition", "").lower():
            self.fail(f"a download instead of a page {self.where(response.url)}")
        else:
            mime = headers.get("content-type", "").split(";")[0].strip().lower()
            if mime and mime not in HTML_TYPES:
                self.fail(f"not a web page ({mime}) {self.where(response.url)}")

    def _on_failed(self, request: Request) -> None:
        error = request.failure or ""
        if _main_document(request):
            self.pending = None
        if _main_document(request) and error not in BENIGN:
            self.load_failed = True
            self.fail(f"{error.removeprefix('net::') or 'load failed'} "
                      f"{self.where(request.url)}")

    def _on_download(self, download: Download) -> None:
        self.pending = None
        self.fail(f"a download ({download.suggested_filename}) instead of a page "
                  f"{self.where(download.url)}")

    def explain(self, exc: Exception, page: Page | None = None) -> str:
        """The reason a driver's exception ended the journey, in the customer's terms; a
        load failure or a crash is remembered as the journey's fault."""
        if not self.failure:
            self.fail(self._site_fault(str(exc), page))
        text = str(exc)
        return self.failure or (text.splitlines()[0] if text else type(exc).__name__)

    def _site_fault(self, text: str, page: Page | None) -> str:
        """What the site did, if an exception's text says (else "")."""
        url = self.pending[0] if self.pending else page.url if page is not None else ""
        if page is not None and _gone(page, text):
            return CRASHED
        timeout = re.search(r"Timeout (\d+)ms exceeded", text)
        if timeout and re.search(r"navigating to|waiting for (scheduled )?navigation", text):
            seconds = int(timeout.group(1)) / 1000
            return f"the page did not finish loading in {seconds:g} s {self.where(url)}"
        if "Download is starting" in text:
            return f"a download instead of a page {self.where(url)}"
        if "Execution context was destroyed" in text:  # a load cut the driver's own step short
            return f"the page kept reloading itself {self.where(url)}"
        error = re.search(r"net::(ERR_[A-Z_]+)", text)
        if error and error.group(0) not in BENIGN:
            return f"{error.group(1)} {self.where(url)}"
        return ""


def _phrase(status: int) -> str:
    try:
        return f" ({HTTPStatus(status).phrase})"
    except ValueError:
        return ""


def _main_document(request: Request) -> bool:
    try:
        frame = request.frame
    except Error:  # a service worker's request has no frame
        return False
    return request.is_navigation_request() and frame.parent_frame is None


def _gone(page: Page, text: str) -> bool:
    """Whether the tab or the whole browser died under the driver."""
    if "Target crashed" in text:
        return True
    try:
        browser = page.context.browser
        return browser is not None and not browser.is_connected()
    except Error:
        return True
