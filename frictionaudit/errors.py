"""Errors the command line turns into a one-line message and a pa11y-style exit code."""

from __future__ import annotations


class FrictionAuditError(Exception):
    exit_code = 2


class UsageError(FrictionAuditError):
    """Bad input or configuration: exit 2."""

    exit_code = 2


class TargetError(FrictionAuditError):
    """The target could not be audited at all: exit 3."""

    exit_code = 3
