"""The `frictionaudit` command. Exit codes (our own, not pa11y's): 0 the gate passed; 1 the
gate failed (a budget or the default preset exceeded, or a regression against the baseline); 2
usage or configuration error; 3 the target could not be audited at all. Bad input is one line on
stderr, never a traceback. Human output goes to stderr, machine output (--json, schema, rules
--json, compare) to stdout."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.markup import escape

from frictionaudit import __version__, interrupts
from frictionaudit.errors import FrictionAuditError, UsageError, crash_log
from frictionaudit.output import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TARGET,
    EXIT_USAGE,
    emit,
    interrupted_report,
    report_folder,
    silence_stdout,
)
from frictionaudit.report.writer import FORMATS

# Not a terminal (a CI log, a file): no wrapping, so URLs and reasons stay whole and greppable.
console = Console(stderr=True, highlight=False,
                  **({} if sys.stderr.isatty() else {"width": 100_000, "soft_wrap": True}))


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line, as every other usage error here does."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _formats(value: str) -> list[str]:
    from frictionaudit.report.writer import parse_formats

    names = parse_formats(value)
    if not names:
        raise argparse.ArgumentTypeError(f"no format given; use {','.join(FORMATS)}")
    return names


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 1 <= seconds <= 600:
        raise argparse.ArgumentTypeError(f"{value!r}: expected seconds between 1 and 600")
    return seconds


def _load_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--page-timeout", type=_seconds, metavar="SECONDS",
                   help="how long a page may take to load before its journey fails (default 30)")


def _jobs(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 64, got {value!r}")
    return int(value)


def _lanes_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="journeys driven at once, each in a browser of its own (default: one "
                        "per core, at most 4; 1 for timings comparable run to run)")


def _journey_args(p) -> None:
    """Which journeys to walk: autopilot journeys, flow files, and the safety switch."""
    p.add_argument("--journey", action="append", choices=["auto", "signup", "checkout"],
                   help="journeys the autopilot looks for (default auto: both)")
    p.add_argument("--flow", type=Path, action="append", default=[],
                   help="a flow file (may repeat)")
    p.add_argument("--allow-irreversible", action="store_true",
                   help="let journeys place orders and pay (staging sites only)")


def _common(p: argparse.ArgumentParser, formats: str = "json,html,md") -> None:
    p.add_argument("--out", type=Path, help="report folder (default: a new folder in reports/)")
    p.add_argument("--format", type=_formats, default=_formats(formats),
                   help=f"comma list of {','.join(FORMATS)} (default {formats})")
    p.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR",
                   help="an extra rule pack folder (may repeat)")
    p.add_argument("--browser", help="Chromium/Chrome executable (or FRICTIONAUDIT_BROWSER)")
    p.add_argument("--config", type=Path, help="friction.toml with budgets and settings")
    p.add_argument("--baseline", type=Path, help="an earlier report.json to compare against")
    p.add_argument("--fail-on", default=None,
                   help="what fails the run: budget, new-findings, regression (comma list)")
    p.add_argument("--preset", choices=["recommended", "none"], default=None,
                   help="gate preset: recommended (no critical finding, no category under 50, "
                   "no failed journey; the default when no budgets are set) or none")
    p.add_argument("--json", action="store_true",
                   help="print a machine-readable summary (verdict, reasons, scores, files) "
                   "on stdout")
    _deadline_args(p)


def _wall_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 1 <= seconds <= 86_400:
        raise argparse.ArgumentTypeError(f"{value!r}: expected seconds between 1 and 86400")
    return seconds


def _deadline_args(p: argparse.ArgumentParser) -> None:
    """Wall deadlines, enforced from outside the page: a journey that overruns ends failed
    with the reason, the audit goes on, the report lists the limits that fired."""
    g = p.add_argument_group("deadlines")
    g.add_argument("--timeout", type=_wall_seconds, metavar="SECONDS",
                   help="the whole audit's wall time; journeys not started by then are skipped "
                   "(default: none)")
    g.add_argument("--step-timeout", type=_wall_seconds, metavar="SECONDS",
                   help="wall time from one step to the next (default 60)")
    g.add_argument("--journey-timeout", type=_wall_seconds, metavar="SECONDS",
                   help="wall time of one journey (default 300)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="frictionaudit", description=__doc__.split(".")[0] + ".")
    parser.add_argument("--version", action="version", version=f"frictionaudit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = sub.add_parser("demo", help="audit the bundled demo shop")
    demo.add_argument("--variant", choices=["rough", "smooth", "both"], default="both",
                      help="which shop to audit: rough (much friction), smooth, or both")
    demo.add_argument("--gate", action="store_true",
                      help="exit 1 when a variant fails the gate (by default the demo shows "
                      "each verdict and exits 0)")
    demo.add_argument("--lang", default="en", help="en, fr or de")
    _lanes_arg(demo)
    _common(demo)
    _device_args(demo)

    audit = sub.add_parser("audit", help="audit a live site's journeys")
    audit.add_argument("url", help="the site's start page, http:// or https://")
    _journey_args(audit)
    audit.add_argument("--save-flow", type=Path, help="write the autopilot's journeys as a flow")
    audit.add_argument("--allow-origin", action="append", default=[], metavar="URL",
                       help="another origin journeys may load besides the target's (may repeat)")
    _load_args(audit)
    _lanes_arg(audit)
    _common(audit)
    _device_args(audit)

    scan = sub.add_parser("scan", help="page rules on single pages or saved HTML files")
    scan.add_argument("targets", nargs="+", metavar="PATH_OR_URL",
                      help="web pages or saved HTML files")
    scan.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                      help="worker processes that parse and check saved pages "
                           "(default: one per core)")
    _common(scan)
    _load_args(scan)

    report = sub.add_parser("report", help="re-render a saved report.json")
    report.add_argument("report", type=Path, help="a report.json, or the folder holding it")
    report.add_argument("--format", type=_formats, default=_formats("html,md"),
                        help=f"comma list of {','.join(FORMATS)} (default html,md)")
    report.add_argument("--out", type=Path, help="folder to write into (default: beside it)")

    compare = sub.add_parser("compare", help="compare two report.json files")
    compare.add_argument("base", type=Path, help="the earlier report.json (the baseline)")
    compare.add_argument("new", type=Path, help="the later report.json")
    compare.add_argument("--fail-on", default="regression",
                         help="what exits 1: regression (default), new-findings (comma list)")

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR",
                       help="an extra rule pack folder (may repeat)")
    rules.add_argument("--json", action="store_true",
                       help="print the rules as JSON (id, title, category, severity, "
                       "languages, journeys, params, refs)")
    sub.add_parser("schema", help="print the report's JSON Schema").add_argument(
        "--index", action="store_true", help="the batch index's (index.json) schema instead")
    from frictionaudit.batch.command import add_parser as add_batch

    add_batch(sub, _common, _device_args, _journey_args)
    return parser


def _device_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("the customer's situation")
    g.add_argument("--device", action="append", dest="devices",
                   help='a Playwright device name, e.g. "iPhone 13", or Desktop (may repeat)')
    g.add_argument("--viewport", help="WIDTHxHEIGHT, e.g. 1280x800 (default for Desktop)")
    g.add_argument("--locale", help="browser locale, e.g. fr-FR")
    g.add_argument("--timezone", help="e.g. Europe/Paris")
    g.add_argument("--geolocation", help="LATITUDE,LONGITUDE")
    g.add_argument("--color-scheme", choices=["light", "dark", "no-preference"],
                   help="the prefers-color-scheme the pages see")
    g.add_argument("--throttle", help="network profile: slow-4g, fast-3g, slow-3g "
                   "(changes the seconds reported, never the scores)")
    a = p.add_argument_group("protected and signed-in sites (secrets never on the command line)")
    a.add_argument("--auth-file", type=Path, help="TOML with http_user/http_password, headers, "
                   "cookies, login_user/login_password; or FRICTIONAUDIT_HTTP_USER/_PASSWORD "
                   "and FRICTIONAUDIT_LOGIN_USER/_PASSWORD in the environment")
    a.add_argument("--storage-state", type=Path, help="a Playwright storage-state file")
    a.add_argument("--login-flow", type=Path, help="a flow file run before each journey "
                   "(use {persona.login.user} and {persona.login.password})")
    a.add_argument("--count-login", action="store_true",
                   help="count the login flow's steps as friction")


def main(argv: list[str] | None = None) -> int:
    """SIGINT and SIGTERM end the run with a report of what was measured (interrupts.py)."""
    with interrupts.handled():
        return _main(argv)


def run() -> NoReturn:
    """The `frictionaudit` command: `main()`, then the process ends. The objects an audit made
    (parsed pages hold many reference cycles) are frozen first, so the interpreter does not
    walk them all once more on the way out (about 0.15 s of every audit's exit)."""
    code = main()
    gc.freeze()
    sys.exit(code)


def _main(argv: list[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        where = report_folder(args)  # a signal from here on leaves a report there
        if where is not None:
            interrupts.fallback(interrupted_report(*where))
        interrupts.check()
        code = _run(args)
        interrupts.check()  # a signal during the last writes still ends the run interrupted
        return code
    except FrictionAuditError as exc:
        if interrupts.received():  # a failure the signal caused (a browser killed as it started)
            return _interrupted(interrupts.Interrupted(interrupts.received()))
        console.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        silence_stdout()
        return EXIT_OK
    except OSError as exc:  # the machine said no (a full disk, a folder we may not write)
        where = f"{exc.filename}: " if exc.filename else ""
        console.print(f"[red]error:[/] {escape(f'{where}{exc.strerror or exc}')}",
                      soft_wrap=True)
        return EXIT_USAGE
    except Exception as exc:  # a bug of ours: one line and where the details are
        log = crash_log(exc)
        first = (str(exc).splitlines() or [""])[0][:200]
        console.print(f"[red]internal error:[/] {type(exc).__name__}: {escape(first)} — a bug; "
                      f"please report it with the crash log: {log}", soft_wrap=True)
        return EXIT_TARGET


def _interrupted(exc: KeyboardInterrupt) -> int:
    wrote = interrupts.write_fallbacks(exc) > 0
    console.print(f"[yellow]interrupted[/]: {interrupts.MESSAGES[wrote]}")
    return getattr(exc, "exit_code", EXIT_INTERRUPTED)


def _run(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as early:
        # A spinner from the first moment on a terminal: loading the browser driver takes a
        # while. A command that opens a browser starts Playwright's driver beside its first
        # import of the commands (the two take about as long; in-process callers that have
        # imported them already start it when the command needs it). Chromium starts then too.
        with console.status("starting…", spinner="dots"):
            if args.command in ("audit", "demo") and "frictionaudit.commands" not in sys.modules:
                from frictionaudit.browser import session_beside

                early.enter_context(session_beside(_import_commands, True, args.browser))
            from frictionaudit import commands
        return _command(args, commands)


def _import_commands() -> None:
    from frictionaudit import commands  # noqa: F401


def _command(args: argparse.Namespace, commands) -> int:
    interrupts.check()

    if args.command == "schema":
        from frictionaudit.batch.index import BatchIndex
        from frictionaudit.model import Report

        model = BatchIndex if args.index else Report
        emit(json.dumps(model.model_json_schema(), indent=2))
        return EXIT_OK
    if args.command == "batch":  # a command of its own package, above the single-site ones
        from frictionaudit.batch.command import batch

        return batch(args, console)
    return getattr(commands, args.command)(args, console)


if __name__ == "__main__":
    sys.exit(main())
