"""One audit, end to end: drive each journey with its recorder, check, score, write.

The report is rewritten (atomically) after every journey, so what was measured survives a
crash, a failing journey or Ctrl-C: an interrupted audit leaves a report of what it saw.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Error, Page

from frictionaudit import __version__
from frictionaudit.browser import launched
from frictionaudit.budgets import Budget
from frictionaudit.check.engine import run_checks
from frictionaudit.check.registry import JourneyView
from frictionaudit.check.rules import Rule, load_rules
from frictionaudit.context import DESKTOP, THROTTLING, Access, ContextSettings, context_options
from frictionaudit.drive.context import DriveContext
from frictionaudit.drive.flow import FlowJourney, drive_flow
from frictionaudit.drive.persona import Login, load_persona
from frictionaudit.errors import UsageError
from frictionaudit.gate import judge
from frictionaudit.model import Finding, Journey, JourneyKind, Metrics, Report, Scores, Step, Tool
from frictionaudit.record.reach import follow_contact_links
from frictionaudit.record.recorder import Recorder, slug
from frictionaudit.report.writer import write_reports
from frictionaudit.score.scoring import journey_scores, score
from frictionaudit.snapshot.page import PageSnapshot

# A driver walks a page through one journey, calling ctx.checkpoint() after each action, and
# says how it ended: (status, reason).
Driver = Callable[[Page, DriveContext], tuple[str, str]]


@dataclass
class JourneyPlan:
    name: str
    kind: JourneyKind
    drive: Driver
    allow_irreversible: bool = False


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


class Audit:
    """Collects journeys as they are recorded and keeps the report on disk current."""

    def __init__(self, target: str, options: AuditOptions, rules: list[Rule] | None = None,
                 autosave: bool = True):
        self.target = target
        self.autosave = autosave
        self.options = options
        self.rules = rules if rules is not None else load_rules(options.rule_packs)
        self.views: list[JourneyView] = []
        self.started = datetime.now(UTC)
        options.out_dir.mkdir(parents=True, exist_ok=True)

    def record(self, browser: Browser, plan: JourneyPlan, device: str = DESKTOP) -> Journey:
        opts = self.options
        descriptor = opts.devices.get(device, {})
        situation = opts.context.merged(opts.journey_context.get(plan.name, ContextSettings()))
        context = browser.new_context(**context_options(situation, opts.access, descriptor))
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
                            secrets=opts.secrets)

        def checkpoint():
            step = recorder.checkpoint()
            if step is not None and opts.on_step:
                opts.on_step(name, step.index, step.url)
            return step

        ctx = DriveContext(checkpoint, recorder.journey.decisions, plan.allow_irreversible,
                           lambda: max(0, len(recorder.journey.steps) - 1),
                           follow=recorder.follow)
        status, reason = "failed", ""
        try:
            quiet_login = opts.login is not None and not opts.context.count_login
            status, reason = self._login(page) if quiet_login else ("started", "")
            recorder.attach(page)
            if status == "started" and opts.login is not None and opts.context.count_login:
                status, reason = self._login(page, ctx.checkpoint)
            if status == "started":
                status, reason = plan.drive(page, ctx)
        except KeyboardInterrupt:
            status, reason = "stopped", "interrupted by the user"
            raise
        except Error as exc:
            status, reason = "failed", str(exc).splitlines()[0]
        except Exception as exc:  # a driver's own bug: this journey fails, the audit goes on
            status, reason = "failed", f"internal error: {type(exc).__name__}: {exc}"[:300]
        finally:
            journey = recorder.finish(status, reason)
            if journey.status != "completed":
                journey.end_screenshot = self._end_screenshot(page, recorder.prefix)
            linked = self._follow_contact_links(context, recorder)
            journey.linked = [page for page, _ in linked]
            with contextlib.suppress(Error):
                context.close()
            self.views.append(JourneyView(journey, list(recorder.snapshots),
                                          dict(recorder.error_snapshots),
                                          [snapshot for _, snapshot in linked]))
            if self.autosave:
                self.write()
        return journey

    def _login(self, page: Page, checkpoint=lambda: None) -> tuple[str, str]:
        """Run the login flow first; its steps are not friction unless asked (count_login)."""
        assert self.options.login is not None
        access = self.options.access
        login = (Login(user=access.login_user, password=access.login_password or "")
                 if access.login_user else None)

        def persona(lang: str):
            return load_persona(lang).model_copy(update={"login": login})

        status, reason = drive_flow(page, self.options.login, self.target, persona, checkpoint)
        if status == "failed":
            return "failed", f"login flow failed: {reason}"
        return "started", ""

    def add_saved_page(self, path: Path) -> Journey:
        """A saved HTML file as a one-step journey: page rules run on it with no browser."""
        try:
            html = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"{path}: cannot read ({exc.strerror})") from exc
        index = len(self.views)
        rel = f"steps/page-{index:02d}.html"
        (self.options.out_dir / "steps").mkdir(parents=True, exist_ok=True)
        (self.options.out_dir / rel).write_text(html, encoding="utf-8")
        snapshot = PageSnapshot.from_html(html, path.resolve().as_uri(), str(path))
        counted = snapshot.counted_fields()
        step = Step(index=0, url=snapshot.url, title=snapshot.title, lang=snapshot.lang,
                    fields_visible=len(counted), snapshot=rel, trigger="start",
                    fields_required=sum(1 for f in counted if f.required))
        journey = Journey(name=path.name, kind="page", steps=[step],
                          metrics=Metrics(steps=1, fields=step.fields_visible,
                                          required_fields=step.fields_required))
        self.views.append(JourneyView(journey, [snapshot]))
        return journey

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

    def _end_screenshot(self, page: Page, prefix: str) -> str | None:
        rel = f"steps/{prefix}-end.png"
        try:
            page.screenshot(path=str(self.options.out_dir / rel), full_page=False)
        except Error:
            return None
        return rel

    def report(self) -> Report:
        result = run_checks(self.views, self.rules, self.options.secrets)
        ran = {o.rule.id for o in result.outcomes if o.score is not None}
        report = Report(
            tool=Tool(version=__version__), target=self.target, started_at=self.started,
            finished_at=datetime.now(UTC),
            settings={"devices": list(self.options.devices), **self.options.settings},
            journeys=[v.journey for v in self.views], findings=result.findings,
            scores=score(result.outcomes) if ran else _perfect(),
            journey_scores=journey_scores(result.outcomes),
            rules=[r.info() for r in self.rules],
            outcomes=[o.record() for o in result.outcomes],
        )
        opts = self.options
        mark_device_only(report.findings, list(self.options.devices))
        report.gate = judge(report, opts.budgets, opts.fail_on, opts.baseline, opts.baseline_path,
                            opts.preset)
        return report

    def write(self, formats: list[str] | None = None) -> Report:
        report = self.report()
        write_reports(report, self.options.out_dir, formats or ["json"])
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


def run_audit(target: str, plans: list[JourneyPlan], options: AuditOptions) -> Report:
    audit = Audit(target, options)
    with launched(options.browser) as browser:
        for device in options.devices:
            for plan in plans:
                audit.record(browser, plan, device)
    return audit.write(options.formats)
