"""Where the data that ships with the package lives, in a wheel or in a source checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def builtin_rules_dir() -> Path:
    """`rules/` of the checkout, or its copy `frictionaudit/_rules` inside an installed wheel."""
    bundled = PACKAGE / "_rules"
    return bundled if bundled.is_dir() else PACKAGE.parent / "rules"
