"""The autopilot on small shops that each throw one thing at it, in real Chromium.

Without --allow-irreversible every journey must end at the review page, stopped by the safety
guard, with no order pressed on the server; the decisions must explain the key choice.
"""

from __future__ import annotations

import pytest

from frictionaudit.audit import JourneyPlan
from frictionaudit.drive.autopilot import Limits, autopilot_plan
from frictionaudit.drive.flow import drive_flow
from frictionaudit.drive.persona import load_persona
from frictionaudit.drive.save_flow import Trail

GUARD = 'stopped before the final action "Place order"'
SHOPS = {
    "spa": {"spa": True},
    "wall": {"gate": "/login.html"},
    "icon": {},
    "newsletter": {"gate": "/checkout-options.html", "gate_cookies": ("account", "guest")},
    "size": {},
    "swatch": {},
}


def said(journey, action: str) -> list[str]:
    return [f"{d.target} | {d.reason}" for d in journey.decisions if d.action == action]


@pytest.fixture
def walk(serve, record):
    """Walk a shop's checkout with the autopilot: (shop, journey)."""

    def run(name: str, allow: bool = False, trail: Trail | None = None):
        shop = serve(name, **SHOPS[name])
        return shop, record(shop.url, autopilot_plan("checkout", shop.url, allow, trail))

    return run


def test_spa_checkout_is_walked_by_history_alone(walk):
    shop, journey = walk("spa")
    assert (journey.status, journey.reason[:len(GUARD)]) == ("stopped", GUARD)
    assert shop.orders == 0
    paths = [s.url.removeprefix(shop.url.rstrip("/")) for s in journey.steps]
    assert paths == ["/", "/p/pocket-fern", "/cart", "/checkout/details", "/checkout/payment",
                     "/checkout/review"]
    assert {s.trigger for s in journey.steps[1:]} == {"history"}  # no page load after the first
    assert journey.metrics.fields == 8  # five details, three card fields
    assert any("Continue to payment" in d for d in said(journey, "submit"))


def test_login_wall_without_guest_checkout_registers(walk):
    shop, journey = walk("wall")
    assert (journey.status, shop.orders) == ("stopped", 0)
    assert journey.reason.startswith(GUARD)
    assert [s.url.rsplit("/", 1)[-1].split("?")[0] for s in journey.steps] == [
        "", "house-blend.html", "basket.html", "login.html", "register.html", "checkout.html",
        "review.html"]
    assert any("sign-in wall" in d for d in said(journey, "signup"))
    assert said(journey, "create account")  # forced account creation is spelled out
    assert any("terms" in d and "required" in d for d in said(journey, "check"))
    assert any("marketing" in d and "left as" in d for d in said(journey, "note"))


def test_listing_new_tab_and_icon_button(walk):
    shop, journey = walk("icon")
    assert (journey.status, shop.orders) == ("stopped", 0)
    assert journey.steps[-1].url.startswith(shop.url + "review.html")
    (listing,) = said(journey, "listing")
    assert listing == 'Shop | link "Shop" leads to the catalogue (/products.html)'
    (added,) = said(journey, "add to cart")
    assert 'named "Add to basket" only by its accessible name' in added
    (tab,) = said(journey, "follow tab")  # the product link opens a new tab
    assert tab.endswith("| the site opened the next step in a new tab")
    assert journey.steps[2].url == shop.url + "products/canvas-tote.html"


def test_newsletter_popup_closed_cookies_refused_guest_chosen(walk):
    shop, journey = walk("newsletter")
    assert (journey.status, shop.orders) == ("stopped", 0)
    assert journey.reason.startswith(GUARD)
    assert said(journey, "close pop-up")[0].startswith("No thanks | pop-up")
    cookies = said(journey, "cookie banner")
    assert "offers a reject button" in cookies[0] and cookies[1].startswith("Reject all")
    assert any(d.startswith("Continue as guest") for d in said(journey, "guest checkout"))
    assert any("never ticked" in d for d in said(journey, "note"))  # the offers box


def test_size_chosen_before_adding(walk):
    shop, journey = walk("size")
    assert (journey.status, shop.orders) == ("stopped", 0)
    assert journey.steps[2].url.startswith(shop.url + "basket.html?size=s")
    assert said(journey, "select")[0] == "Size | the first choice offered"
    assert any("cheapest" in d for d in said(journey, "check"))  # standard delivery


@pytest.mark.parametrize("name", ["icon", "spa"])
def test_allowed_final_press_places_exactly_one_order(walk, name):
    shop, journey = walk(name, allow=True)
    assert (journey.status, journey.reason, shop.orders) == ("completed", "", 1)
    assert journey.steps[-1].url.endswith(("/thanks.html", "/checkout/done"))


@pytest.mark.parametrize("name", ["wall", "spa", "icon"])
def test_saved_flow_replays_to_the_same_counts(walk, serve, record, name):
    trail = Trail("fixture")
    _, walked = walk(name, trail=trail)
    (saved,) = trail.journeys
    again = serve(name, **SHOPS[name])

    def replay(page, ctx):
        return drive_flow(page, saved, again.url, load_persona, ctx.checkpoint)

    replayed = record(again.url, JourneyPlan("checkout", "checkout", replay))
    assert (replayed.status, replayed.metrics.steps, replayed.metrics.fields) == (
        walked.status, walked.metrics.steps, walked.metrics.fields)
    assert again.orders == 0


def test_step_limit_bounds_a_journey(serve, record):
    shop = serve("icon")
    journey = record(shop.url, autopilot_plan("checkout", shop.url, limits=Limits(steps=3)))
    assert (journey.status, journey.reason) == ("stopped", "step limit reached (3 steps)")
    assert journey.metrics.steps == 3


def test_a_row_of_option_buttons_gets_a_choice_before_adding(walk):
    """EverShop's shape: colours as plain buttons, none chosen; "Add to cart" refuses until one
    is; the quantity's − and + beside it are no options."""
    shop, journey = walk("swatch")
    assert (journey.status, shop.orders) == ("stopped", 0), [
        (d.action, d.target, d.reason) for d in journey.decisions]
    assert journey.reason.startswith(GUARD)
    (chosen,) = said(journey, "choose option")
    assert chosen.startswith('White | options "White, Black, Yellow" beside "Add to cart"')
    assert journey.steps[2].url.startswith(shop.url + "basket.html?colour=white")
