"""Journey metrics scored on curves: how many steps and fields the customer went through.

Steps are counted the way Baymard counts checkout steps: from the first screen that asks for
the customer's own data (account, contact, address) to the last one before the confirmation;
browsing the shop before that is not checkout effort.
"""

from __future__ import annotations

from collections.abc import Iterator

from frictionaudit.check.registry import JourneyContext, JourneyView, Metric, journey_check

PERSONAL = {"email", "password", "name", "given_name", "family_name", "username", "phone",
            "address_line1", "postcode", "city", "card_number"}


def form_steps(view: JourneyView) -> list[int]:
    """Indexes of the journey's form phase: first personal-data screen to the end, less a
    confirmation screen reached after an order was placed."""
    start = next((step.index for step, page in view.steps()
                  if any(f.purpose in PERSONAL for f in page.counted_fields())), None)
    if start is None:
        return []
    indexes = [s.index for s in view.journey.steps if s.index >= start]
    last = view.journey.steps[-1]
    if view.journey.status == "completed" and last.fields_visible == 0 and len(indexes) > 1:
        indexes.pop()
    return indexes


@journey_check("journey_steps", says=("count",))
def journey_steps(view: JourneyView, ctx: JourneyContext) -> Iterator[Metric]:
    steps = form_steps(view)
    if steps:
        yield Metric(len(steps), evidence=_titles(view, steps), step=steps[0],
                     data={"count": len(steps)})


@journey_check("journey_fields", says=("count",))
def journey_fields(view: JourneyView, ctx: JourneyContext) -> Iterator[Metric]:
    per_step = [(s.index, s.fields_visible) for s in view.journey.steps if s.fields_visible]
    total = sum(n for _, n in per_step)
    if total:
        yield Metric(total, step=per_step[0][0], data={"count": total},
                     evidence=", ".join(f"step {i}: {n}" for i, n in per_step))


@journey_check("journey_required_fields", says=("count",))
def journey_required_fields(view: JourneyView, ctx: JourneyContext) -> Iterator[Metric]:
    total = sum(s.fields_required for s in view.journey.steps)
    if total:
        yield Metric(total, data={"count": total})


def _titles(view: JourneyView, indexes: list[int]) -> str:
    steps = view.journey.steps
    return " → ".join(steps[i].title or steps[i].url for i in indexes)
