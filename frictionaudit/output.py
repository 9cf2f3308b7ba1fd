"""What every command shares below the command line: the exit codes (documented in the
README), the report folder (and the report an interrupted audit leaves there), and machine
output on stdout."""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_TARGET, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def default_out(name: str) -> Path:
    return Path("reports") / f"{name}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"


def emit(text: str) -> None:
    """Machine output on stdout; a reader that closed the pipe early is not an error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        silence_stdout()


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot raise again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


WRITTEN: set[Path] = set()  # report folders an audit of this process has written


def report_folder(args) -> tuple[str, Path] | None:
    """The target and report folder of a command that audits (audit, scan, demo), decided
    once as soon as the options are read (`args.out` is set to it), so that a signal at any
    later moment leaves a report there. None for the other commands."""
    from frictionaudit.errors import UsageError
    from frictionaudit.urls import redacted, split_credentials

    if args.command == "audit":
        try:
            target = split_credentials(args.url, "URL")[0]
            name = urlsplit(target).hostname or "audit"
        except (UsageError, ValueError):  # the command says what is wrong with it
            target, name = redacted(args.url), "audit"
    elif args.command == "scan":
        target, name = ", ".join(redacted(t) for t in args.targets), "scan"
    elif args.command == "demo":
        first = "rough" if args.variant == "both" else args.variant
        args.out = args.out or default_out("demo")
        return f"demo shop ({first})", args.out / first
    else:
        return None
    args.out = args.out or default_out(name)
    return target, args.out


def interrupted_report(target: str, out_dir: Path):
    """For `interrupts.fallback`: the report of an audit stopped before it wrote one: nothing
    measured, the gate not passed with the reason "interrupted". Light to import: it may run
    from the interrupt thread while the program is still starting."""
    def write(signum: int) -> None:
        if out_dir.resolve() in WRITTEN:
            return
        import signal as signals
        from datetime import UTC

        from frictionaudit import __version__
        from frictionaudit.errors import FrictionAuditError
        from frictionaudit.model import Gate, LimitHit, Report, Scores, Tool
        from frictionaudit.report.writer import write_reports

        now = datetime.now(UTC)
        name = signals.Signals(signum).name
        report = Report(
            tool=Tool(version=__version__), target=target, started_at=now, finished_at=now,
            scores=Scores(**dict.fromkeys(Scores.model_fields, 100)),
            gate=Gate(passed=False, reasons=["interrupted"]),
            limits=[LimitHit(limit="interrupt",
                             message=f"interrupted by {name} before the audit began")])
        with contextlib.suppress(FrictionAuditError, OSError):
            write_reports(report, out_dir, ["json"])

    return write
