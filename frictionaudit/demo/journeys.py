"""The demo's built-in scripted driver: the flow files of docs/examples, one per journey.

They are the same files a user reads as examples; the wheel carries them as demo/flows."""

from __future__ import annotations

from pathlib import Path

from frictionaudit.drive.flow import FlowJourney, load_flow
from frictionaudit.resources import PACKAGE, bundled_or_checkout

FLOW_DIR = bundled_or_checkout(PACKAGE / "demo" / "flows", PACKAGE.parent / "docs" / "examples")


def demo_flow_paths(variant: str) -> list[Path]:
    return [FLOW_DIR / f"demo-{variant}-{journey}.toml" for journey in ("signup", "checkout")]


def demo_flows(variant: str) -> list[FlowJourney]:
    return [j for path in demo_flow_paths(variant) for j in load_flow(path).journey]
