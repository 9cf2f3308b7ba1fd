"""Project configuration: `friction.toml`, or `[tool.frictionaudit]` in pyproject.toml.

    [budgets."*"]              # every journey
    max_severity = "serious"
    [budgets.checkout]
    max_fields = 12
    min_score = 80

    [context]                  # the customer's situation (see --device, --locale, ...)
    devices = ["Desktop", "iPhone 13"]
    [journeys.checkout.context]  # one journey only (devices are set for the whole audit)
    throttle = "slow-4g"
    [sites."https://staging.example.com".context]
    auth_file = "staging-auth.toml"   # secrets stay in their own file or the environment

    fail_on = ["budget", "regression"]
    preset = "recommended"     # or "none"; the default when no budgets are set
    [sarif]
    routes = { "/checkout/*" = "shop/templates/checkout.html" }   # URL path -> source file

The file is found in the working folder when --config is not given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from frictionaudit.budgets import Budget
from frictionaudit.errors import UsageError
from frictionaudit.situation import ContextSettings
from frictionaudit.tomlfile import read_toml

FailOn = Literal["budget", "regression", "new-findings"]


class JourneyConfig(BaseModel):
    """Settings for one journey by name: `[journeys.checkout.context]`."""

    model_config = ConfigDict(extra="forbid")
    context: ContextSettings = Field(default_factory=ContextSettings)

    @field_validator("context")
    @classmethod
    def _no_devices(cls, context: ContextSettings) -> ContextSettings:
        if context.devices:
            raise ValueError("devices are set for the whole audit ([context] or --device), "
                             "not per journey")
        return context


class SiteConfig(BaseModel):
    """Settings for the sites whose URL starts with the section's key."""

    model_config = ConfigDict(extra="forbid")
    budgets: dict[str, Budget] = Field(default_factory=dict)
    context: ContextSettings = Field(default_factory=ContextSettings)
    journeys: dict[str, JourneyConfig] = Field(default_factory=dict)


class SarifConfig(BaseModel):
    """Where SARIF results point in the repository: `[sarif] routes` maps URL paths (fnmatch
    patterns, e.g. "/checkout/*") to source files; `fallback` is the file for the rest."""

    model_config = ConfigDict(extra="forbid")
    routes: dict[str, str] = Field(default_factory=dict)
    fallback: str | None = None


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")
    budgets: dict[str, Budget] = Field(default_factory=dict)
    preset: Literal["recommended", "none"] | None = Field(
        None, description="The gate preset; default: recommended when no budgets are set.")
    sarif: SarifConfig = Field(default_factory=SarifConfig)
    fail_on: list[FailOn] = Field(default_factory=lambda: ["budget", "regression"])
    rules: list[Path] = Field(default_factory=list, description="Extra rule pack folders.")
    context: ContextSettings = Field(default_factory=ContextSettings)
    journeys: dict[str, JourneyConfig] = Field(default_factory=dict)
    sites: dict[str, SiteConfig] = Field(default_factory=dict)

    def for_site(self, url: str) -> Config:
        """This config with the most specific matching [sites."<prefix>"] section on top."""
        matches = sorted((k for k in self.sites if url.startswith(k)), key=len)
        out = self
        for key in matches:
            site = self.sites[key]
            journeys = dict(out.journeys)
            for name, journey in site.journeys.items():
                base = journeys.get(name, JourneyConfig()).context
                journeys[name] = JourneyConfig(context=base.merged(journey.context))
            out = out.model_copy(update={
                "budgets": {**out.budgets, **site.budgets},
                "context": out.context.merged(site.context),
                "journeys": journeys,
            })
        return out


def find_config(path: Path | None = None, cwd: Path | None = None) -> Path | None:
    """The file the configuration comes from: the explicit one, else ./friction.toml, else
    ./pyproject.toml (read for its [tool.frictionaudit]); None when there is none."""
    cwd = cwd or Path.cwd()
    if path is not None:
        return path
    for name in ("friction.toml", "pyproject.toml"):
        if (cwd / name).is_file():
            return cwd / name
    return None


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """The explicit file, else ./friction.toml, else pyproject's [tool.frictionaudit]."""
    found = find_config(path, cwd)
    if found is None:
        return Config()
    if path is None and found.name == "pyproject.toml":
        data = read_toml(found, "pyproject.toml")[0]
        section = data.get("tool", {}).get("frictionaudit")
        return _validate(section or {}, f"{found} [tool.frictionaudit]")
    return _validate(read_toml(found, "config")[0], str(found))


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
