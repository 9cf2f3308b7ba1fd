"""The HTML report: one self-contained file a client can open offline, print or mail on.

Screenshots are embedded and a Content-Security-Policy forbids every script and request, so the
page text the audit quotes stays text wherever the file is opened. Finding boxes are drawn as
percentage-positioned divs over each screenshot, which needs no script and survives printing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from frictionaudit.model import Journey, Report, Step
from frictionaudit.report import view
from frictionaudit.report.images import Image, load_image

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Mark:
    """A finding's numbered outline over a screenshot, positioned in percent of the image."""

    number: int
    severity: str
    style: str


@dataclass(frozen=True)
class Frame:
    anchor: str
    step: Step
    image: Image | None
    marks: list[Mark]


@dataclass(frozen=True)
class MetricRow:
    label: str
    value: str
    base: str | None
    delta: str | None
    trend: str  # "up" (more effort than the baseline), "down" or ""


@dataclass(frozen=True)
class JourneyView:
    anchor: str
    journey: Journey
    scores: list[tuple[str, int]]
    metrics: list[MetricRow]
    frames: list[Frame]


@dataclass(frozen=True)
class Card:
    """A finding as the findings list shows it: with its step and the frame that marks it."""

    item: view.Numbered
    step: Step | None
    frame: str | None


def render_html(report: Report, assets_dir: Path) -> str:
    """The report as one HTML document; screenshots are read from `assets_dir`."""
    numbered = view.numbered_findings(report)
    journeys = [
        _journey_view(report, i, journey, numbered, assets_dir)
        for i, journey in enumerate(report.journeys)
    ]
    marked = {
        mark.number: frame.anchor
        for journey in journeys
        for frame in journey.frames
        for mark in frame.marks
    }
    steps = {
        (journey.name, step.index): step for journey in report.journeys for step in journey.steps
    }
    cards = [
        Card(item, steps.get((item.finding.journey, item.finding.step)), marked.get(item.number))
        for item in numbered
    ]
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            scores=view.score_rows(report.scores),
            score_of=dict(view.score_rows(report.scores)),
            deltas=report.gate.comparison.score_deltas if report.gate.comparison else {},
            settings=_settings(report),
            counts=Counter(item.finding.severity for item in numbered),
            journeys=journeys,
            groups=_groups(cards),
            severities=view.SEVERITIES,
            blurbs=view.CATEGORY_BLURBS,
        )
    )


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # autoescape=True, not select_autoescape: the template is named *.html.j2, which
    # select_autoescape's extension match would leave unescaped.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=view.num, signed=view.signed, when=view.when, band=view.band)
    env.tests["http"] = view.is_http
    return env


def _settings(report: Report) -> list[tuple[str, str]]:
    rows = [
        ("Date", view.when(report.started_at)),
        ("Duration", view.duration(report)),
        ("Tool", f"{report.tool.name} {report.tool.version}"),
        ("Devices", ", ".join(view.devices(report)) or "—"),
        ("Languages", ", ".join(view.languages(report)) or "—"),
    ]
    for key, value in report.settings.items():
        if key == "devices":
            continue  # shown above, from the journeys themselves
        if isinstance(value, list):
            text = ", ".join(value) or "—"
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        else:
            text = "—" if value is None else view.num(value)
        rows.append((key.replace("_", " ").capitalize(), text))
    return rows


def _journey_view(
    report: Report, index: int, journey: Journey, numbered: list[view.Numbered], assets_dir: Path
) -> JourneyView:
    comparison = report.gate.comparison
    bases = (
        {
            delta.metric: delta.base
            for delta in comparison.metric_deltas
            if delta.journey == journey.name
        }
        if comparison
        else {}
    )
    metrics = []
    for name, label in view.METRIC_LABELS.items():
        value = getattr(journey.metrics, name)
        base = bases.get(name)
        if base is None:
            metrics.append(MetricRow(label, view.num(value), None, None, ""))
            continue
        trend = "up" if value > base else "down" if value < base else ""
        metrics.append(
            MetricRow(label, view.num(value), view.num(base), view.signed(value - base), trend)
        )
    scores = report.journey_scores.get(journey.name)
    frames = []
    for step in journey.steps:
        image = load_image(assets_dir, step.screenshot)
        here = [
            item
            for item in numbered
            if item.finding.journey == journey.name and item.finding.step == step.index
        ]
        marks = [mark for item in here if (mark := _mark(item, image))]
        frames.append(Frame(f"j{index}-s{step.index}", step, image, marks))
    return JourneyView(
        anchor=f"j{index}",
        journey=journey,
        scores=view.score_rows(scores) if scores else [],
        metrics=metrics,
        frames=frames,
    )


def _mark(item: view.Numbered, image: Image | None) -> Mark | None:
    """The finding's box as percentages of the image; None when it cannot be placed on it."""
    box = item.finding.box
    if image is None or not image.width or not image.height or not box or len(box) != 4:
        return None
    x, y, w, h = box
    if x >= image.width or y >= image.height or x + w <= 0 or y + h <= 0:
        return None

    def percent(value: float, whole: int) -> float:
        return min(max(value / whole * 100, 0.0), 100.0)

    left, top = percent(x, image.width), percent(y, image.height)
    right, bottom = percent(x + w, image.width), percent(y + h, image.height)
    style = f"left:{left:.3f}%;top:{top:.3f}%;width:{right - left:.3f}%;height:{bottom - top:.3f}%"
    return Mark(item.number, str(item.finding.severity), style)


def _groups(cards: list[Card]) -> list[tuple[str, list[tuple[str, list[Card]]]]]:
    """Cards by category (all four, so an empty one reads as clean) then severity."""
    groups = []
    for category in view.CATEGORY_BLURBS:
        mine = [card for card in cards if card.item.finding.category == category]
        by_severity = [
            (str(severity), [c for c in mine if c.item.finding.severity == severity])
            for severity in view.SEVERITIES
        ]
        groups.append((str(category), [(sev, group) for sev, group in by_severity if group]))
    return groups
