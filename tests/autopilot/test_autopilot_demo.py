"""The autopilot against the demo shop: from the bare URL it must end where the shipped flow
files end (docs/examples/demo-{variant}-{journey}.toml), with the same step and field counts.

Both drivers run as `run_audit` runs each plan (Audit.record), in the session's one browser.
The whole matrix (2 variants x 3 languages x 2 journeys) takes several minutes on two cores,
so by default it runs fully in English and one variant per other language;
FRICTIONAUDIT_FULL_MATRIX=1 runs all twelve.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from frictionaudit.commands import flow_plan
from frictionaudit.demo import LANGS, VARIANTS, DemoShop
from frictionaudit.drive.autopilot import autopilot_plan, autopilot_plans
from frictionaudit.drive.flow import load_flow
from frictionaudit.drive.save_flow import Trail

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
JOURNEYS = ("signup", "checkout")
FULL = [(v, lang, j) for v in VARIANTS for lang in LANGS for j in JOURNEYS]
QUICK = [c for c in FULL if c[1] == "en" or c[:2] in (("rough", "fr"), ("smooth", "de"))]
MATRIX = FULL if os.environ.get("FRICTIONAUDIT_FULL_MATRIX") else QUICK


def counts(journey) -> tuple[str, int, int]:
    return journey.status, journey.metrics.steps, journey.metrics.fields


@pytest.mark.e2e
@pytest.mark.parametrize(("variant", "lang", "journey"), MATRIX)
def test_autopilot_ends_where_the_shipped_flow_ends(record, variant, lang, journey):
    flow = load_flow(EXAMPLES / f"demo-{variant}-{journey}.toml").journey[0]
    with DemoShop(variant, lang) as shop:
        scripted = record(shop.url, flow_plan(flow, shop.url, True))
        walked = record(shop.url, autopilot_plan(journey, shop.url, True))
        stats = shop.stats
    assert counts(walked) == counts(scripted)
    assert walked.status == "completed", walked.reason
    if journey == "checkout":
        assert stats["orders_placed"] == 2  # exactly one order per driver
    if variant == "rough":
        actions = {d.action for d in walked.decisions}
        assert {"close pop-up", "cookie banner"} <= actions


@pytest.mark.e2e
def test_rough_demo_saved_flow_replays_to_the_same_counts(record, tmp_path):
    """The hardest journeys (forced account, CAPTCHA, a refused form fixed once), written by
    --save-flow, read back by load_flow and replayed by the flow driver."""
    path = tmp_path / "saved.toml"
    with DemoShop("rough", "en") as shop:
        trail = Trail(shop.url)
        walked = [record(shop.url, plan) for plan in autopilot_plans(shop.url, ["auto"], True,
                                                                      trail)]
        trail.write(path)
        replayed = [record(shop.url, flow_plan(j, shop.url, True))
                    for j in load_flow(path).journey]
    assert [counts(j) for j in replayed] == [counts(j) for j in walked]
    text = path.read_text()
    assert "{persona.password}" in text and "Frict1on" not in text  # no secret in the file
