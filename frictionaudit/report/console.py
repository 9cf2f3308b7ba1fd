"""What the terminal shows after an audit: journeys, scores, findings by severity, the gate's
verdict and why; and a comparison against a baseline, before → after."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from frictionaudit.gate import failures
from frictionaudit.model import SEVERITY_ORDER, Comparison, Gate, Report, Scores
from frictionaudit.report.view import band, where

STATUS_STYLE = {"completed": "green", "stopped": "yellow", "failed": "red"}
BAND_STYLE = {"pass": "green", "average": "yellow", "fail": "red"}
KIND_WORDS = {"budget": "over budget", "regression": "regression", "new-findings": "new finding"}


def print_summary(report: Report, console: Console) -> None:
    journeys = Table("journey", "status", "steps", "fields", "required", "clicks", "seconds",
                     title=escape(report.target), title_justify="left")
    for j in report.journeys:
        m = j.metrics
        status = f"[{STATUS_STYLE.get(j.status, 'red')}]{j.status}[/]"
        journeys.add_row(escape(j.name), status, str(m.steps), str(m.fields),
                         str(m.required_fields), str(m.clicks), f"{m.seconds:.1f}")
    console.print(journeys)
    for j in report.journeys:
        if j.reason:
            console.print(f"  [dim]{escape(j.name)}:[/] {escape(j.reason)}")
    scores = report.scores.model_dump()
    console.print("  ".join(f"{name} [{BAND_STYLE[band(v)]}]{v}[/]" for name, v in scores.items()))
    counts = Counter(f.severity for f in report.findings)
    console.print(
        "findings: " + ", ".join(f"{counts.get(s, 0)} {s.value}" for s in reversed(SEVERITY_ORDER))
    )
    print_gate(report.gate, console)


def gate_basis(gate: Gate) -> str:
    """What the verdict was judged on: the preset (and budgets), and the baseline if any."""
    basis = f"preset {gate.preset}"
    return basis + (f", baseline {escape(gate.comparison.baseline)}" if gate.comparison else "")


def print_gate(gate: Gate, console: Console) -> None:
    """The verdict on one line, then one line per failure saying why."""
    found = failures(gate)
    if not found:
        console.print(f"gate [green]✔ passed[/] ({gate_basis(gate)})")
        return
    console.print(f"gate [red]✘ failed[/] ({gate_basis(gate)}): {len(found)} failure(s)")
    for failure in found:
        console.print(f"  [red]{KIND_WORDS[failure.kind]}[/]: {escape(failure.message)}")


def print_comparison(c: Comparison, console: Console, before: Scores | None = None,
                     after: Scores | None = None) -> None:
    """New and fixed findings grouped by journey, metrics and scores as before → after."""
    console.print(f"against [bold]{escape(c.baseline)}[/]: {len(c.new)} new, {len(c.fixed)} fixed, "
                  f"{c.unchanged} unchanged")
    for sign, style, changes in (("+", "red", c.new), ("-", "green", c.fixed)):
        groups: dict[str, list] = {}
        for f in changes:
            groups.setdefault(f.journey or "site", []).append(f)
        for journey, items in groups.items():
            console.print(f"  {escape(journey)}:")
            for f in items:
                at = where(None, f.step) if f.step is not None else "site"
                text = f"{f.severity} {f.rule_id} ({at}) {f.selector + ' ' if f.selector else ''}"
                console.print(f"    [{style}]{sign}[/] {escape(text + f.message)}")
    for d in c.metric_deltas:
        console.print(f"  {escape(d.journey)}: {d.metric.replace('_', ' ')} {d.base:g} → {d.new:g}")
    if before is not None and after is not None:
        old, new = before.model_dump(), after.model_dump()
        console.print("  scores: " + ", ".join(
            f"{name} {old[name]} → {new[name]}" for name in old if old[name] != new[name])
            if old != new else "  scores: unchanged")
    else:
        for name, delta in c.score_deltas.items():
            console.print(f"  {name} score {delta:+d}")
