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

from playwright.sync_api import Browser, Error, Page

from frictionaudit import __version__
from frictionaudit.browser import launched
from frictionaudit.budgets import Budget
from frictionaudit.check.engine import run_checks
from frictionaudit.check.registry import JourneyView
from frictionaudit.check.rules import Rule, load_rules
from frictionaudit.drive.context import DriveContext
from frictionaudit.gate import judge
from frictionaudit.model import Journey, JourneyKind, Report, Scores, Tool
from frictionaudit.record.recorder import Recorder, slug
from frictionaudit.report.writer import write_reports
from frictionaudit.score.scoring import journey_scores, score

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
    context: dict = field(default_factory=dict)  # Playwright new_context() options
    device: str = "Desktop"
    settings: dict = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)
    budgets: dict[str, Budget] = field(default_factory=dict)
    fail_on: list[str] = field(default_factory=lambda: ["budget", "regression"])
    baseline: Report | None = None
    baseline_path: Path | None = None
    on_step: Callable[[str, int, str], None] | None = None


class Audit:
    """Collects journeys as they are recorded and keeps the report on disk current."""

    def __init__(self, target: str, options: AuditOptions, rules: list[Rule] | None = None):
        self.target = target
        self.options = options
        self.rules = rules if rules is not None else load_rules(options.rule_packs)
        self.views: list[JourneyView] = []
        self.started = datetime.now(UTC)
        options.out_dir.mkdir(parents=True, exist_ok=True)

    def record(self, browser: Browser, plan: JourneyPlan) -> Journey:
        opts = self.options
        context = browser.new_context(**opts.context)
        page = context.new_page()
        name = plan.name if opts.device == "Desktop" else f"{plan.name} ({opts.device})"
        recorder = Recorder(opts.out_dir, name, plan.kind, device=opts.device,
                            file_prefix=slug(name), allow_irreversible=plan.allow_irreversible,
                            secrets=opts.secrets)
        recorder.attach(page)

        def checkpoint():
            step = recorder.checkpoint()
            if step is not None and opts.on_step:
                opts.on_step(name, step.index, step.url)
            return step

        ctx = DriveContext(checkpoint, recorder.journey.decisions, plan.allow_irreversible,
                           lambda: max(0, len(recorder.journey.steps) - 1))
        status, reason = "failed", ""
        try:
            status, reason = plan.drive(page, ctx)
        except KeyboardInterrupt:
            status, reason = "stopped", "interrupted by the user"
            raise
        except Error as exc:
            reason = str(exc).splitlines()[0]
        finally:
            journey = recorder.finish(status, reason)
            if journey.status != "completed":
                journey.end_screenshot = self._end_screenshot(page, recorder.prefix)
            with contextlib.suppress(Error):
                context.close()
            self.views.append(JourneyView(journey, list(recorder.snapshots)))
            self.write()
        return journey

    def _end_screenshot(self, page: Page, prefix: str) -> str | None:
        rel = f"steps/{prefix}-end.png"
        try:
            page.screenshot(path=str(self.options.out_dir / rel), full_page=False)
        except Error:
            return None
        return rel

    def report(self) -> Report:
        result = run_checks(self.views, self.rules, self.options.secrets)
        ran = {o.rule.id for o in result.outcomes}
        report = Report(
            tool=Tool(version=__version__), target=self.target, started_at=self.started,
            finished_at=datetime.now(UTC), settings=self.options.settings,
            journeys=[v.journey for v in self.views], findings=result.findings,
            scores=score(result.outcomes) if result.outcomes else _perfect(),
            journey_scores=journey_scores(result.outcomes),
            rules=[r.info() for r in self.rules if r.id in ran],
        )
        opts = self.options
        report.gate = judge(report, opts.budgets, opts.fail_on, opts.baseline, opts.baseline_path)
        return report

    def write(self, formats: list[str] | None = None) -> Report:
        report = self.report()
        write_reports(report, self.options.out_dir, formats or ["json"])
        return report


def _perfect() -> Scores:
    return Scores(overall=100, effort=100, clarity=100, transparency=100, control=100)


def run_audit(target: str, plans: list[JourneyPlan], options: AuditOptions) -> Report:
    audit = Audit(target, options)
    with launched(options.browser) as browser:
        for plan in plans:
            audit.record(browser, plan)
    return audit.write(options.formats)
