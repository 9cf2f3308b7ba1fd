"""Where the data that ships with the package lives, in a wheel or in a source checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def bundled_or_checkout(bundled: Path, checkout: Path) -> Path:
    """A folder the wheel carries inside the package, or the same one in a source checkout."""
    return bundled if bundled.is_dir() else checkout


def builtin_rules_dir() -> Path:
    """`rules/` of the checkout, or its copy `frictionaudit/_rules` inside an installed wheel."""
    return bundled_or_checkout(PACKAGE / "_rules", PACKAGE.parent / "rules")
