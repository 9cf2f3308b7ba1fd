"""Reading the project's TOML files (config, flows, rule packs, auth) with one kind of error:
the path and what is wrong, on one line, exit 2."""

from __future__ import annotations

import tomllib
from pathlib import Path

from frictionaudit.errors import UsageError


def read_toml(path: Path, what: str = "file") -> tuple[dict, str]:
    """The parsed data and the raw text (for line numbers in later errors)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what} ({exc.strerror})") from exc
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from exc
