"""Errors the command line turns into a one-line message and a pa11y-style exit code."""

from __future__ import annotations

from pathlib import Path


class FrictionAuditError(Exception):
    exit_code = 2


class UsageError(FrictionAuditError):
    """Bad input or configuration: exit 2."""

    exit_code = 2


class TargetError(FrictionAuditError):
    """The target could not be audited at all: exit 3."""

    exit_code = 3


def crash_log(exc: BaseException) -> Path:
    """Write a bug's traceback where a user can attach it to an issue; return the path."""
    import tempfile
    import traceback
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    fd, name = tempfile.mkstemp(prefix=f"frictionaudit-crash-{stamp}-", suffix=".log")
    with open(fd, "w", encoding="utf-8") as log:
        log.write("".join(traceback.format_exception(exc)))
    return Path(name)
