"""The batch's index: every site's outcome, ranked, and the sector's figures beside them.

`index.json` is the source of truth (its schema: `frictionaudit schema --index`); index.html
and index.md are rendered from a `BatchIndex`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from frictionaudit.model import Report, RuleInfo, Scores, Severity, Tool

INDEX_SCHEMA_VERSION = "1.0"
CATEGORIES = ("overall", "effort", "clarity", "transparency", "control")
JOURNEY_METRICS = ("steps", "fields", "required_fields", "seconds")
SiteStatus = Literal["audited", "failed", "not_run"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JourneyRow(_Model):
    name: str
    kind: str
    status: str
    reason: str = ""
    steps: int = 0
    fields: int = 0
    required_fields: int = 0
    seconds: float = 0.0


class SiteEntry(_Model):
    slug: str = Field(description="The site's folder, relative to the index.")
    name: str
    url: str
    primary: bool = Field(False, description="The client's site (primary = true).")
    status: SiteStatus
    reason: str = Field("", description="Why a site failed or was not run.")
    report: str | None = Field(None, description="Its own report, relative to the index.")
    scores: Scores | None = None
    ranks: dict[str, int] = Field(default_factory=dict,
                                  description="1 = best, per category and overall.")
    gate_passed: bool | None = None
    breaches: list[str] = Field(default_factory=list)
    journeys: list[JourneyRow] = Field(default_factory=list)
    severities: dict[Severity, int] = Field(default_factory=dict)
    rules: dict[str, int] = Field(default_factory=dict, description="Rule id -> findings.")
    seconds: float = Field(0.0, description="Wall time of the site's audit.")
    worker: str = ""


class MetricSummary(_Model):
    """One metric across the sites audited: a score (higher is better) or a journey's
    steps, fields, required fields or seconds (lower is better)."""

    metric: str = Field(description='"overall", a category, or "<journey>.<metric>".')
    higher_is_better: bool
    median: float
    best: float
    best_sites: list[str] = Field(description="Slugs of the sites at the best value.")
    primary: float | None = Field(None, description="The primary site's value.")
    competitors_median: float | None = Field(None, description="Median of the other sites.")


class BatchIndex(_Model):
    schema_version: str = INDEX_SCHEMA_VERSION
    tool: Tool
    started_at: datetime
    finished_at: datetime | None = None
    complete: bool = Field(description="False when the batch was interrupted.")
    settings: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    sites: list[SiteEntry] = Field(description="Audited sites by overall rank, then the rest.")
    sector: list[MetricSummary] = Field(default_factory=list)
    rules: list[RuleInfo] = Field(default_factory=list, description="Rules found on any site.")
    primary: str | None = Field(None, description="The primary site's slug.")
    exit_code: int = Field(0, description="0 all within budget; 1 a site broke its budgets "
                           "or failed; 3 no site could be audited; 130 interrupted.")
    verdict: str = ""


def site_entry(slug: str, name: str, url: str, primary: bool, status: SiteStatus,
               reason: str = "", report: Report | None = None, report_file: str | None = None,
               seconds: float = 0.0, worker: str = "") -> SiteEntry:
    entry = SiteEntry(slug=slug, name=name or url, url=url, primary=primary, status=status,
                      reason=reason, seconds=seconds, worker=worker)
    if report is None:
        return entry
    entry.report = report_file
    entry.scores = report.scores
    entry.gate_passed = report.gate.passed
    entry.breaches = [b.message for b in report.gate.breaches]
    entry.journeys = [JourneyRow(name=j.name, kind=j.kind, status=j.status, reason=j.reason,
                                 **j.metrics.model_dump(exclude={"clicks", "keystrokes"}))
                      for j in report.journeys]
    entry.severities = dict(Counter(f.severity for f in report.findings))
    entry.rules = dict(sorted(Counter(f.rule_id for f in report.findings).items()))
    return entry


def build_index(entries: list[SiteEntry], rules: list[RuleInfo], started: datetime,
                finished: datetime | None, complete: bool,
                settings: dict) -> BatchIndex:
    audited = [e for e in entries if e.status == "audited"]
    for category in CATEGORIES:
        _rank(audited, lambda e, c=category: getattr(e.scores, c), category)
    audited.sort(key=lambda e: (e.ranks["overall"], e.name))
    others = [e for e in entries if e.status != "audited"]
    fired = {r for e in audited for r in e.rules}
    primary = next((e.slug for e in entries if e.primary), None)
    index = BatchIndex(
        tool=Tool(version=_version()), started_at=started, finished_at=finished,
        complete=complete, settings=settings, sites=audited + others,
        sector=sector(audited, primary), primary=primary,
        rules=sorted((r for r in rules if r.id in fired), key=lambda r: (r.category, r.id)),
    )
    index.exit_code, index.verdict = judge_batch(index)
    return index


def _rank(entries: list[SiteEntry], value: Callable[[SiteEntry], float], key: str) -> None:
    """Competition ranking (1, 1, 3): equal scores share a rank."""
    ordered = sorted(entries, key=value, reverse=True)
    for entry in ordered:
        entry.ranks[key] = 1 + sum(1 for other in ordered if value(other) > value(entry))


def sector(audited: list[SiteEntry], primary: str | None) -> list[MetricSummary]:
    """Median and best of every score, and of every journey metric the sites share."""
    series: dict[str, list[tuple[str, float]]] = {}
    for entry in audited:
        for category in CATEGORIES:
            series.setdefault(category, []).append((entry.slug, getattr(entry.scores, category)))
        for journey in entry.journeys:
            if journey.status == "failed":
                continue
            for metric in JOURNEY_METRICS:
                series.setdefault(f"{journey.name}.{metric}", []).append(
                    (entry.slug, getattr(journey, metric)))
    out = []
    for metric, values in series.items():
        higher = metric in CATEGORIES
        numbers = [v for _, v in values]
        best = max(numbers) if higher else min(numbers)
        mine = [v for slug, v in values if slug == primary]
        rivals = [v for slug, v in values if slug != primary]
        out.append(MetricSummary(
            metric=metric, higher_is_better=higher, median=_round(statistics.median(numbers)),
            best=best, best_sites=[slug for slug, v in values if v == best],
            primary=mine[0] if mine else None,
            competitors_median=_round(statistics.median(rivals)) if mine and rivals else None))
    return out


def judge_batch(index: BatchIndex) -> tuple[int, str]:
    audited = [e for e in index.sites if e.status == "audited"]
    failed = [e.name for e in index.sites if e.status == "failed"]
    over = [e.name for e in audited if e.gate_passed is False]
    if not index.complete:
        return 130, f"interrupted: {len(audited)} of {len(index.sites)} sites audited"
    if not audited:
        return 3, "no site could be audited"
    parts = []
    if over:
        parts.append(f"over budget: {', '.join(over)}")
    if failed:
        parts.append(f"not audited: {', '.join(failed)}")
    if parts:
        return 1, "; ".join(parts)
    return 0, f"all {len(audited)} sites within budget"


def _round(value: float) -> float:
    return round(value, 2)


def _version() -> str:
    from frictionaudit import __version__

    return __version__
