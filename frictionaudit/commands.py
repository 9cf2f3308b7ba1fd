"""What each subcommand does; cli.py only parses. Each returns the process exit code."""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from frictionaudit import interrupts
from frictionaudit.audit import Audit, AuditOptions, JourneyPlan, run_audit
from frictionaudit.baseline import compare as compare_reports
from frictionaudit.browser import Browsers
from frictionaudit.check.pages import default_jobs
from frictionaudit.config import Config, find_config, load_config, parse_fail_on
from frictionaudit.drive.contract import OPENED
from frictionaudit.drive.flow import FlowJourney, drive_flow, load_flow
from frictionaudit.drive.persona import load_persona
from frictionaudit.errors import TargetError, UsageError
from frictionaudit.gate import failures
from frictionaudit.lexicon import supported_languages
from frictionaudit.limits import Limits
from frictionaudit.model import Gate, Report
from frictionaudit.output import EXIT_GATE, EXIT_OK, default_out, emit, interrupted_report
from frictionaudit.record.navigation import NOT_AUDITED
from frictionaudit.report.console import print_comparison, print_gate, print_summary
from frictionaudit.report.writer import RENDERERS, load_report, write_reports
from frictionaudit.situation import (
    DESKTOP,
    ENV_HTTP_PASSWORD,
    ENV_HTTP_USER,
    Access,
    ContextSettings,
    check_storage_state,
    check_throttle,
    device_descriptors,
    load_access,
)
from frictionaudit.sources import source_settings
from frictionaudit.urls import Credentials, check_url, redacted, split_credentials


def validate_url(url: str) -> str:
    """An http(s) URL the tool may load, without credentials (see target_url)."""
    return target_url(url)[0]


def target_url(url: str) -> tuple[str, Credentials | None]:
    """The URL to audit and the user:password it carried, taken as basic-auth credentials:
    from here on only the clean URL is printed, resolved or recorded."""
    return split_credentials(url, "URL")


def probe_target(url: str, access: Access | None = None, timeout: float = 15) -> None:
    """Fail fast, with exit 3, when nothing answers at the target, or when it asks for
    credentials we do not have. Any other HTTP status is an answer: a 404 home page or a 500
    is still a site to audit (and to report on)."""
    headers = {"User-Agent": "frictionaudit", **(access.headers if access else {})}
    if access and access.http_user is not None:
        pair = f"{access.http_user}:{access.http_password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    request = urllib.request.Request(url, method="GET", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            raise TargetError(
                f"{url} asks for credentials (HTTP 401): set {ENV_HTTP_USER} and "
                f"{ENV_HTTP_PASSWORD} in the environment, or use --auth-file") from exc
        return
    except http.client.HTTPException as exc:  # a status line or headers no client accepts
        shown = re.sub(r"[\x00-\x1f\x7f-\x9f]+", " ", str(exc)).strip()[:120]
        raise TargetError(f"cannot reach {url}: the answer is not valid HTTP "
                          f"({type(exc).__name__}: {shown})") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"[:200]
        if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
            reason = f"no answer in {timeout:g} s"
        raise TargetError(f"cannot reach {url}: {reason}") from exc


def flow_plan(journey: FlowJourney, base_url: str, allow: bool) -> JourneyPlan:
    def drive(page, ctx):
        return drive_flow(page, journey, base_url, load_persona, ctx.checkpoint, ctx.allows)

    return JourneyPlan(journey.name, journey.kind, drive,
                       allow_irreversible=allow or journey.allow_irreversible)


PATTERN_HINTS = {"viewport": "expected WIDTHxHEIGHT, e.g. 1280x800",
                 "geolocation": "expected LATITUDE,LONGITUDE, e.g. 48.8566,2.3522",
                 "color_scheme": "expected light, dark or no-preference"}
CONTEXT_ARGS = ("viewport", "locale", "timezone", "geolocation", "color_scheme", "throttle",
                "storage_state", "auth_file", "login_flow")


def _situation(args: argparse.Namespace, config: Config) -> ContextSettings:
    """The config's [context] (and its site's), with what the command line sets on top."""
    given = {k: getattr(args, k) for k in CONTEXT_ARGS if getattr(args, k, None) is not None}
    if getattr(args, "devices", None):
        given["devices"] = args.devices
    if getattr(args, "count_login", False):
        given["count_login"] = True
    try:
        cli = ContextSettings(**given)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0])
        msg = PATTERN_HINTS.get(name, err["msg"]) if err["type"] == "string_pattern_mismatch" \
            else err["msg"]
        raise UsageError(f"--{name.replace('_', '-')}: {msg} (got {err['input']!r})") from exc
    settings = config.context.merged(cli)
    check_throttle(settings.throttle)
    check_storage_state(settings.storage_state)
    return settings


def writable_folder(path: Path, option: str = "--out") -> Path:
    """The report folder, made now, so a folder that cannot be is one line before any work."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot write there "
                         f"({exc.strerror or type(exc).__name__})") from None
    return path


def _options(args: argparse.Namespace, target: str, out_dir: Path, console: Console,
             credentials: Credentials | None = None, **settings) -> AuditOptions:
    def on_step(journey: str, index: int, url: str) -> None:
        console.print(f"  [dim]{escape(journey)}[/] step {index}: {escape(url)}", highlight=False)

    writable_folder(out_dir)
    for origin in getattr(args, "allow_origin", None) or []:
        check_url(origin, "--allow-origin")
    config = load_config(args.config).for_site(target)
    flows = settings.pop("flow_paths", None) or list(getattr(args, "flow", []))
    situation = _situation(args, config)
    access = load_access(situation)
    if credentials is not None and access.http_user is None:
        access = access.model_copy(update={"http_user": credentials.user,
                                           "http_password": credentials.password})
    devices = device_descriptors(situation.devices or [DESKTOP])
    login = load_flow(situation.login_flow).journey[0] if situation.login_flow else None
    baseline = load_report(args.baseline) if args.baseline else None
    echoed = {
        "devices": list(devices), "viewport": situation.viewport, "locale": situation.locale,
        "timezone": situation.timezone, "geolocation": situation.geolocation,
        "color_scheme": situation.color_scheme, "throttle": situation.throttle,
        "storage_state": str(situation.storage_state) if situation.storage_state else None,
        "login_flow": str(situation.login_flow) if situation.login_flow else None,
        "access": access.described(), "rule_packs": [str(p) for p in args.rules] or None,
        "baseline": str(args.baseline) if args.baseline else None,
        **source_settings(flows, find_config(args.config), config.sarif),
        "journey_settings": [
            f"{name}: " + ", ".join(f"{k}={v}" for k, v in j.context.model_dump(
                exclude_unset=True, exclude={"auth_file"}).items())
            for name, j in config.journeys.items()] or None,
        **settings,
    }
    return AuditOptions(
        out_dir=out_dir, formats=args.format, browser=args.browser,
        rule_packs=[*config.rules, *args.rules],
        settings={k: v for k, v in echoed.items() if v is not None}, on_step=on_step,
        secrets=[*{s for lang in supported_languages() for s in load_persona(lang).secrets()},
                 *access.secrets()],
        budgets=config.budgets, fail_on=parse_fail_on(args.fail_on, config),
        preset=args.preset or config.preset,
        baseline=baseline, baseline_path=args.baseline,
        devices=devices, context=situation, access=access, login=login,
        journey_context={name: j.context for name, j in config.journeys.items()},
        allow_origins=getattr(args, "allow_origin", None) or [],
        page_timeout=getattr(args, "page_timeout", None) or 30.0,
        limits=limits_from(args),
        jobs=getattr(args, "jobs", None) or min(default_jobs(), MAX_LANES),
    )


# Journeys driven at once by default: one per core, each lane a browser of its own (several
# hundred MB), so no more than this however many cores there are.
MAX_LANES = 4


def limits_from(args: argparse.Namespace) -> Limits:
    """The deadlines the command line sets, over the defaults; --timeout counts from now."""
    given = {"audit_s": args.timeout, "step_s": args.step_timeout,
             "journey_s": args.journey_timeout}
    return replace(Limits(audit_started=time.monotonic()),
                   **{k: v for k, v in given.items() if v is not None})


@contextmanager
def progress(console: Console, what: str) -> Iterator[None]:
    """A spinner while the browser works on a terminal; elsewhere one line, then the steps."""
    what = escape(what)  # an address may hold brackets, which rich would read as styles
    if not console.is_terminal:
        console.print(f"{what}…")
    with console.status(f"{what}…", spinner="dots"):
        yield


@contextmanager
def pages_progress(console: Console, total: int) -> Iterator[Callable[[], None]]:
    """A bar over the saved pages being checked, on a terminal and for more than one page;
    elsewhere (a CI log) nothing: the summary follows."""
    if not console.is_terminal or total < 2:
        yield lambda: None
        return
    # The bar's thread starts at the first page checked, once the workers have forked (with a
    # thread running they would start from a fork server that loads everything again).
    with ExitStack() as shown:
        bar: list = []

        def done() -> None:
            if not bar:
                bar.append(shown.enter_context(Progress(
                    TextColumn("checking pages"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=console, transient=True)))
                bar.append(bar[0].add_task("pages", total=total))
            bar[0].advance(bar[1])

        yield done


def _finish(report: Report, out_dir: Path, console: Console, args: argparse.Namespace) -> int:
    """Summary and verdict on stderr, the files written, and --json's summary on stdout."""
    print_summary(report, console)
    names = dict.fromkeys(["json", *args.format])
    files = {f: out_dir / RENDERERS[f][0] for f in names if (out_dir / RENDERERS[f][0]).exists()}
    for path in files.values():
        console.print(f"report: [bold]{escape(str(path))}[/]")
    code = EXIT_OK if report.gate.passed else EXIT_GATE
    if args.json:
        emit(json.dumps(machine_summary(report, files, code)))
    return code


def machine_summary(report: Report, files: dict[str, Path], code: int) -> dict:
    """What a script needs from a run: the verdict and why, the scores, the files."""
    counts = {str(s): 0 for s in ("critical", "serious", "moderate", "minor")}
    for f in report.findings:
        counts[str(f.severity)] += 1
    return {
        "target": report.target, "exit_code": code, "passed": report.gate.passed,
        "preset": report.gate.preset, "reasons": report.gate.reasons,
        "scores": report.scores.model_dump(), "findings": counts,
        "journeys": [{"name": j.name, "status": j.status, "reason": j.reason,
                      **j.metrics.model_dump()} for j in report.journeys],
        "files": {name: str(path) for name, path in files.items()},
    }


def demo(args: argparse.Namespace, console: Console) -> int:
    from frictionaudit.demo import LANGS, DemoShop
    from frictionaudit.demo.journeys import demo_flow_paths, demo_flows

    if args.lang not in LANGS:
        raise UsageError(f"the demo shop speaks {', '.join(LANGS)}, not {args.lang!r}")
    variants = ["rough", "smooth"] if args.variant == "both" else [args.variant]
    out = args.out or default_out("demo")
    verdicts = {}
    for variant in variants:
        console.print(f"── demo shop · {variant} · {args.lang}: starting…")
        interrupts.fallback(interrupted_report(f"demo shop ({variant})", out / variant))
        with DemoShop(variant=variant, lang=args.lang) as shop:
            plans = [flow_plan(j, shop.url, True) for j in demo_flows(variant)]
            options = _options(args, shop.url, out / variant, console, variant=variant,
                               lang=args.lang, flow_paths=demo_flow_paths(variant))
            with progress(console, f"auditing the {variant} demo shop at {shop.url}"):
                report = run_audit(shop.url, plans, options)
        verdicts[variant] = _finish(report, out / variant, console, args)
    console.print("verdicts: " + ", ".join(
        f"{v} {'[green]passed[/]' if c == EXIT_OK else '[red]failed[/]'}"
        for v, c in verdicts.items()) + ("" if args.gate else " (the demo exits 0; --gate "
                                         "exits 1 on a failed gate)"))
    return max(verdicts.values()) if args.gate else EXIT_OK


def audit(args: argparse.Namespace, console: Console) -> int:
    """Flow files walk what they say; the autopilot (--journey, or no --flow at all) finds
    signup and checkout by itself, and --save-flow writes down what it followed."""
    from frictionaudit.drive.autopilot import autopilot_plans  # not imported by other commands
    from frictionaudit.drive.save_flow import Trail

    url, credentials = target_url(args.url)
    flows = [j for path in args.flow for j in load_flow(path).journey]
    journeys = args.journey or ([] if flows else ["auto"])
    if args.save_flow:
        writable_folder(args.save_flow.parent, "--save-flow")
    if args.save_flow and not journeys:
        raise UsageError("--save-flow writes the autopilot's journeys: add --journey to run it")
    out = args.out or default_out(urlparse(url).hostname or "audit")  # cli.py sets args.out
    trail = Trail(url) if args.save_flow else None
    plans = [flow_plan(j, url, args.allow_irreversible) for j in flows]
    plans += autopilot_plans(url, journeys, args.allow_irreversible, trail,
                             taken={j.name for j in flows})
    options = _options(args, url, out, console, credentials,
                       allow_irreversible=args.allow_irreversible)
    try:
        probe_target(url, options.access)
    except TargetError as exc:  # nothing to audit: the report says why, then exit 3
        unreachable = Audit(url, options, rules=[])
        unreachable.add_unreachable(url, str(exc))
        unreachable.write(options.formats)
        raise TargetError(f"{exc} (report: {out / 'report.json'})") from None
    with progress(console, f"auditing {url}"):
        report = run_audit(url, plans, options)
    if trail is not None:
        trail.write(args.save_flow)
        console.print(f"flow: [bold]{escape(str(args.save_flow))}[/]")
    if not_audited(report):
        print_summary(report, console)
        raise TargetError(f"no journey got past the start page of {url}: "
                          f"{report.journeys[0].reason} (report: {out / 'report.json'})")
    return _finish(report, out, console, args)


def not_audited(report: Report) -> bool:
    """Nothing could be audited: every journey failed at its start page (before its first
    screen was read, or with only that screen read and no action done)."""
    return bool(report.journeys) and all(j.status == "failed" and j.reason.startswith(NOT_AUDITED)
                                         for j in report.journeys)


def rules(args: argparse.Namespace, console: Console) -> int:
    from frictionaudit.check.rules import load_rules

    ordered = sorted(load_rules(args.rules), key=lambda r: (r.category, r.id))
    if args.json:
        keys = {"id", "title", "category", "severity", "languages", "journeys", "params",
                "curve", "weight", "refs", "help", "enabled"}
        emit(json.dumps([r.model_dump(mode="json", include=keys) for r in ordered], indent=2,
                        ensure_ascii=False))
        return EXIT_OK
    table = Table(title="frictionaudit rules (--json for parameters and references)",
                  title_justify="left")
    table.add_column("id", no_wrap=True)
    for column in ("title", "category", "severity", "languages"):
        table.add_column(column)
    for rule in ordered:
        table.add_row(rule.id, rule.title, rule.category, rule.severity,
                      ", ".join(rule.languages))
    stdout_console().print(table)
    return EXIT_OK


def stdout_console() -> Console:
    """Human output meant for stdout (rules, compare): unwrapped when not a terminal."""
    return Console(file=sys.stdout, highlight=False,
                   **({} if sys.stdout.isatty() else {"width": 100_000, "soft_wrap": True}))


def scan(args: argparse.Namespace, console: Console) -> int:
    """Page rules on single pages: saved HTML files need no browser, URLs get one step each."""
    out = args.out or default_out("scan")  # cli.py sets args.out
    targets = [scan_target(t) for t in args.targets]
    first = next((t for t in targets if isinstance(t, tuple)), (str(targets[0]), None))
    options = _options(args, first[0], out, console, first[1])
    audit_ = Audit(", ".join(redacted(t) for t in args.targets), options)
    files = [t for t in targets if isinstance(t, Path)]
    with pages_progress(console, len(files)) as done:
        audit_.add_saved_pages(files, args.jobs or default_jobs(), done)
    urls = [t[0] for t in targets if not isinstance(t, Path)]
    if urls:
        with audit_.watched(), Browsers(args.browser) as browsers:
            for url in urls:
                try:
                    probe_target(url, options.access)
                except TargetError as exc:  # one unreachable page does not stop the scan
                    audit_.add_unreachable(url, str(exc))
                    continue
                audit_.record(browsers.get(), page_plan(url))
    report = audit_.write(options.formats)
    if not_audited(report):
        print_summary(report, console)
        raise TargetError(f"no page could be scanned (report: {out / 'report.json'})")
    return _finish(report, out, console, args)


def scan_target(target: str) -> Path | tuple[str, Credentials | None]:
    """A saved file (a path or a file:// URL) or a web page (an http(s) URL)."""
    if target.lower().startswith("file:"):
        return Path(url2pathname(urlparse(target).path))
    if "://" in target or target.lower().startswith(("http:", "https:")):
        return target_url(target)
    return Path(target)


def page_plan(url: str) -> JourneyPlan:
    def drive(page, ctx):
        page.goto(url, wait_until=OPENED)
        ctx.checkpoint()
        return "completed", ""

    return JourneyPlan(url, "page", drive)


def report(args: argparse.Namespace, console: Console) -> int:
    """Re-render a saved report in other formats; screenshots are read from beside it."""
    saved = load_report(args.report)
    folder = args.report if args.report.is_dir() else args.report.parent
    out = args.out or folder
    written = write_reports(saved, out, args.format, assets_dir=folder)
    for path in written:
        console.print(f"wrote [bold]{escape(str(path))}[/]")
    return EXIT_OK


def compare(args: argparse.Namespace, console: Console) -> int:
    """The changes on stdout (so `> diff.txt` keeps them); exit 1 on what --fail-on names,
    each reason printed."""
    base, new = load_report(args.base), load_report(args.new)
    comparison = compare_reports(base, new, str(args.base))
    gate = Gate(preset="none", fail_on=parse_fail_on(args.fail_on, Config()),
                comparison=comparison)
    gate.reasons = [f.message for f in failures(gate)]
    gate.passed = not gate.reasons
    out = stdout_console()
    print_comparison(comparison, out, base.scores, new.scores)
    print_gate(gate, out)
    return EXIT_OK if gate.passed else EXIT_GATE

