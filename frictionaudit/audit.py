"""One audit, end to end: drive each journey with its recorder, check, score, write.

The report is rewritten (atomically) after every journey, so what was measured survives a
crash, a failing journey or Ctrl-C: an interrupted audit leaves a report of what it saw.
Journeys may be driven in parallel lanes (`AuditOptions.jobs`), each lane a thread with its own
Playwright driver, browser and watchdog; the report lists them in the order planned.
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Error, Page

from frictionaudit import __version__, interrupts
from frictionaudit.browser import Browsers
from frictionaudit.budgets import Budget
from frictionaudit.check.engine import CheckResult, check_journey, run_checks
from frictionaudit.check.pages import SavedPage, check_pages, page_view
from frictionaudit.check.registry import JourneyView
from frictionaudit.check.rules import Rule, load_rules
from frictionaudit.drive.contract import DriveContext, JourneyPlan
from frictionaudit.drive.flow import FlowJourney, drive_flow
from frictionaudit.drive.persona import Login, load_persona
from frictionaudit.errors import FrictionAuditError
from frictionaudit.gate import failures, judge
from frictionaudit.interrupts import Interrupted
from frictionaudit.limits import Limits
from frictionaudit.model import (
    Breach,
    Finding,
    Journey,
    LimitHit,
    Report,
    Scores,
    Tool,
)
from frictionaudit.output import WRITTEN
from frictionaudit.record.navigation import CRASHED, NOT_AUDITED, JourneyEnded
from frictionaudit.record.reach import follow_contact_links, read_saved_page
from frictionaudit.record.recorder import Recorder, slug
from frictionaudit.record.watchdog import BrowserProcesses, Fired, Watchdog
from frictionaudit.report.writer import prepare, write_reports
from frictionaudit.score.scoring import journey_scores, recorded, score
from frictionaudit.situation import DESKTOP, THROTTLING, Access, ContextSettings, context_options
from frictionaudit.urls import Origins, is_web


class _Expired(Exception):
    """The audit's --timeout ran out: no further journey starts."""


NOT_STARTED = "journeys after it were not started"
LOCK_WAIT_S = 5.0  # the longest a report waits for another lane's report to be written


# A driver walks a page through one journey, calling ctx.checkpoint() after each action, and
# says how it ended: (status, reason).
@dataclass
class AuditOptions:
    out_dir: Path
    formats: list[str] = field(default_factory=lambda: ["json", "html", "md"])
    browser: str | None = None
    rule_packs: list[Path] = field(default_factory=list)
    devices: dict[str, dict] = field(default_factory=lambda: {DESKTOP: {}})
    context: ContextSettings = field(default_factory=ContextSettings)
    journey_context: dict[str, ContextSettings] = field(default_factory=dict)
    access: Access = field(default_factory=Access)
    login: FlowJourney | None = None
    settings: dict = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)
    budgets: dict[str, Budget] = field(default_factory=dict)
    fail_on: list[str] = field(default_factory=lambda: ["budget", "regression"])
    baseline: Report | None = None
    baseline_path: Path | None = None
    preset: str | None = None  # the gate preset; None: recommended unless budgets are set
    on_step: Callable[[str, int, str], None] | None = None
    # Origins besides the target's that journeys may load (--allow-origin).
    allow_origins: list[str] = field(default_factory=list)
    page_timeout: float = 30.0  # seconds a document may take to load
    limits: Limits = field(default_factory=Limits)  # deadlines and page-size limits
    jobs: int = 1  # journeys driven at once, each in a browser of its own


class Audit:
    """Collects journeys as they are recorded and keeps the report on disk current."""

    def __init__(self, target: str, options: AuditOptions,
                 rules: list[Rule] | Future[list[Rule]] | None = None, autosave: bool = True):
        """`rules` may still be loading (a Future): the report waits for them, not the
        journeys."""
        self.target = target
        self.autosave = autosave
        self.options = options
        self._rules = rules if rules is not None else load_rules(options.rule_packs)
        self.views: list[JourneyView] = []  # in the order the journeys ended
        self.places: dict[int, int] = {}  # a view's place in the report, by index, if not its own
        self.checked: dict[int, CheckResult] = {}  # views checked already, by index
        self.site_failures: dict[str, str] = {}  # journey -> what the site did to end it
        self.limit_hits: list[LimitHit] = []  # the tool's own limits that fired
        self.interrupted: int | None = None  # the signal that stopped the audit
        self.pending: int | None = None  # journeys still to end; the last one's report waits
        self.at_once = 1  # journeys driven side by side (their timings share the cores)
        self.started = datetime.now(UTC)
        self._lock = threading.RLock()  # the views and the report, shared by parallel lanes
        self._lane = threading.local()  # .dog: this thread's watchdog
        self._dogs: list[Watchdog] = []  # every lane's, for a signal
        options.out_dir.mkdir(parents=True, exist_ok=True)

    @property
    def watchdog(self) -> Watchdog | None:
        """The watchdog of this thread's lane, while `watched()` or `lane()`."""
        return getattr(self._lane, "dog", None)

    def record(self, browser: Browser, plan: JourneyPlan, device: str = DESKTOP,
               place: int | None = None) -> Journey:
        """Drive and record one journey; `place`: where the report lists it (parallel lanes
        end journeys in any order), by default after those recorded before."""
        self._may_start(plan)
        opts = self.options
        descriptor = opts.devices.get(device, {})
        situation = opts.context.merged(opts.journey_context.get(plan.name, ContextSettings()))
        context = browser.new_context(**context_options(situation, opts.access, descriptor))
        context.set_default_navigation_timeout(opts.page_timeout * 1000)
        if opts.access.cookies:
            context.add_cookies(opts.access.cookies)
        page = context.new_page()
        if situation.throttle:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions",
                     {"offline": False, **THROTTLING[situation.throttle]})
        name = plan.name if list(opts.devices) == [DESKTOP] else f"{plan.name} ({device})"
        recorder = Recorder(opts.out_dir, name, plan.kind, device=device,
                            file_prefix=slug(name), allow_irreversible=plan.allow_irreversible,
                            secrets=opts.secrets, load_timeout_ms=int(opts.page_timeout * 1000),
                            origins=self._origins(), limits=opts.limits)
        dog = self.watchdog

        def checkpoint():
            step = recorder.checkpoint()
            if step is not None and dog is not None:
                dog.step(step.index)
            if step is not None and opts.on_step:
                opts.on_step(name, step.index, step.url)
            return step

        ctx = DriveContext(checkpoint, recorder.journey.decisions, plan.allow_irreversible,
                           lambda: max(0, len(recorder.journey.steps) - 1),
                           follow=recorder.follow,
                           allows=recorder.origins.allows if recorder.origins else lambda u: True,
                           fields_cap=opts.limits.fields, limit_hit=recorder.hit)
        status, reason = "failed", ""
        if dog is not None:
            dog.begin_journey()
        try:
            quiet_login = opts.login is not None and not opts.context.count_login
            status, reason = self._login(page) if quiet_login else ("started", "")
            recorder.attach(page)
            if status == "started" and opts.login is not None and opts.context.count_login:
                status, reason = self._login(page, ctx.checkpoint)
            if status == "started":
                status, reason = plan.drive(page, ctx)
        except KeyboardInterrupt as exc:
            self.interrupted = getattr(exc, "signum", signal.SIGINT)
            status = "interrupted"
            reason = f"interrupted by {signal.Signals(self.interrupted).name}"
            raise
        except JourneyEnded as exc:
            status, reason = exc.status, exc.reason
        except Error as exc:
            status, reason = "failed", recorder.watch.explain(exc, page)
        except Exception as exc:  # a driver's own bug: this journey fails, the audit goes on
            status, reason = "failed", f"internal error: {type(exc).__name__}: {exc}"[:300]
        finally:
            journey = recorder.finish(status, reason)
            fired = self._deadline_verdict(journey, recorder)
            if (fired is None or fired.limit != "interrupt") and (
                    recorder.watch.failure or journey.reason.startswith("not audited")):
                with self._lock:
                    self.site_failures[name] = journey.reason
            if journey.status != "completed":
                journey.end_screenshot = self._end_screenshot(page, recorder.prefix,
                                                              recorder.watch.pending is not None)
            linked = [] if fired else self._follow_contact_links(context, recorder)
            journey.linked = [page for page, _ in linked]
            with contextlib.suppress(Error):
                context.close()
            if dog is not None:
                dog.end_journey()
            view = JourneyView(journey, list(recorder.snapshots), dict(recorder.error_snapshots),
                               [snapshot for _, snapshot in linked],
                               dict(recorder.later_snapshots), dict(recorder.arrival_snapshots))
            with self._lock:
                if place is not None:
                    self.places[len(self.views)] = place
                self.views.append(view)
                if self.pending is not None:
                    self.pending -= 1
                if self.autosave and self.pending != 0:  # the last one's: by the caller
                    self.write()
        return journey

    @contextlib.contextmanager
    def watched(self) -> Iterator[Watchdog]:
        """Journeys recorded inside run under the watchdog's deadlines, and a signal ends them
        with a report: the one written on the way out, before `Interrupted` is raised."""
        interrupts.check()
        take_back = interrupts.fallback(self._write_interrupted)
        try:
            with self.lane(0) as dog, interrupts.listening(self._on_signal):
                yield dog
        except (_Expired, KeyboardInterrupt) as exc:
            if isinstance(exc, KeyboardInterrupt):
                self.interrupted = self.interrupted or getattr(exc, "signum", signal.SIGINT)
        except (Error, FrictionAuditError):  # e.g. a browser killed by the signal as it started
            if not self.interrupted:
                raise
        finally:
            take_back()
        if self.interrupted:
            self._write_interrupted(self.interrupted)  # report.json first, then the rest
            self._write_interrupted(self.interrupted, self.options.formats)
            raise Interrupted(self.interrupted)

    @contextlib.contextmanager
    def lane(self, number: int) -> Iterator[Watchdog]:
        """This thread's journeys under a watchdog of their own, which stops only the browsers
        of lane `number` (`Browsers(lane=number)`) when one of them runs past a deadline."""
        with Watchdog(self.options.limits, BrowserProcesses(lane=number)) as dog:
            self._lane.dog = dog
            self._dogs.append(dog)
            if self.interrupted:  # a signal came before this lane began
                dog.interrupt(self.interrupted)
            try:
                yield dog
            finally:
                self._dogs.remove(dog)
                self._lane.dog = None
                dog.processes.kill()  # whatever is left of a browser killed mid-journey

    def _write_interrupted(self, signum: int, formats: list[str] | None = None) -> None:
        self.interrupted = signum
        self.write(formats)

    def _on_signal(self, signum: int) -> None:
        self.interrupted = signum
        for dog in list(self._dogs):
            dog.interrupt(signum)

    def _may_start(self, plan: JourneyPlan) -> None:
        """No journey starts after a signal or once the audit's --timeout has run out."""
        if self.interrupted:
            raise Interrupted(self.interrupted)
        if self.watchdog is not None and self.watchdog.expired:
            with self._lock:  # said once, by the first lane to find it
                if not any(h.message.endswith(NOT_STARTED) for h in self.limit_hits):
                    self.limit_hits.append(LimitHit(
                        limit="audit", journey=plan.name,
                        message=f"the audit ran past its --timeout of "
                                f"{self.options.limits.audit_s:g} s; {plan.name} and the "
                                f"{NOT_STARTED}"))
            raise _Expired

    def _deadline_verdict(self, journey: Journey, recorder: Recorder):
        """A deadline or a signal that ended the journey says so, over whatever the driver
        saw (a crashed page, a failed call); the limits the recorder met are kept."""
        with self._lock:
            self.limit_hits += recorder.limit_hits
        fired = self.watchdog.fired if self.watchdog is not None else None
        if self.interrupted and fired is None:
            fired = Fired("interrupt", f"interrupted by {signal.Signals(self.interrupted).name}")
        if fired is None:
            return None
        journey.status = "interrupted" if fired.limit == "interrupt" else "failed"
        journey.reason = fired.message
        step = journey.steps[-1].index if journey.steps else None
        with self._lock:
            self.limit_hits.append(LimitHit(limit=fired.limit, journey=journey.name, step=step,
                                            message=fired.message))
        return fired

    def _origins(self) -> Origins | None:
        """Where one journey may go: the target's origin and the ones allowed (a scan of
        several pages checks each page's own URL instead)."""
        if not is_web(self.target) or "," in self.target:
            return None
        return Origins.of(self.target, self.options.allow_origins)

    def _login(self, page: Page, checkpoint: Callable[[], object] | None = None,
               ) -> tuple[str, str]:
        """Run the login flow first; its steps are not friction unless asked (count_login).
        Unrecorded, each of its screens is only waited for, as the recorder's checkpoint would."""
        assert self.options.login is not None
        timeout = self.options.page_timeout * 1000

        def loaded() -> None:
            page.wait_for_load_state(timeout=timeout)

        access = self.options.access
        login = (Login(user=access.login_user, password=access.login_password or "")
                 if access.login_user else None)

        def persona(lang: str):
            return load_persona(lang).model_copy(update={"login": login})

        status, reason = drive_flow(page, self.options.login, self.target, persona,
                                    checkpoint or loaded)
        if status == "failed":
            return "failed", f"login flow failed: {reason}"
        return "started", ""

    def add_unreachable(self, url: str, reason: str) -> Journey:
        """A page that could not be loaded at all: a failed, unaudited one-page journey."""
        journey = Journey(name=url, kind="page", status="failed",
                          reason=NOT_AUDITED + reason.removeprefix(f"cannot reach {url}: "))
        self.site_failures[url] = journey.reason
        self.views.append(JourneyView(journey, []))
        return journey

    def add_saved_page(self, path: Path) -> Journey:
        """A saved HTML file as a one-step journey: page rules run on it with no browser."""
        view = page_view(self._saved(path, len(self.views)))
        self.views.append(view)
        return view.journey

    def add_saved_pages(self, paths: list[Path], jobs: int = 1,
                        done: Callable[[], None] = lambda: None) -> None:
        """Saved HTML files as one-step journeys, parsed and checked by `jobs` worker
        processes (`done` called per page checked); the report is the same as from adding
        them one by one."""
        pages = [self._saved(path, len(self.views) + i) for i, path in enumerate(paths)]
        checked = check_pages(pages, self.rules, self.options.secrets, jobs, done,
                              meanwhile=lambda: warm_up(self.options.formats))
        for journey, result in checked:
            self.checked[len(self.views)] = result
            self.views.append(JourneyView(journey, []))

    def _saved(self, path: Path, index: int) -> SavedPage:
        html = read_saved_page(path)
        rel = f"steps/page-{index:02d}.html"
        (self.options.out_dir / "steps").mkdir(parents=True, exist_ok=True)
        (self.options.out_dir / rel).write_text(html, encoding="utf-8")
        return SavedPage(html, path.resolve().as_uri(), str(path), path.name, rel)

    def _follow_contact_links(self, context: BrowserContext, recorder: Recorder) -> list:
        steps = [(s.index, snap) for s, snap in zip(recorder.journey.steps, recorder.snapshots,
                                                    strict=False)]

        def save(index: int, html: str) -> str:
            rel = f"steps/{recorder.prefix}-linked-{index:02d}.html"
            (self.options.out_dir / rel).write_text(html, encoding="utf-8")
            return rel

        try:
            return follow_contact_links(context, steps, save)
        except Error:
            return []  # the browser went away: reachability is a bonus, not a requirement

    def _end_screenshot(self, page: Page, prefix: str, pending: bool) -> str | None:
        """The screen as the failed journey left it. A document still pending (a page that
        drips in) is stopped first, as a customer gives up on it: the screenshot would wait
        for it until the timeout."""
        rel = f"steps/{prefix}-end.png"
        if pending:
            with contextlib.suppress(Error):  # the browser answers this itself, page hung or not
                session = page.context.new_cdp_session(page)
                session.send("Page.stopLoading")
                session.detach()
        try:
            # a page that keeps reloading itself never settles: Playwright's 30 s default
            # would be spent after the journey has already failed; no longer than a page may
            # take to load (--page-timeout), at most 10 s
            page.screenshot(path=str(self.options.out_dir / rel), full_page=False,
                            timeout=min(10_000, self.options.page_timeout * 1000))
        except Error:
            return None
        return rel

    @property
    def rules(self) -> list[Rule]:
        if isinstance(self._rules, Future):
            self._rules = self._rules.result()
        return self._rules

    def report(self) -> Report:
        for index, view in enumerate(self.views):  # a journey is checked once, when it ends
            if index in self.checked:
                continue
            # An interrupted journey's steps are kept, unchecked: its report is written at once.
            self.checked[index] = CheckResult() if view.journey.status == "interrupted" \
                else check_journey(view, self.rules, self.options.secrets)
        order = sorted(range(len(self.views)), key=lambda i: (self.places.get(i, i), i))
        views = [self.views[i] for i in order]
        result = run_checks(views, self.rules, self.options.secrets,
                            {n: self.checked[i] for n, i in enumerate(order)})
        ran = {o.rule.id for o in result.outcomes if o.applicable}
        report = Report(
            tool=Tool(version=__version__), target=self.target, started_at=self.started,
            finished_at=datetime.now(UTC),
            settings={"devices": list(self.options.devices), **self.options.settings,
                      **({"journeys_at_once": self.at_once} if self.at_once > 1 else {})},
            journeys=[v.journey for v in views], findings=result.findings,
            scores=score(result.outcomes) if ran else _perfect(),
            journey_scores=journey_scores(result.outcomes),
            rules=[r.info() for r in self.rules],
            outcomes=[recorded(o) for o in result.outcomes],
        )
        opts = self.options
        mark_device_only(report.findings, list(self.options.devices))
        report.gate = judge(report, opts.budgets, opts.fail_on, opts.baseline, opts.baseline_path,
                            opts.preset)
        self._fail_gate_on_site_faults(report)
        report.limits = list(self.limit_hits)
        if self.interrupted:
            report.gate.passed = False
            report.gate.reasons.insert(0, "interrupted")
        return report

    def _fail_gate_on_site_faults(self, report: Report) -> None:
        """A site that could not be walked never passes, whatever the budgets or the preset
        say: each such journey is a breach of its own."""
        gate = report.gate
        for name, reason in self.site_failures.items():
            gate.passed = False
            if any(b.journey == name and reason in b.message for b in gate.breaches):
                continue
            gate.breaches.append(Breach(journey=name, budget="site answered",
                                        limit="every page loads", actual=reason,
                                        message=f"{name}: the site failed: {reason}"))
            line = gate.breaches[-1].message
            listed = [f.message for f in failures(gate)]
            gate.reasons = listed if line in listed else [*listed, line]

    def write(self, formats: list[str] | None = None) -> Report:
        """Check what is new and rewrite the report. One lane at a time; but a lane stuck
        holding the turn (a blocking call) must not keep a signal's report from being written,
        so after LOCK_WAIT_S this writes anyway (each file is replaced atomically)."""
        held = self._lock.acquire(timeout=LOCK_WAIT_S)
        try:
            report = self.report()
            write_reports(report, self.options.out_dir, formats or ["json"])
            WRITTEN.add(self.options.out_dir.resolve())
        finally:
            if held:
                self._lock.release()
        return report


def _perfect() -> Scores:
    return Scores(overall=100, effort=100, clarity=100, transparency=100, control=100)


def mark_device_only(findings: list[Finding], devices: list[str]) -> None:
    """With several devices, say which findings exist on one device only (a mobile-only
    defect is the point of auditing on a phone)."""
    if len(devices) < 2:
        return
    seen: dict[tuple, set[str]] = {}
    for f in findings:
        seen.setdefault(_site_key(f), set()).add(f.device)
    for f in findings:
        f.device_only = seen[_site_key(f)] == {f.device}


def _site_key(f: Finding) -> tuple:
    return (f.rule_id, (f.journey or "").split(" (")[0], urlsplit(f.url).path, f.selector)


def warm_up(formats: list[str]) -> None:
    """The checks' tables and the reports' renderers, loaded in a thread while the browser
    drives (this process mostly waits then) rather than after the last journey. A failure
    here is met again, and reported, where the audit needs the part."""
    with contextlib.suppress(Exception):
        importlib.import_module("frictionaudit.check.preload")
        prepare(formats)


def run_audit(target: str, plans: list[JourneyPlan], options: AuditOptions) -> Report:
    runs = [(device, plan) for device in options.devices for plan in plans]
    with ThreadPoolExecutor(1) as pool:  # the checks load while the browser starts and drives
        rules = pool.submit(load_rules, options.rule_packs)
        # A rule pack of the user's own is checked before anything is driven (a mistake in it
        # is a usage error); the built-in ones are needed only by the first report.
        audit = Audit(target, options, rules=rules.result() if options.rule_packs else rules)
        audit.pending = len(runs)  # the last one's report is written just below
        with audit.watched(), Browsers(options.browser) as browsers:
            browsers.get()
            pool.submit(warm_up, options.formats)  # while the first journey drives
            lanes = _Lanes(audit, runs)
            audit.at_once = lanes.jobs
            lanes.drive(browsers)
    return audit.write(options.formats)


class _Lanes:
    """The runs (device, plan) shared out to `options.jobs` lanes as each becomes free: this
    thread is lane 0, with the audit's browser; the others are threads with their own."""

    def __init__(self, audit: Audit, runs: list[tuple[str, JourneyPlan]]) -> None:
        self.audit = audit
        self.queue = list(enumerate(runs))
        self.jobs = max(1, min(audit.options.jobs, len(runs)))
        self._lock = threading.Lock()

    def drive(self, browsers: Browsers) -> None:
        if self.jobs == 1:
            self._walk(browsers)
            return
        with ThreadPoolExecutor(self.jobs - 1, thread_name_prefix="frictionaudit-lane") as pool:
            others = [pool.submit(self._side, n) for n in range(1, self.jobs)]
            try:
                self._walk(browsers)
            except BaseException:
                with self._lock:
                    self.queue.clear()  # the audit is ending: no lane starts another journey
                raise
            finally:  # the other lanes end too (a signal or a deadline stops their browsers)
                for lane in others:
                    lane.result()
        self._walk(browsers)  # runs handed back by a lane whose browser did not start

    def _side(self, number: int) -> None:
        try:
            with self.audit.lane(number), Browsers(self.audit.options.browser,
                                                   lane=number) as browsers:
                self._walk(browsers)
        except (_Expired, KeyboardInterrupt):
            pass  # the audit's own lane meets the same deadline or signal, and says so
        except (Error, FrictionAuditError):
            pass  # this lane's driver or browser did not start: lane 0 drives its runs

    def _walk(self, browsers: Browsers) -> None:
        crashed = False
        while True:
            with self._lock:
                if not self.queue:
                    return
                run = self.queue.pop(0)
            place, (device, plan) = run
            try:
                browser = browsers.get(fresh=crashed)
            except BaseException:
                with self._lock:
                    self.queue.insert(0, run)
                raise
            journey = self.audit.record(browser, plan, device, place)
            crashed = journey.reason.endswith(CRASHED)
