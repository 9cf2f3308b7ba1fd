"""Costs across the checkout: fees that turn up late, totals that grow by themselves, paid
extras ticked for the customer, and a total kept back until the order is placed.

Extra costs are the first reason shoppers abandon a checkout (Baymard: 48%, and 21% could not
see the total up front); Mathur et al. count hidden costs and sneaking among dark patterns.
Only a journey shows that a service fee was absent from the cart and present at review.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from frictionaudit.check.pagefacts import choice_text, quote, step_name
from frictionaudit.check.registry import (
    Hit,
    JourneyContext,
    JourneyView,
    PageContext,
    Params,
    journey_check,
    page_check,
)
from frictionaudit.lexicon import fold, keyword
from frictionaudit.model import Step
from frictionaudit.snapshot.money import ROW_CHARS, Amount, CostLine, amounts, cost_lines
from frictionaudit.snapshot.page import PageSnapshot, control_text, squash

# Lines a customer's own doing can raise: the basket, and what they chose or the address
# they gave decides (delivery, extras, tax). Fees never are.
CHOSEN = ("shipping", "addon", "tax")
CARD = {"card_number", "card_expiry", "card_cvc"}


@dataclass
class StepCosts:
    step: Step
    page: PageSnapshot
    lines: list[CostLine]
    arrived: bool = True  # read on arrival; False: read again in place after the customer acted

    @property
    def moment(self) -> int:
        """When it was read: a step's own actions come between its two readings."""
        return 2 * self.step.index + (0 if self.arrived else 1)

    def of(self, *kinds: str) -> list[CostLine]:
        return [line for line in self.lines if line.kind in kinds]

    def total(self) -> CostLine | None:
        """The order total; a mini-basket comes first in the page, the summary last."""
        totals = self.of("total")
        return totals[-1] if totals else None

    def sum(self, kind: str) -> Decimal:
        return sum((line.amount.value for line in self.of(kind)), Decimal(0))

    def name(self) -> str:
        return step_name(self.step, self.page)


def costs(view: JourneyView) -> list[StepCosts]:
    """Each step's cost lines in the order the customer saw them; a screen read again in
    place, first as it arrived, then as it stood last (a delivery fee that appeared there)."""
    out = []
    for step, page in view.steps():
        arrival = view.arrival_pages.get(step.index)
        if arrival is not None:
            out.append(StepCosts(step, arrival, cost_lines(arrival)))
        out.append(StepCosts(step, page, cost_lines(page), arrived=arrival is None))
    return out


@journey_check("late_fee", says=("amount", "anchor", "anchor_step", "fee"))
def late_fee(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """A fee line first shown after the step that first showed a total or subtotal, and not
    mentioned by name on any step up to then."""
    steps = costs(view)
    start = next((s for s in steps if s.of("total", "subtotal")), None)
    if start is None:
        return
    anchor = start.total() or start.of("subtotal")[-1]
    told = " ".join(fold(s.page.visible_text) for s in steps if s.moment <= start.moment)
    reported: set[str] = set()
    for s in steps:
        if s.moment <= start.moment:
            continue
        for line in s.of("fee"):
            word = keyword(line.label, "fee", s.page.lang) or ""
            if fold(line.label) in reported or (word and word in told):
                continue
            reported.add(fold(line.label))
            yield Hit(f"{line} first shown at {s.name()}; {anchor} at {start.name()}",
                      tag=line.tag, step=s.step.index,
                      data={"fee": line.label, "amount": line.amount.text,
                            "anchor": str(anchor), "anchor_step": start.step.index})


class Tolerance(Params):
    tolerance: Decimal = Decimal("0.01")  # rounding: a rise this small is no rise


@journey_check("total_rises", params=Tolerance, says=("after", "before", "before_step"))
def total_rises(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """The total grows from one step to a later one by more than the customer's own doing
    explains: a bigger basket, or delivery, extras and tax after they chose or typed
    something on the steps in between."""
    priced = [(s, s.total()) for s in costs(view) if s.total()]
    journey_steps = view.journey.steps
    for (a, before), (b, after) in pairwise(priced):
        if before.amount.currency != after.amount.currency:
            continue
        rise = after.amount.value - before.amount.value
        acted = any(st.options_chosen or st.fields_filled for st in journey_steps
                    if a.moment <= 2 * st.index < b.moment)
        kinds = ("subtotal", *CHOSEN) if acted else ("subtotal",)
        explained = sum((max(b.sum(k) - a.sum(k), Decimal(0)) for k in kinds), Decimal(0))
        if rise - explained <= Decimal(str(ctx.params["tolerance"])):
            continue
        grown = [str(line) for line in b.lines
                 if line.kind != "total" and str(line) not in {str(x) for x in a.lines}]
        why = f"; new or changed lines: {', '.join(grown)}" if grown else "; no line explains it"
        yield Hit(f"total {before.amount} at {a.name()}, {after.amount} at {b.name()}"
                  f"{'' if acted else ' with no choice made in between'}{why}",
                  tag=after.tag, step=b.step.index,
                  data={"before": before.amount.text, "after": after.amount.text,
                        "before_step": a.step.index})


@page_check("paid_addon_preselected", says=("option", "price"))
def paid_addon_preselected(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """A priced extra ticked before the customer touched it: an insurance, a donation, or any
    checkbox that says it adds money ("+£4.99")."""
    for field in page.fields:
        if field.kind not in ("checkbox", "radio") or not field.ticked_on_arrival:
            continue
        text = choice_text(field)
        prices = [a for a in amounts(text) if a.value > 0]
        if not prices or not (field.visible or field.label):
            continue
        adds = field.kind == "checkbox" and prices[0].text.startswith("+")
        if keyword(text, "addon", ctx.lang) or adds:
            yield Hit(f"{quote(text)} is {'ticked' if field.kind == 'checkbox' else 'selected'} "
                      f"on arrival", tag=field.tag,
                      data={"option": quote(text, 60), "price": prices[0].text})


@journey_check("total_late", says=("final_step",))
def total_late(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """No order total before the step that places the order, on any look at an earlier
    screen."""
    steps = costs(view)
    final = _order_step(view, steps)
    if final is None:
        return
    # every state of an earlier screen: as it arrived, and as the customer's own action
    # re-showed it ("added to your basket; your basket total is now €12.50")
    later = [StepCosts(step, page, cost_lines(page)) for step, page in view.later()]
    earlier = [s for s in steps + later if s.step.index < final.step.index]
    if any(s.total() for s in earlier):
        return
    shown = final.total()
    if shown is not None and any(_told(s.page, shown.amount) for s in earlier):
        return
    if shown is None and not any(s.lines for s in steps if s.step.index <= final.step.index):
        return  # no price read anywhere: this site's summary is not one we can read
    where = f"first shown at {final.name()}: {shown}" if shown else "never shown"
    yield Hit(f"order total {where}, the step that places the order", step=final.step.index,
              tag=shown.tag if shown else None, data={"final_step": final.step.index})


def _told(page: PageSnapshot, total: Amount) -> bool:
    """Whether a screen gave the order's total in a few words that call it a total or
    subtotal, as a line or a sentence: "Your basket total is now €12.50" (free delivery: the
    basket's total is the order's)."""
    for tag in (page.soup.body or page.soup).find_all(True):
        if tag.name in ("script", "style", "template") or not page.visible(tag):
            continue
        text = tag.get_text(" ")
        if len(text) > 20 * ROW_CHARS or len(text := squash(text)) > ROW_CHARS:
            continue
        found = amounts(text)
        if (len(found) == 1 and (found[0].value, found[0].currency) == (total.value,
                                                                        total.currency)
                and (keyword(text, "total", page.lang) or keyword(text, "subtotal", page.lang))):
            return True
    return False


def _order_step(view: JourneyView, steps: list[StepCosts]) -> StepCosts | None:
    """The step that places the order, showing a total or asking for the card: the last one
    with a "place order" or "pay" control; else where the journey stopped short of placing
    it, or the one before the confirmation screen of a completed journey."""
    candidates = [s for s in steps
                  if s.total() or any(f.purpose in CARD for f in s.page.counted_fields())]
    labelled = [s for s in candidates if _final_control(s.page)]
    if labelled:
        return labelled[-1]
    journey, end = view.journey, view.journey.steps[-1]
    if journey.status == "stopped":
        index = end.index
    elif journey.status == "completed" and end.fields_visible == 0:
        index = end.index - 1
    else:
        return None
    return next((s for s in reversed(candidates) if s.step.index == index), None)


def _final_control(page: PageSnapshot) -> bool:
    return any(keyword(control_text(c), "place_order", page.lang) for c in page.controls)
