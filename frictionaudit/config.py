"""Project configuration: `friction.toml`, or `[tool.frictionaudit]` in pyproject.toml.

    [budgets."*"]              # every journey
    max_severity = "serious"
    [budgets.checkout]
    max_fields = 12
    min_score = 80

    fail_on = ["budget", "regression"]

The file is found in the working folder when --config is not given.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from frictionaudit.budgets import Budget
from frictionaudit.errors import UsageError

FailOn = Literal["budget", "regression", "new-findings"]


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")
    budgets: dict[str, Budget] = Field(default_factory=dict)
    fail_on: list[FailOn] = Field(default_factory=lambda: ["budget", "regression"])
    rules: list[Path] = Field(default_factory=list, description="Extra rule pack folders.")


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """The explicit file, else ./friction.toml, else pyproject's [tool.frictionaudit]."""
    cwd = cwd or Path.cwd()
    if path is None:
        if (cwd / "friction.toml").is_file():
            path = cwd / "friction.toml"
        elif (cwd / "pyproject.toml").is_file():
            data = _read(cwd / "pyproject.toml")
            section = data.get("tool", {}).get("frictionaudit")
            return _validate(section or {}, cwd / "pyproject.toml [tool.frictionaudit]")
        else:
            return Config()
    return _validate(_read(path), str(path))


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from exc


def _validate(data: dict, where: str) -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise UsageError(f"{where}: {loc}: {err['msg']}") from exc


def parse_fail_on(value: str | None, config: Config) -> list[str]:
    if not value:
        return list(config.fail_on)
    items = [v.strip() for v in value.split(",") if v.strip()]
    allowed = FailOn.__args__  # type: ignore[attr-defined]
    bad = [v for v in items if v not in allowed]
    if bad:
        raise UsageError(f"--fail-on: unknown {', '.join(bad)}; use {', '.join(allowed)}")
    return items
