"""The demo's built-in scripted driver: flow files shipped with the shop, one per journey."""

from __future__ import annotations

from pathlib import Path

from frictionaudit.drive.flow import FlowJourney, load_flow

FLOW_DIR = Path(__file__).resolve().parent / "flows"


def demo_flow_paths(variant: str) -> list[Path]:
    return [FLOW_DIR / f"demo-{variant}-{journey}.toml" for journey in ("signup", "checkout")]


def demo_flows(variant: str) -> list[FlowJourney]:
    return [j for path in demo_flow_paths(variant) for j in load_flow(path).journey]
