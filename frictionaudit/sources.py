"""Where a journey lives in the repository, so code scanning can show findings at a file.

Findings are found on web pages, but GitHub code scanning only accepts files of the checkout.
At audit time each journey is tied to the line that defines it: its flow file's `[[journey]]`
entry, else its `[budgets.<name>]` / `[journeys.<name>]` table in friction.toml (or pyproject's
`[tool.frictionaudit]`). `[sarif] routes` map URL paths to source files; the fallback is
`[sarif] fallback`, else the config file, else the first flow file. Paths are relative to the
root of the git checkout holding the file (else the working folder) and kept in the report's
settings, so a re-rendered SARIF points at the same places.
"""

from __future__ import annotations

import re
from pathlib import Path

from frictionaudit.config import SarifConfig

_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_NAME = re.compile(r"""^\s*name\s*=\s*(["'])(.+?)\1""")


def repo_path(path: Path, cwd: Path | None = None) -> str | None:
    """`path` relative to its git checkout's root (else the working folder), or None."""
    path = Path(path).resolve()
    for folder in path.parents:
        if (folder / ".git").exists():
            return path.relative_to(folder).as_posix()
    try:
        return path.relative_to((cwd or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return None


def flow_entries(path: Path) -> dict[str, int]:
    """Journey name -> line of its `[[journey]]` entry in a flow file."""
    out: dict[str, int] = {}
    table, start = "", 0
    for n, line in enumerate(_lines(path), 1):
        if match := _TABLE.match(line):
            table, start = match.group(1).replace(" ", ""), n
        elif table == "journey" and (name := _NAME.match(line)):
            out.setdefault(name.group(2), start)
    return out


def config_entries(path: Path) -> dict[str, int]:
    """Journey name (or "*") -> line of its first `[budgets.X]` or `[journeys.X...]` table."""
    out: dict[str, int] = {}
    for n, line in enumerate(_lines(path), 1):
        if not (match := _TABLE.match(line)):
            continue
        key = match.group(1).replace(" ", "").removeprefix("tool.frictionaudit.")
        section, _, rest = key.partition(".")
        if section in ("budgets", "journeys") and rest:
            name = rest[1:rest.index('"', 1)] if rest.startswith('"') else rest.split(".")[0]
            out.setdefault(name, n)
    return out


def source_settings(flow_paths: list[Path], config_path: Path | None,
                    sarif: SarifConfig) -> dict[str, str | list[str]]:
    """The report settings SARIF locates results with: `sources` ("journey=path:line"),
    `sarif_routes` ("pattern=path") and `sarif_fallback` (a path)."""
    sources: dict[str, str] = {}
    for flow in flow_paths:
        if (where := repo_path(flow)) is not None:
            for name, line in flow_entries(flow).items():
                sources.setdefault(name, f"{where}:{line}")
    config_rel = repo_path(config_path) if config_path else None
    if config_path and config_rel is not None:
        for name, line in config_entries(config_path).items():
            sources.setdefault(name, f"{config_rel}:{line}")
    base = config_path.parent if config_path else Path.cwd()
    routes = [f"{pattern}={rel}" for pattern, file in sarif.routes.items()
              if (rel := repo_path(base / file)) is not None]
    fallback = repo_path(base / sarif.fallback) if sarif.fallback else None
    firsts = [v.rsplit(":", 1)[0] for v in sources.values()]
    fallback = fallback or config_rel or next(iter(firsts), None)
    out: dict[str, str | list[str]] = {}
    if sources:
        out["sources"] = [f"{name}={where}" for name, where in sources.items()]
    if routes:
        out["sarif_routes"] = routes
    if fallback:
        out["sarif_fallback"] = fallback
    return out


def _lines(path: Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return []
