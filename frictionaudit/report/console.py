"""The short summary printed after an audit: journeys, scores, findings by severity."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from frictionaudit.model import SEVERITY_ORDER, Comparison, Report
from frictionaudit.report.view import band

STATUS_STYLE = {"completed": "green", "stopped": "yellow", "failed": "red"}
BAND_STYLE = {"pass": "green", "average": "yellow", "fail": "red"}


def print_summary(report: Report, console: Console) -> None:
    journeys = Table(
        "journey",
        "status",
        "steps",
        "fields",
        "required",
        "clicks",
        "seconds",
        title=f"{report.target}",
        title_justify="left",
    )
    for j in report.journeys:
        m = j.metrics
        status = f"[{STATUS_STYLE[j.status]}]{j.status}[/]"
        journeys.add_row(
            j.name,
            status,
            str(m.steps),
            str(m.fields),
            str(m.required_fields),
            str(m.clicks),
            f"{m.seconds:.1f}",
        )
    console.print(journeys)
    for j in report.journeys:
        if j.reason:
            console.print(f"  [dim]{j.name}:[/] {j.reason}")
    scores = report.scores.model_dump()
    console.print("  ".join(f"{name} [{BAND_STYLE[band(v)]}]{v}[/]" for name, v in scores.items()))
    counts = Counter(f.severity for f in report.findings)
    console.print(
        "findings: " + ", ".join(f"{counts.get(s, 0)} {s.value}" for s in reversed(SEVERITY_ORDER))
    )
    for breach in report.gate.breaches:
        console.print(f"[red]over budget[/]: {breach.message}")


def print_comparison(c: Comparison, console: Console) -> None:
    console.print(
        f"against [bold]{c.baseline}[/]: {len(c.new)} new, {len(c.fixed)} fixed, "
        f"{c.unchanged} unchanged"
    )
    for f in c.new:
        console.print(
            f"  [red]+[/] {f.severity} {f.rule_id} ({f.journey}, step {f.step}) {f.message}"
        )
    for f in c.fixed:
        console.print(f"  [green]-[/] {f.rule_id} ({f.journey}, step {f.step})")
    for d in c.metric_deltas:
        console.print(f"  {d.journey}: {d.metric} {d.base:g} → {d.new:g}")
    for name, delta in c.score_deltas.items():
        console.print(f"  {name} score {delta:+d}")
