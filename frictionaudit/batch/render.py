"""index.json, index.md and index.html from one `BatchIndex`, each written atomically."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from frictionaudit.batch.charts import Bar, bar_chart
from frictionaudit.batch.index import CATEGORIES, BatchIndex, MetricSummary, SiteEntry
from frictionaudit.report.writer import atomic_write

TEMPLATES = Path(__file__).parent / "templates"
METRIC_LABELS = {"steps": "steps", "fields": "fields", "required_fields": "required fields",
                 "seconds": "seconds"}


def write_index(index: BatchIndex, out: Path) -> list[Path]:
    view = IndexView.of(index)
    return [atomic_write(out / "index.json", index.model_dump_json(indent=2)),
            atomic_write(out / "index.md", render_markdown(view)),
            atomic_write(out / "index.html", render_html(view))]


@dataclass(frozen=True)
class JourneyTable:
    name: str
    rows: list[tuple[SiteEntry, object]]  # (site, JourneyRow or None)


@dataclass(frozen=True)
class IndexView:
    """What both renderings show, worked out once."""

    index: BatchIndex
    audited: list[SiteEntry]
    others: list[SiteEntry]
    journeys: list[JourneyTable]
    sector: list[MetricSummary]
    primary: SiteEntry | None

    @classmethod
    def of(cls, index: BatchIndex) -> IndexView:
        audited = [e for e in index.sites if e.status == "audited"]
        names = list(dict.fromkeys(j.name for e in audited for j in e.journeys))
        tables = [JourneyTable(name, [(e, next((j for j in e.journeys if j.name == name), None))
                                      for e in audited]) for name in names]
        primary = next((e for e in audited if e.primary), None)
        return cls(index, audited, [e for e in index.sites if e.status != "audited"], tables,
                   index.sector, primary)

    def metric_label(self, metric: str) -> str:
        if metric in CATEGORIES:
            return f"{metric} score"
        journey, _, name = metric.rpartition(".")
        return f"{journey}: {METRIC_LABELS.get(name, name)}"

    def site_names(self, slugs: list[str]) -> str:
        names = {e.slug: e.name for e in self.audited}
        return ", ".join(names.get(s, s) for s in slugs)

    def charts(self) -> list[tuple[str, str]]:
        """(caption, SVG) for each score: sites by that score, best first."""
        out = []
        for category in CATEGORIES:
            bars = [Bar(e.name, getattr(e.scores, category), e.primary) for e in self.audited]
            bars.sort(key=lambda b: -b.value)
            caption = f"{category.capitalize()} score (0–100, higher is better)"
            out.append((caption, bar_chart(caption, bars, 100, chart_id=f"chart-{category}")))
        return out

    def journey_chart(self, table: JourneyTable, metric: str) -> tuple[str, str]:
        bars = [Bar(e.name, getattr(j, metric), e.primary) for e, j in table.rows
                if j is not None and j.status != "failed"]
        scale = max((b.value for b in bars), default=1)
        caption = f"{table.name}: {METRIC_LABELS[metric]} (lower is better)"
        chart_id = "chart-" + "-".join(f"{table.name}-{metric}".split())
        return caption, bar_chart(caption, bars, scale, chart_id=chart_id)


def render_markdown(view: IndexView) -> str:
    index = view.index
    lines = ["# Trust-friction comparison", "",
             f"{len(view.audited)} of {len(index.sites)} sites audited · "
             f"{'complete' if index.complete else 'interrupted'} · {index.verdict} · "
             f"{index.started_at:%Y-%m-%d %H:%M} UTC", ""]
    if view.audited:
        lines += ["## Ranking", "",
                  "| rank | site | " + " | ".join(CATEGORIES) + " | budget | report |",
                  "|---:|---|" + "---:|" * len(CATEGORIES) + "---|---|"]
        for e in view.audited:
            star = " (client)" if e.primary else ""
            scores = " | ".join(str(getattr(e.scores, c)) for c in CATEGORIES)
            gate = "within" if e.gate_passed else "**over**"
            lines.append(f"| {e.ranks['overall']} | {_md(e.name)}{star} | {scores} | {gate} "
                         f"| [{e.slug}]({e.report}) |")
        lines.append("")
    if view.primary is not None:
        lines += [f"## {_md(view.primary.name)} against its competitors", "",
                  "| metric | client | competitors' median | best | best site |",
                  "|---|---:|---:|---:|---|"]
        for m in view.sector:
            if m.primary is not None:
                lines.append(f"| {view.metric_label(m.metric)} | {m.primary:g} | "
                             f"{_num(m.competitors_median)} | {m.best:g} | "
                             f"{_md(view.site_names(m.best_sites))} |")
        lines.append("")
    for table in view.journeys:
        lines += [f"## Journey: {_md(table.name)}", "",
                  "| site | status | steps | fields | required fields | seconds |",
                  "|---|---|---:|---:|---:|---:|"]
        for e, j in table.rows:
            if j is None:
                lines.append(f"| {_md(e.name)} | not walked | | | | |")
            else:
                lines.append(f"| {_md(e.name)} | {j.status} | {j.steps} | {j.fields} | "
                             f"{j.required_fields} | {j.seconds:g} |")
        lines.append("")
    if view.sector:
        lines += ["## Sector median and best", "", "| metric | median | best | best site |",
                  "|---|---:|---:|---|"]
        lines += [f"| {view.metric_label(m.metric)} | {m.median:g} | {m.best:g} | "
                  f"{_md(view.site_names(m.best_sites))} |" for m in view.sector]
        lines.append("")
    if index.rules:
        lines += ["## Rules by site", "", "Findings per rule and site.", "",
                  "| rule | " + " | ".join(_md(e.name) for e in view.audited) + " |",
                  "|---|" + "---:|" * len(view.audited)]
        for rule in index.rules:
            cells = " | ".join(str(e.rules.get(rule.id, "")) for e in view.audited)
            lines.append(f"| `{rule.id}` ({rule.category}, {rule.severity}) | {cells} |")
        lines.append("")
    if view.others:
        lines += ["## Not audited", "", "| site | status | reason |", "|---|---|---|"]
        lines += [f"| {_md(e.name if e.name == e.url else f'{e.name} ({e.url})')} | "
                  f"{e.status.replace('_', ' ')} | "
                  f"{_md(e.reason)} |" for e in view.others]
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(view: IndexView) -> str:
    return _environment().get_template("index.html.j2").render(
        view=view, index=view.index, categories=CATEGORIES, metrics=list(METRIC_LABELS))
