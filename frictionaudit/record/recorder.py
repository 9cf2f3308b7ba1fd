"""The recorder: attaches to any Playwright page and counts what the customer had to do.

One rule decides what a step is, the same for every driver (flow file, autopilot, a team's own
pytest): a step is a distinct screen. At each checkpoint the recorder reads the screen's
signature (URL without fragment — unless the fragment is a #/ or #! route —, the main heading,
and the set of visible form fields outside dialogs). A new step starts when the URL changed, the
main heading changed, or fewer than half of the visible fields are shared with the current step.
A navigation that lands on the same screen (a form re-shown with errors, a reload) is a retry of
the step, not a new one. Cookie banners and pop-ups sit over a screen and never make a step.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from playwright.sync_api import Dialog, Error, Locator, Page, Request
from playwright.sync_api import TimeoutError as LoadTimeout

from frictionaudit.limits import Limits
from frictionaudit.model import Journey, JourneyKind, LimitHit, Metrics, Probes, Step
from frictionaudit.record.arrival import mark_since_arrival
from frictionaudit.record.bounds import (
    ResponseCap,
    limits_script,
    page_truncations,
    too_tall,
)
from frictionaudit.record.guard import guard_script
from frictionaudit.record.navigation import (
    AT_START,
    NOT_AUDITED,
    JourneyEnded,
    NavigationWatch,
    is_error_page,
)
from frictionaudit.snapshot.forms import signs_in_only
from frictionaudit.snapshot.page import PageSnapshot
from frictionaudit.snapshot.secrets import SECRET_INDEX_JS, is_secret_param, secrets_js
from frictionaudit.urls import Origins

HERE = Path(__file__).resolve().parent
AGENT_JS = (HERE / "agent.js").read_text(encoding="utf-8")
ANNOTATE_JS = (HERE / "annotate.js").read_text(encoding="utf-8").replace(
    "__FRICTIONAUDIT_SECRETS__", secrets_js())
SCREEN_JS = (HERE / "screen.js").read_text(encoding="utf-8")
PROBES_JS = (HERE / "probes.js").read_text(encoding="utf-8")
# Follow mode: the page captures itself after each load and each screen change, so a team's
# own test needs no checkpoint() calls. One JS task reads the signature and the snapshot.
CAPTURE_JS = f"""window.__frictionauditCapture = () => {{
  const signature = {SCREEN_JS};
  const snap = {ANNOTATE_JS};
  return {{signature, html: snap.html, meta: snap.meta, probes: ({PROBES_JS})()}};
}};"""
# Once the screen is read, its finite animations and transitions jump to their end, so the
# screenshot shows where a sliding drawer or a fading dialog comes to rest (what Playwright's
# `animations="disabled"` does, without its extra round trips per shot); endless ones, a
# spinner, are drawn as they are.
FINISH_ANIMATIONS_JS = """for (const a of document.getAnimations ? document.getAnimations() : []) {
    try {
      const end = a.effect ? a.effect.getComputedTiming().endTime : Infinity;
      if (a.playbackRate !== 0 && Number.isFinite(end)) a.finish();
    } catch (e) { /* an animation the page cancelled meanwhile */ }
  }"""
# A checkpoint's read of a new screen in one round trip: the snapshot, the probes, and what the
# screenshot needs (the page's height, the indices of the secret fields to mask).
READ_JS = f"""(secrets) => {{
  const snap = {ANNOTATE_JS};
  const read = {{html: snap.html, meta: snap.meta, probes: ({PROBES_JS})(),
          height: document.documentElement.scrollHeight,
          width: document.documentElement.scrollWidth, secrets: ({SECRET_INDEX_JS})(secrets)}};
  {FINISH_ANIMATIONS_JS}
  return read;
}}"""
# Settling, then the screen's signature, in one round trip. The page is watched for one frame:
# if nothing in the document changed, it holds still and is read at once; while it changes, the
# read waits for `quiet` ms without a change (at most `limit` ms in all).
SETTLE_JS = f"""([quiet, limit]) => new Promise((resolve, reject) => {{
  let changed = false, timer = null, over = false;
  const stop = setTimeout(done, limit);
  const mo = new MutationObserver(() => {{
    changed = true; clearTimeout(timer); timer = setTimeout(done, quiet); }});
  mo.observe(document, {{subtree: true, childList: true, attributes: true, characterData: true}});
  const look = () => {{ if (!changed) done(); }};
  requestAnimationFrame(() => setTimeout(look, 0));
  setTimeout(look, 100);  // a page that draws no frames (a background tab)
  function done() {{
    if (over) return;
    over = true; mo.disconnect(); clearTimeout(stop); clearTimeout(timer);
    try {{ resolve({SCREEN_JS}); }} catch (e) {{ reject(e); }}  // never left pending
  }}
}})"""
REQUEST_TYPES = {"fetch", "xhr"}  # what a page's script asks for and then draws
# Screenshots show the screen to a reader, not pixels to compare: JPEG is quicker to encode and
# smaller than PNG at a quality where text stays crisp.
SHOT_TYPE, SHOT_QUALITY = "jpeg", 80
SAME_SCREEN_SHARE = 0.5
REDACTED = "[redacted]"
META_TAG = re.compile(r'<meta name="frictionaudit" content="[^"]*">')


def secret_fields(page: Page) -> list[Locator]:
    """The page's secret fields, for the screenshot mask (snapshot/secrets.py decides)."""
    fields = page.locator("input, textarea")
    return [fields.nth(i) for i in page.evaluate(SECRET_INDEX_JS, json.loads(secrets_js()))]


def redact_url(url: str) -> str:
    """A GET form puts what was typed into the URL: secret-looking parameters are blanked."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, REDACTED if is_secret_param(k) else v)
             for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="[]")))


@dataclass
class _Pending:
    """What the customer did since the last step began: it belongs to that step."""

    clicks: int = 0
    keystrokes: int = 0
    fields: int = 0
    options: int = 0
    errors: int = 0
    dialogs: list[str] = field(default_factory=list)
    dialogs_capped: bool = False
    popups: list[str] = field(default_factory=list)
    autocomplete: dict[str, str] = field(default_factory=dict)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "journey"


class Recorder:
    """Counts one journey. Drivers call `checkpoint()` after each action; the pytest plugin
    also calls it on every page load, so a team's own tests are measured without changes."""

    def __init__(self, out_dir: Path, name: str, kind: JourneyKind = "custom", *,
                 device: str = "Desktop", file_prefix: str | None = None,
                 allow_irreversible: bool = False, secrets: list[str] | tuple[str, ...] = (),
                 settle_ms: int = 50, settle_limit_ms: int = 2000, requests_ms: int = 500,
                 origins: Origins | None = None, load_timeout_ms: int = 15_000,
                 limits: Limits | None = None) -> None:
        self.out_dir = out_dir
        self.limits = limits or Limits()
        self.limit_hits: list[LimitHit] = []  # the limits this journey met (bounds.py)
        self.journey = Journey(name=name, kind=kind, device=device)
        self.prefix = file_prefix or slug(name)
        self.settle = (settle_ms, settle_limit_ms)
        self.requests_s = requests_ms / 1000  # how long a read waits for the page's requests
        self._requests: dict[Request, float] = {}  # fetch/XHR under way: when each began
        self._settled_at = 0.0  # when the last read began
        self._loaded: tuple[int, int] | None = None  # documents begun and asked for, read
        self.page: Page | None = None
        self.allow_irreversible = allow_irreversible
        self.blocked: str = ""
        self.secrets = [s for s in secrets if s]
        self.follow_loads = False
        self._queue: list[dict] = []
        self.snapshots: list[PageSnapshot] = []
        self.error_snapshots: dict[int, PageSnapshot] = {}
        self.later_snapshots: dict[int, PageSnapshot] = {}  # a screen re-shown by a load
        # a step's first reading, when the screen was read again in place (see _reread)
        self.arrival_snapshots: dict[int, PageSnapshot] = {}
        self._step_document = 0  # the document the current step was read in
        self._pending = _Pending()
        self._signature: dict | None = None
        self._navigations = 0
        self._seen_navigations = 0
        self._addresses: set[str] = set()  # of the documents loaded, the first few
        self._step_started = time.monotonic()
        self._capturing = False
        # Where the journey may go (None: anywhere), and how long a document may take to load.
        self.origins = origins
        self.load_timeout_ms = load_timeout_ms
        self.watch = NavigationWatch(self._at_start, lambda: max(0, len(self.journey.steps) - 1))
        self._actions = -1  # the driver's checkpoints after the start page's (one per action)

    # --- attaching -------------------------------------------------------------------------
    def attach(self, page: Page, follow_loads: bool = False) -> None:
        """Instrument `page`. With `follow_loads`, steps are also taken by themselves on each
        page load and in-page screen change, for drivers that never call checkpoint()."""
        self.page = page
        self.follow_loads = follow_loads
        guard = guard_script(self.allow_irreversible) + limits_script(self.limits)
        page.expose_binding("__frictionaudit", self._on_event)
        page.add_init_script(guard)
        page.add_init_script(AGENT_JS)
        page.on("domcontentloaded", self._on_document)
        page.on("dialog", self._on_dialog)
        page.on("popup", self._on_popup)
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_request_done)
        page.on("requestfailed", self._on_request_done)
        self.watch.attach(page)
        ResponseCap(page, self.limits.response_bytes, self.hit, self.watch.fail)
        if follow_loads:
            page.add_init_script(CAPTURE_JS)
        if page.url not in ("", "about:blank"):
            page.evaluate(guard + AGENT_JS + (CAPTURE_JS if follow_loads else ""))

    def follow(self, page: Page) -> None:
        """Continue the journey in a new tab the site opened."""
        self.attach(page)
        self._navigations += 1

    def _on_event(self, _source, event: dict) -> None:
        kind, p = event.get("kind"), self._pending
        if kind == "click":
            p.clicks += 1
        elif kind == "keys":
            p.keystrokes += int(event.get("count", 0))
        elif kind == "field":
            p.fields += 1
        elif kind == "option":
            p.options += 1
        elif kind == "error":
            p.errors += 1
        elif kind == "submit":
            p.autocomplete.update(event.get("autocomplete") or {})
        elif kind == "blocked":
            self.blocked = str(event.get("reason", "an irreversible action"))
        elif kind == "captured" and self.follow_loads:
            self._on_pushed(event)

    def _on_document(self, page: Page) -> None:
        """A new document: a real navigation (history API changes fire no such event)."""
        self._navigations += 1
        if len(self._addresses) < 3:
            self._addresses.add(page.url)

    def _on_dialog(self, dialog: Dialog) -> None:
        p, cap = self._pending, self.limits.dialogs
        if len(p.dialogs) >= cap:  # a storm: dismissed, counted once
            if not p.dialogs_capped:
                p.dialogs_capped = True
                self.hit("dialogs", f"more than {cap} dialogs on one step: "
                          "the rest were dismissed unrecorded")
            with contextlib.suppress(Error):
                dialog.dismiss()
            return
        p.dialogs.append(f"{dialog.type}: {dialog.message}"[:200])
        # Another handler (a team's own test) may have dealt with it first.
        with contextlib.suppress(Error):
            dialog.accept() if dialog.type != "prompt" else dialog.dismiss()

    def hit(self, limit: str, message: str, step: int | None = None) -> None:
        """A limit met on this journey, on the step under way unless told."""
        if step is None and self.journey.steps:
            step = self.journey.steps[-1].index
        self.limit_hits.append(LimitHit(limit=limit, journey=self.journey.name, step=step,
                                        message=message))

    def _on_popup(self, popup: Page) -> None:
        self._pending.popups.append(popup.url)

    def _on_request(self, request: Request) -> None:
        if request.resource_type in REQUEST_TYPES:
            self._requests[request] = time.monotonic()

    def _on_request_done(self, request: Request) -> None:
        self._requests.pop(request, None)

    # --- steps ------------------------------------------------------------------------------
    def checkpoint(self, driver: bool = True) -> Step | None:
        """Let the page settle; start a step if the screen is a new one. Returns it, if any.
        Raises JourneyEnded when the site ended the journey (a failed load, a crash, a page
        outside the audited origins). `driver`: called by the driver, after an action (or
        after opening the start page)."""
        if driver:
            self._actions += 1
        self._raise_if_ended()
        page = self.page
        if page is None or page.is_closed() or self._capturing:
            return None
        self._capturing = True
        try:
            step = self._read_settled(page)
        finally:
            self._capturing = False
        self._raise_if_ended()
        return step

    def _read_settled(self, page: Page) -> Step | None:
        """Read the screen once it holds still; a page that navigates away mid-read is read
        again, and one that keeps reloading itself until the load limit is a failed load."""
        deadline = time.monotonic() + self.load_timeout_ms / 1000
        first = self._navigations
        while True:
            before = self._navigations
            try:
                self.watch.wait_pending(page, self.load_timeout_ms)
                self._wait_loaded(page)
                self._raise_if_ended()  # a document that failed to load is not read
                signature = self._settled_signature(page)
                self._raise_if_ended()
                self._check_origin(page.url)
                return self._consider(signature, lambda: self._read_page(page))
            except Error as exc:
                moved = self._navigations != before or "destroyed" in str(exc) \
                    or "navigat" in str(exc)
                if page.is_closed() or not moved:
                    return None  # gone, or not a navigation: the next checkpoint looks again
                if time.monotonic() > deadline:
                    self.watch.fail(f"the page kept reloading itself ({self._navigations - first}"
                                    f" loads in {self.load_timeout_ms / 1000:g} s) "
                                    f"{self.watch.where(page.url)}")
                    return None

    def _raise_if_ended(self) -> None:
        if self.watch.failure:
            raise JourneyEnded("failed", self.watch.failure)

    def _check_origin(self, url: str) -> None:
        """The start page's own redirects move the site; later pages must stay on it."""
        if self.origins is None or url in ("", "about:blank") or is_error_page(url):
            return
        if not self.journey.steps:
            self.origins.add(url)
        elif not self.origins.allows(url):
            host = urlsplit(url).netloc or url[:60]
            raise JourneyEnded("stopped", f"the journey went on to {host}, outside the audited "
                               "origins (--allow-origin adds one)")

    def _on_pushed(self, data: dict) -> None:
        """Follow mode: the page captured itself in one task (a navigation cannot cut it in
        half); captures are handled in the order they came, the screenshot best-effort."""
        self._queue.append(data)
        if self._capturing:
            return  # the capture under way drains the queue
        self._capturing = True
        try:
            while self._queue:
                item = self._queue.pop(0)
                self._consider(item["signature"], lambda item=item: item)
        finally:
            self._capturing = False

    def _consider(self, signature: dict, read: Callable[[], dict]) -> Step | None:
        if is_error_page(signature["url"]):  # the browser's own error page: never a screen
            self.watch.fail(f"the page could not be loaded {self.watch.where('')}")
            return None
        navigated = self._navigations != self._seen_navigations
        self._seen_navigations = self._navigations
        if self.journey.steps and not navigated and self._in_place(self._signature, signature):
            self._signature = signature  # more of the same screen: read again, not a new step
            self._reread(read())
            return None
        if self._signature is None or self._is_new_screen(self._signature, signature):
            trigger = ("start" if self._signature is None else "navigation" if navigated
                       else "history" if signature["url"] != self._signature["url"]
                       else "screen")
            self._pass_through()
            self._close_step()
            self._signature = signature
            return self._capture(read(), trigger)
        if signature["errors"] > self._signature["errors"] or (navigated and signature["errors"]):
            self._pending.errors += 1
            if self.journey.steps and self.journey.steps[-1].error_snapshot is None:
                self._capture_errors(read())
        elif navigated and self.journey.steps:
            self._capture_later(read())
        self._signature = signature
        return None

    @staticmethod
    def _is_new_screen(old: dict, new: dict) -> bool:
        if old["url"] != new["url"] or old["heading"] != new["heading"]:
            return True
        a, b = set(old["fields"]), set(new["fields"])
        if not a and not b:
            return False
        return len(a & b) / len(a | b) < SAME_SCREEN_SHARE

    def _in_place(self, old: dict | None, new: dict) -> bool:
        """A new-looking reading that is the current step's screen changed in place: the same
        document and address, and at least half of the fields it showed still on it (more
        came, or its heading moved: a one-page checkout once the address is typed). A screen
        whose form was replaced, or one that showed no field, makes a new step."""
        if old is None or self._navigations != self._step_document or old["url"] != new["url"]:
            return False
        kept = set(old["fields"])
        return (self._is_new_screen(old, new) and bool(kept)
                and len(kept & set(new["fields"])) / len(kept) >= SAME_SCREEN_SHARE)

    def _wait_loaded(self, page: Page) -> None:
        """The document must arrive in time (a stalled or dripping body is a failed load);
        its images and scripts may be slow (the customer sees the page meanwhile). Nothing to
        wait for when no document was asked for or begun since the last read."""
        loaded = (self._navigations, self.watch.requested)
        if loaded == self._loaded and self.watch.pending is None:
            return
        self._loaded = loaded
        try:
            self.watch.wait_loaded(page, "domcontentloaded", self.load_timeout_ms)
        except LoadTimeout:
            self.watch.fail(f"the page did not finish loading in "
                            f"{self.load_timeout_ms / 1000:g} s {self.watch.where(page.url)}")
            return
        except Error:  # a navigation cut the wait short: the next wait or read meets the page
            pass
        with contextlib.suppress(Error):
            self.watch.wait_loaded(page, "load", self.load_timeout_ms)

    def _settled_signature(self, page: Page) -> dict:
        """The screen's signature once it holds still: the document quiet (SETTLE_JS) and the
        fetch/XHR requests set off since the last read answered (a short cap: a request that
        never ends, a poll or a stream, does not hold the journey up)."""
        since, self._settled_at = self._settled_at, time.monotonic()
        signature = page.evaluate(SETTLE_JS, list(self.settle))
        deadline = time.monotonic() + self.requests_s
        waited = False
        while any(t >= since for t in self._requests.values()) and time.monotonic() < deadline:
            page.wait_for_timeout(20)
            waited = True
        return page.evaluate(SETTLE_JS, list(self.settle)) if waited else signature

    @staticmethod
    def _read_page(page: Page) -> dict:
        return page.evaluate(READ_JS, json.loads(secrets_js()))

    def _save_snapshot(self, result: dict, rel: str) -> PageSnapshot:
        """Write a snapshot with typed secrets and secret-looking URL parameters removed."""
        meta = result["meta"]
        meta["journey"] = self.journey.kind  # which of a screen's forms are the journey's
        meta["url"] = redact_url(self._redact(meta["url"]))
        meta["title"] = self._redact(meta["title"])
        tag = f'<meta name="frictionaudit" content="{html.escape(json.dumps(meta))}">'
        result["html"] = self._redact(META_TAG.sub(lambda _m: tag, result["html"], count=1))
        path = self.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result["html"], encoding="utf-8")
        return PageSnapshot.from_html(result["html"], meta["url"], str(path))

    def _capture_errors(self, result: dict) -> None:
        """The screen as re-shown with errors: error-message rules read this version."""
        step = self.journey.steps[-1]
        rel = f"steps/{self.prefix}-{step.index:02d}-errors.html"
        if self.snapshots:  # boxes the customer ticked are not the site's pre-ticked ones
            result["html"] = mark_since_arrival(result["html"], self._arrival(step.index))
        self.error_snapshots[step.index] = self._save_snapshot(result, rel)
        step.error_snapshot = rel

    def _capture_later(self, result: dict) -> None:
        """A second look at a screen the customer's action loaded again unchanged in kind (a
        catalogue re-shown with "added to your basket, total now €12.50"): what it showed
        then was seen too. The last such look per step is kept, beside the arrival one."""
        step = self.journey.steps[-1]
        if self.snapshots:  # boxes the customer ticked are not the site's pre-ticked ones
            result["html"] = mark_since_arrival(result["html"], self._arrival(step.index))
        rel = f"steps/{self.prefix}-{step.index:02d}-later.html"
        self.later_snapshots[step.index] = self._save_snapshot(result, rel)

    def _reread(self, result: dict) -> None:
        """The current step's screen read again in place: this reading replaces the step's in
        its counts and page rules (the screen is one step, as it stands now); the first
        reading is kept as its arrival, for costs that compare the two, and what the customer
        ticked or typed since is marked (record/arrival.py)."""
        step = self.journey.steps[-1]
        arrival = self.arrival_snapshots.setdefault(step.index, self.snapshots[-1])
        result["html"] = mark_since_arrival(result["html"], arrival)
        rel = f"steps/{self.prefix}-{step.index:02d}-inplace.html"
        snapshot = self._save_snapshot(result, rel)
        self.snapshots[-1], step.snapshot = snapshot, rel
        self._count(step, snapshot)

    def _arrival(self, index: int) -> PageSnapshot:
        return self.arrival_snapshots.get(index) or self.snapshots[index]

    @staticmethod
    def _count(step: Step, snapshot: PageSnapshot) -> None:
        counted = snapshot.counted_fields()
        step.fields_visible = len(counted)
        step.fields_required = sum(1 for f in counted if f.required)

    def _capture(self, result: dict, trigger: str) -> Step:
        index = len(self.journey.steps)
        base = f"steps/{self.prefix}-{index:02d}"
        snapshot = self._save_snapshot(result, f"{base}.html")
        meta = result["meta"]
        for limit, message in page_truncations(meta):
            self.hit(limit, message, index)
        shot = self._screenshot(f"{base}.{SHOT_TYPE}", index, result)
        probes = result["probes"]
        step = Step(
            index=index, url=meta["url"], title=meta["title"], lang=snapshot.lang,
            screenshot=shot, snapshot=f"{base}.html", trigger=trigger,
            probes=Probes(paste_blocked=probes["paste_blocked"],
                          autocomplete=probes["autocomplete"]),
        )
        self._count(step, snapshot)
        self.journey.steps.append(step)
        self.snapshots.append(snapshot)
        self._step_started = time.monotonic()
        self._step_document = self._navigations
        return step

    def _screenshot(self, rel: str, index: int, read: dict) -> str | None:
        """The screen as the customer saw it, whole, unless it is too tall. `read` is the
        screen's read (READ_JS): its height and secret fields save two round trips, and its
        animations are finished already."""
        page = self.page
        if page is None:
            return None
        if "height" in read:
            height = read["height"] if read["height"] > self.limits.screenshot_px else 0
            fields = page.locator("input, textarea")
            mask = [fields.nth(i) for i in read["secrets"]]
        else:  # a capture the page pushed (follow mode)
            height, mask = too_tall(page, self.limits.screenshot_px), secret_fields(page)
        if height:  # a full-page shot would lay a huge page out again at its full height
            self.hit("screenshot", f"screenshot of the first screen only: the page is "
                      f"{height:,} px tall", index)
        view = page.viewport_size  # a page that fits in it is shot as it is, not laid out again
        fits = view is not None and 0 < read.get("height", 0) <= view["height"] \
            and read.get("width", 0) <= view["width"]
        try:  # no mask, no screenshot: a secret is never drawn
            page.screenshot(path=str(self.out_dir / rel), full_page=not (height or fits),
                            timeout=10_000, type=SHOT_TYPE, quality=SHOT_QUALITY, scale="css",
                            mask=mask, animations="allow" if "height" in read else "disabled")
        except Error:
            return None
        return rel

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def _pass_through(self) -> None:
        """A signup's step left for another screen with nothing filled, whose only form signs
        in (a log-in screen on the way to "Create an account"): not the signup's form."""
        p = self._pending
        if (self.journey.kind != "signup" or not self.journey.steps
                or p.fields or p.keystrokes or p.options):
            return
        step, page = self.journey.steps[-1], self.snapshots[-1]
        if step.fields_visible and signs_in_only(page.content_fields, page.lang):
            step.passed_through = True
            step.fields_visible = step.fields_required = 0

    def _close_step(self) -> None:
        """Give the current step what was done on it before the customer moved on."""
        if not self.journey.steps:
            self._pending = _Pending()
            return
        step, p = self.journey.steps[-1], self._pending
        step.clicks += p.clicks
        step.keystrokes += p.keystrokes
        step.fields_filled += p.fields
        step.options_chosen += p.options
        step.errors_met += p.errors
        step.dialogs += p.dialogs
        step.popups += p.popups
        step.probes.autocomplete.update(p.autocomplete)
        step.seconds = round(step.seconds + time.monotonic() - self._step_started, 2)
        self._pending = _Pending()
        self._step_started = time.monotonic()

    def _read_last_screen(self, page: Page) -> None:
        """The screen a stopped journey ends on (the guard's final button), as it stood then
        (a delivery fee that appeared in place once the address was typed): read again when
        the customer acted on it since its reading and it is still the same document."""
        p = self._pending
        if (not self.journey.steps or self._navigations != self._step_document
                or not (p.clicks or p.fields or p.options or p.keystrokes)):
            return
        with contextlib.suppress(Error):
            self._reread(self._read_page(page))

    def _at_start(self, url: str) -> bool:
        """Whether a fault at `url` is the start page's: nothing read yet, or no action done
        since the start page opened and `url`, like every screen read, at its address (a page
        that keeps reloading itself, read between its loads once or, on a loaded machine, more
        than once)."""
        steps = self.journey.steps
        start = urlsplit(steps[0].url).path if steps else ""
        return not steps or (self._actions <= 0 and urlsplit(url).path == start
                             and all(urlsplit(s.url).path == start for s in steps))

    def _site_verdict(self, status: str, reason: str) -> tuple[str, str]:
        """A fault of the site overrides how the driver thought it ended; a journey with no
        screen read was not audited at all."""
        if self.watch.failure and status in ("completed", "stopped", "failed"):
            status, reason = "failed", self.watch.failure
        if not self.journey.steps and status in ("completed", "failed"):
            if not reason:
                reason = self._unread_start()
            status, reason = "failed", NOT_AUDITED + reason.removeprefix(NOT_AUDITED)
        return status, reason

    def _unread_start(self) -> str:
        """Why no screen was read at all: a page that loaded itself again and again (its read
        cut short by each load; on a loaded machine it may never land), one that kept moving
        on to other addresses, or one that could not be read."""
        if self._navigations <= 2:
            return "the start page could not be read"
        if len(self._addresses) == 1:
            return f"the page kept reloading itself ({self._navigations} loads) at the start page"
        return "the start page kept navigating away before it could be read"

    def _drain(self, page: Page, limit_s: float = 15) -> None:
        """Let a capture that the page pushed finish before the journey closes (its handler
        runs while Playwright waits, so we wait)."""
        deadline = time.monotonic() + limit_s
        while self._capturing and time.monotonic() < deadline:
            with contextlib.suppress(Error):
                page.wait_for_timeout(50)

    def finish(self, status: str = "completed", reason: str = "") -> Journey:
        """Close the journey: last step's counts, metrics, status. Safe to call twice."""
        if self.page is not None and not self.page.is_closed() and not self.watch.failure:
            self._drain(self.page)
            with contextlib.suppress(JourneyEnded):
                if self.checkpoint(driver=False) is None and (status == "stopped"
                                                              or self.blocked):
                    self._read_last_screen(self.page)
        self._close_step()
        j = self.journey
        status, reason = self._site_verdict(status, reason)
        if status == "failed" and reason.endswith(AT_START) and not reason.startswith(NOT_AUDITED):
            reason = NOT_AUDITED + reason  # its start page was read, but the journey got no further
        if status == "failed" and self.watch.refused and not self.watch.failure:
            reason = f"{reason}; {self.watch.refused}"
        if self.blocked and status == "completed":
            status = "stopped"
            reason = (f"stopped before the {self.blocked}; "
                      "--allow-irreversible lets it go on (staging sites only)")
        if j.status == "completed" or status != "completed":
            j.status, j.reason = status, reason or j.reason
        j.metrics = Metrics(
            steps=len(j.steps),
            fields=sum(s.fields_visible for s in j.steps),
            required_fields=sum(s.fields_required for s in j.steps),
            clicks=sum(s.clicks for s in j.steps),
            keystrokes=sum(s.keystrokes for s in j.steps),
            seconds=round(sum(s.seconds for s in j.steps), 2),
        )
        return j
