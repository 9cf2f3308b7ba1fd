"""Rule packs: TOML files of `[[rule]]` entries, validated with pydantic.

The built-in pack is `rules/*.toml`. A user's pack (`--rules DIR`) is a folder of the same
form: an entry whose id is new adds a rule; an entry whose id exists changes only the keys it
gives (`enabled = false` switches a rule off, `[rule.params]` merges into the parameters).
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from frictionaudit.check.registry import all_checks
from frictionaudit.errors import UsageError
from frictionaudit.model import Category, RuleInfo, Severity
from frictionaudit.resources import builtin_rules_dir
from frictionaudit.tomlfile import read_toml

# What the engine gives every message besides the check's own values (engine.py, _finding).
ENGINE_SAYS = frozenset({"value", "median", "limit"})
# Lighthouse's accessibility weights by impact; a metric rule may set its own weight.
SEVERITY_WEIGHT = {Severity.critical: 10, Severity.serious: 7, Severity.moderate: 3,
                   Severity.minor: 1}


class Curve(BaseModel):
    """Lighthouse's log-normal scoring curve: `p10` scores 0.9, `median` scores 0.5."""

    model_config = ConfigDict(extra="forbid")
    p10: float = Field(gt=0)
    median: float = Field(gt=0)
    limit: float | None = Field(None, description="A finding is raised above this value.")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    failure_title: str = ""  # as the title reads when the rule fails; {value}: a metric's value
    category: Category
    severity: Severity
    check: str
    message: str
    help: str
    refs: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=lambda: ["*"])
    journeys: list[Literal["signup", "checkout", "custom", "page", "*"]] = Field(
        default_factory=lambda: ["*"]
    )
    enabled: bool = True
    weight: float | None = Field(None, ge=0)
    curve: Curve | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    source: str = ""

    @field_validator("check")
    @classmethod
    def _known_check(cls, name: str) -> str:
        if name not in all_checks():
            known = ", ".join(sorted(all_checks()))
            raise ValueError(f"unknown check {name!r}; known checks: {known}")
        return name

    @model_validator(mode="after")
    def _typed_params(self) -> Rule:
        """Parameters checked against the check's own model, defaults filled in from it; a
        message may name only what the check, its parameters or the engine supply."""
        spec = all_checks()[self.check]
        try:
            self.params = spec.params.model_validate(self.params).model_dump()
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise ValueError(f"params.{where}: {err['msg']}") from None
        named = {field for _, field, _, _ in string.Formatter().parse(self.message) if field}
        unknown = named - spec.says - set(self.params) - ENGINE_SAYS
        if unknown:
            offered = ", ".join(sorted(spec.says | set(self.params) | ENGINE_SAYS))
            raise ValueError(f"message names {', '.join(sorted(unknown))}, which check "
                             f"{self.check!r} does not supply (it supplies: {offered})")
        return self

    @property
    def scope(self) -> str:
        return all_checks()[self.check].scope

    @property
    def score_weight(self) -> float:
        return self.weight if self.weight is not None else SEVERITY_WEIGHT[self.severity]

    def applies_to(self, lang: str, kind: str) -> bool:
        lang_ok = "*" in self.languages or lang.split("-")[0] in self.languages
        return lang_ok and ("*" in self.journeys or kind in self.journeys)

    def info(self) -> RuleInfo:
        return RuleInfo(id=self.id, category=self.category, severity=self.severity,
                        title=self.title, failure_title=self.failure_title, help=self.help,
                        refs=self.refs)


def _entries(folder: Path) -> list[tuple[Path, dict]]:
    if not folder.is_dir():
        raise UsageError(f"{folder}: rule pack folder not found")
    out = []
    for path in sorted(folder.glob("*.toml")):
        data = read_toml(path, "rule file")[0]
        rules = data.get("rule", [])
        if not isinstance(rules, list):
            raise UsageError(f"{path}: 'rule' must be an array of tables: [[rule]]")
        out.extend((path, entry) for entry in rules)
    return out


def load_rules(extra_packs: list[Path] | tuple[Path, ...] = ()) -> list[Rule]:
    """Built-in rules with the user's packs layered on top, validated, enabled ones only."""
    merged: dict[str, tuple[Path, dict]] = {}
    for folder in (builtin_rules_dir(), *extra_packs):
        for path, entry in _entries(Path(folder)):
            rule_id = entry.get("id")
            if not isinstance(rule_id, str):
                raise UsageError(f"{path}: a [[rule]] entry has no id")
            if rule_id in merged:
                _, base = merged[rule_id]
                entry = {**base, **entry,
                         "params": {**base.get("params", {}), **entry.get("params", {})}}
            merged[rule_id] = (path, entry)
    rules = []
    for rule_id, (path, entry) in merged.items():
        try:
            rules.append(Rule.model_validate({**entry, "source": str(path)}))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "rule"
            msg = err["msg"].removeprefix("Value error, ")
            raise UsageError(f"{path}: rule {rule_id!r}: {where}: {msg}") from exc
    return [r for r in rules if r.enabled]
