"""The autopilot against the demo shop: from the bare URL it must end where the shipped flow
files end (docs/examples/demo-{variant}-{journey}.toml), with the same step and field counts.

The scripted journeys are the session's demo audits (the `demo_audit` fixture runs the same
flow files); the autopilot walks each in the session's one browser, as `run_audit` runs each plan
(Audit.record). The rough English walk is made once, with --save-flow's trail, and serves both
the matrix and the saved-flow test. The whole matrix (2 variants x 3 languages x 2 journeys)
takes several minutes on two cores, so by default it runs fully in English and one variant per
other language; FRICTIONAUDIT_FULL_MATRIX=1 runs all twelve.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from frictionaudit.audit import Audit, AuditOptions
from frictionaudit.commands import flow_plan
from frictionaudit.demo import LANGS, VARIANTS, DemoShop
from frictionaudit.drive.autopilot import autopilot_plan, autopilot_plans
from frictionaudit.drive.flow import load_flow
from frictionaudit.drive.save_flow import Trail

JOURNEYS = ("signup", "checkout")
FULL = [(v, lang, j) for v in VARIANTS for lang in LANGS for j in JOURNEYS]
QUICK = [c for c in FULL if c[1] == "en" or c[:2] in (("rough", "fr"), ("smooth", "de"))]
MATRIX = FULL if os.environ.get("FRICTIONAUDIT_FULL_MATRIX") else QUICK


def counts(journey) -> tuple[str, int, int]:
    return journey.status, journey.metrics.steps, journey.metrics.fields


@dataclass
class RoughWalk:
    walked: dict  # {journey: Journey}, walked by the autopilot with a trail
    orders: int  # orders the walk placed
    saved: str  # the flow file the trail wrote
    replayed: list  # that flow file's journeys, replayed by the flow driver


@pytest.fixture(scope="module")
def rough_walk(chromium, tmp_path_factory) -> RoughWalk:
    """The hardest journeys (forced account, CAPTCHA, a refused form fixed once) walked by the
    autopilot, written by --save-flow, read back by load_flow and replayed by the flow driver."""
    folder = tmp_path_factory.mktemp("rough-walk")

    def record(url, plan):
        out = folder / f"audit-{len(list(folder.iterdir()))}"
        return Audit(url, AuditOptions(out_dir=out, formats=["json"])).record(chromium, plan)

    with DemoShop("rough", "en") as shop:
        trail = Trail(shop.url)
        walked = [record(shop.url, plan) for plan in autopilot_plans(shop.url, ["auto"], True,
                                                                      trail)]
        orders = shop.stats["orders_placed"]
        path = folder / "saved.toml"
        trail.write(path)
        replayed = [record(shop.url, flow_plan(j, shop.url, True))
                    for j in load_flow(path).journey]
    return RoughWalk({j.kind: j for j in walked}, orders, path.read_text(), replayed)


@pytest.mark.e2e
@pytest.mark.parametrize(("variant", "lang", "journey"), MATRIX)
def test_autopilot_ends_where_the_shipped_flow_ends(record, demo_audit, request, variant, lang,
                                                    journey):
    report, _ = demo_audit(variant, lang)  # the shipped flow files, docs/examples/demo-*.toml
    scripted = next(j for j in report.journeys if j.kind == journey)
    if (variant, lang) == ("rough", "en"):
        rough_walk = request.getfixturevalue("rough_walk")
        walked, orders = rough_walk.walked[journey], rough_walk.orders
    else:
        with DemoShop(variant, lang) as shop:
            walked = record(shop.url, autopilot_plan(journey, shop.url, True))
            orders = shop.stats["orders_placed"]
    assert counts(walked) == counts(scripted)
    assert walked.status == "completed", walked.reason
    if journey == "checkout":
        assert orders == 1  # exactly one order (the flow driver's is its own shop's)
    if variant == "rough":
        actions = {d.action for d in walked.decisions}
        assert {"close pop-up", "cookie banner"} <= actions


@pytest.mark.e2e
def test_rough_demo_saved_flow_replays_to_the_same_counts(rough_walk):
    """The hardest journeys, written by --save-flow, replay to the walk's counts."""
    assert [counts(j) for j in rough_walk.replayed] == [counts(j)
                                                       for j in rough_walk.walked.values()]
    text = rough_walk.saved
    assert "{persona.password}" in text and "Frict1on" not in text  # no secret in the file
