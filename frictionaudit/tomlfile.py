"""Reading the project's TOML files (config, flows, rule packs, auth) with one kind of error:
the path and what is wrong, on one line, exit 2."""

from __future__ import annotations

import tomllib
from pathlib import Path

from frictionaudit.errors import UsageError

MAX_BYTES = 2 * 1024 * 1024  # far beyond any hand-written file; a limit on what a CI job feeds


def read_toml(path: Path, what: str = "file") -> tuple[dict, str]:
    """The parsed data and the raw text (for line numbers in later errors)."""
    try:
        with Path(path).open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what} ({exc.strerror})") from exc
    if len(raw) > MAX_BYTES:
        raise UsageError(f"{path}: {what} larger than {MAX_BYTES // 2**20} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: {what} is not UTF-8 text (byte {exc.start}); "
                         "save it as UTF-8") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError:
        raise UsageError(f"{path}: {what} nested too deeply") from None
