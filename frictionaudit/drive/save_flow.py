"""--save-flow: what the autopilot followed, written as a flow file that `--flow` replays.

Each action is written with the first locator that finds exactly that one element at the
moment the action is taken, the most stable first: test id, role and name, label, placeholder,
css `[name=...]`, and only then the annotation's css path. Values stay persona placeholders
(site option values and a CAPTCHA code printed on the page are written as they are), so the
file holds no password or card number. Overlay clicks (cookie banner, pop-up) are optional
steps, as in the shipped demo flows. The file never sets allow_irreversible: a replay that
should place an order needs --allow-irreversible again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Error, Page

from frictionaudit.drive.autopilot_screen import Control
from frictionaudit.drive.flow import FlowJourney, FlowStep, locate
from frictionaudit.model import JourneyKind
from frictionaudit.snapshot.fields import Field


class Trail:
    """The journeys of one audit, as the autopilot walks them."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.journeys: list[FlowJourney] = []
        self.planned: list[str] = []  # the journeys' names in the order they were planned

    def plan(self, name: str) -> None:
        self.planned.append(name)

    def begin(self, name: str, kind: JourneyKind, start: str) -> FlowJourney:
        journey = FlowJourney(name=name, kind=kind, start=start)
        self.journeys.append(journey)
        return journey

    def write(self, path: Path) -> None:
        """In the order planned, whichever journey a parallel audit finished first."""
        path.parent.mkdir(parents=True, exist_ok=True)
        ordered = sorted(self.journeys, key=lambda j: self.planned.index(j.name)
                         if j.name in self.planned else len(self.planned))
        path.write_text(to_toml(ordered, self.target), encoding="utf-8")


def control_locator(page: Page, c: Control) -> dict:
    options = [{"testid": c.testid} if c.testid else None,
               {"role": c.role, "name": c.name, "exact": True} if c.name else None,
               _by_name(c.tag.get("name"), c.tag.get("value"), c.tag.get("type"))]
    return _first_unique(page, options, c.selector)


def field_locator(page: Page, f: Field) -> dict:
    options = [{"testid": f.tag["data-testid"]} if f.tag.get("data-testid") else None,
               {"label": f.label, "exact": True} if f.label else None,
               {"placeholder": f.placeholder, "exact": True} if f.placeholder else None,
               _by_name(f.tag.get("name"), f.tag.get("value"), f.kind)]
    return _first_unique(page, options, f.selector)


def _by_name(name: str | None, value: str | None, kind: str | None) -> dict | None:
    if not name:
        return None
    css = f"[name={_css_string(name)}]"
    if kind in ("radio", "checkbox") and value is not None:
        css += f"[value={_css_string(value)}]"
    return {"css": css}


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first_unique(page: Page, options: list[dict | None], selector: str) -> dict:
    for option in options:
        if option is None:
            continue
        try:
            if locate(page, FlowStep(action="expect", **option)).count() == 1:
                return option
        except Error:
            continue  # a selector Playwright cannot parse: try the next way
    return {"css": selector}


def to_toml(journeys: list[FlowJourney], target: str) -> str:
    """The flow file's text: its structure is small and fixed, so a few lines write it."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# Written by the frictionaudit autopilot from {target} on {when}.",
             "# Replay: frictionaudit audit URL --flow THIS_FILE"]
    for journey in journeys:
        lines += ["", "[[journey]]"]
        lines += [f"{key} = {_value(getattr(journey, key))}" for key in ("name", "kind", "start")]
        for step in journey.step:
            lines += ["", "[[journey.step]]"]
            lines += [f"{key} = {_value(value)}"
                      for key, value in step.model_dump(exclude_defaults=True).items()]
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # A JSON string is a TOML basic string, except that TOML also forbids a raw DEL.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
