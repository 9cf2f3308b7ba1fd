"""Cost rules: prices read in each locale, fees and totals followed from step to step."""

from __future__ import annotations

from decimal import Decimal

import pytest

from frictionaudit.check.costs import late_fee, paid_addon_preselected, total_late, total_rises
from frictionaudit.check.engine import run_checks
from frictionaudit.check.money import amounts, cost_lines, number
from frictionaudit.check.registry import JourneyContext, PageContext
from frictionaudit.check.rules import load_rules
from frictionaudit.lexicon import pack

CTX = JourneyContext({}, "en")


def page(body: str, lang: str = "en") -> str:
    return f'<!doctype html><html lang="{lang}"><body>{body}</body></html>'


def summary(*rows: tuple[str, str]) -> str:
    return ('<table class="totals">'
            + "".join(f"<tr><th>{label}</th><td>{amount}</td></tr>" for label, amount in rows)
            + "</table>")


PRODUCTS = '<ul><li><span>Stoneware mug × 1</span> <span>£14.00</span></li>' \
           '<li><span>Linen tea towel × 1</span> <span>£10.00</span></li></ul>'
CART = page("<h1>Your cart</h1>" + PRODUCTS + "<p>Free delivery on orders over <b>£50</b></p>"
            + summary(("Subtotal", "£24.00"), ("Delivery", "£3.95"), ("Total", "£27.95")))
DETAILS = page('<h1>Your details</h1><form><label>Email <input type="email"></label></form>')
REVIEW = page("<h1>Check your order</h1>" + summary(
    ("Subtotal", "£24.00"), ("Delivery", "£3.95"), ("Service fee", "£2.95"),
    ("Total", "£30.90")) + '<button type="submit">Place order</button>')
CART_WITH_FEE = page("<h1>Your cart</h1>" + summary(
    ("Subtotal", "£24.00"), ("Delivery", "£3.95"), ("Service fee", "£2.95"), ("Total", "£30.90")))


def test_fee_first_shown_at_review_is_late_and_raises_the_total(journey_of):
    view = journey_of([("http://shop.test/cart", CART), ("http://shop.test/details", DETAILS),
                       ("http://shop.test/review", REVIEW)])
    [fee] = late_fee(view, CTX)
    assert fee.step == 2 and fee.tag is not None
    assert fee.evidence == ("Service fee £2.95 first shown at step 2 (Check your order); "
                            "Total £27.95 at step 0 (Your cart)")
    [rise] = total_rises(view, CTX)
    assert rise.step == 2 and rise.data["before"] == "£27.95" and rise.data["after"] == "£30.90"
    assert "Service fee £2.95" in rise.evidence
    assert not list(total_late(view, CTX))


def test_fee_already_in_the_cart_is_not_late(journey_of):
    view = journey_of([("http://shop.test/cart", CART_WITH_FEE),
                       ("http://shop.test/review", REVIEW)])
    assert not list(late_fee(view, CTX))
    assert not list(total_rises(view, CTX))


def test_a_rise_the_customer_chose_is_no_finding(journey_of):
    cart = page("<h1>Cart</h1>" + summary(("Subtotal", "£24.00"), ("Total", "£24.00")))
    review = page("<h1>Review</h1>" + summary(
        ("Subtotal", "£24.00"), ("Express delivery", "£7.95"), ("Total", "£31.95")))
    view = journey_of([("http://shop.test/cart", cart), ("http://shop.test/delivery", DETAILS),
                       ("http://shop.test/review", review)])
    [rise] = total_rises(view, CTX)  # nobody chose anything: delivery came by itself
    assert "with no choice made in between" in rise.evidence
    view.journey.steps[1].options_chosen = 1
    assert not list(total_rises(view, CTX))


def test_total_kept_back_until_the_order_is_placed(journey_of):
    cart = page("<h1>Your cart</h1>" + summary(("Subtotal", "£24.00"))
                + "<p>Delivery and any fees are calculated at checkout.</p>")
    view = journey_of([("http://shop.test/cart", cart), ("http://shop.test/review", REVIEW)])
    [late] = total_late(view, CTX)
    assert late.step == 1 and "first shown at step 1 (Check your order): Total £30.90" in (
        late.evidence)
    assert [h.step for h in late_fee(view, CTX)] == [1]
    assert not list(total_late(journey_of([("http://shop.test/cart", CART),
                                            ("http://shop.test/review", REVIEW)]), CTX))


@pytest.mark.parametrize(("lang", "body"), [
    ("en", summary(("Subtotal", "£1,234.56"), ("Delivery", "£4.95"), ("Total", "£1,239.51"))),
    ("fr", summary(("Sous-total", "1\u202f234,56\u202f€"), ("Livraison", "4,95\u00a0€"),
                   ("Total TTC", "1\u202f239,51\u202f€"))),
    ("de", summary(("Zwischensumme", "1.234,56 €"), ("Versand", "4,95 €"),
                   ("Gesamtsumme", "1.239,51 €"))),
])
def test_prices_in_each_locale_read_the_same(snapshot, lang, body):
    lines = cost_lines(snapshot(page(body, lang)))
    assert [(line.kind, line.amount.value) for line in lines] == [
        ("subtotal", Decimal("1234.56")), ("shipping", Decimal("4.95")),
        ("total", Decimal("1239.51"))]


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("£24.00", "24.00", "GBP"), ("€24.00", "24.00", "EUR"), ("24,00 €", "24.00", "EUR"),
    ("24,00\u202f€", "24.00", "EUR"), ("EUR 24", "24", "EUR"), ("Rp 150.000", "150000", "IDR"),
    ("¥199", "199", "CNY"), ("1.234,56 €", "1234.56", "EUR"), ("+£4.99", "4.99", "GBP"),
    ("− £5.00", "-5.00", "GBP"),
])
def test_amount_formats(text, value, currency):
    [amount] = amounts(text)
    assert (amount.value, amount.currency) == (Decimal(value), currency)


def test_bare_numbers_and_product_rows():
    assert number("1,234.56") == number("1.234,56") == number("1 234,56") == Decimal("1234.56")
    assert not amounts("3 items, order 10000, 15.01.2024")


def test_paid_extras_ticked_on_arrival(snapshot):
    shipping = snapshot(page(
        '<h1>Delivery</h1><form>'
        '<label><input type="radio" name="m" checked> Express delivery <b>£9.95</b></label>'
        '<input type="checkbox" id="p" checked><label for="p">Parcel protection: cover against '
        'loss <strong>+£4.99</strong></label>'
        '<label><input type="checkbox" checked> Shipping insurance (£2.99)</label>'
        '<label><input type="checkbox"> Extended warranty £19.00</label>'
        '<label><input type="checkbox" checked> Billing address same as delivery</label>'
        "</form>"))
    ctx = PageContext({}, "en", pack("en"), None, None)
    hits = list(paid_addon_preselected(shipping, ctx))
    assert [h.data["price"] for h in hits] == ["+£4.99", "£2.99"]
    assert hits[0].evidence.startswith("“Parcel protection: cover against loss +£4.99” is ticked")


def test_cost_rules_run_through_the_engine(journey_of):
    rules = [r for r in load_rules() if r.source.endswith("costs.toml")]
    assert {r.id for r in rules} == {"late-fee", "total-rises", "paid-addon-preselected",
                                     "total-late"}
    view = journey_of([("http://shop.test/cart", CART), ("http://shop.test/review", REVIEW)])
    found = {f.rule_id: f for f in run_checks([view], rules).findings}
    assert set(found) == {"late-fee", "total-rises"}
    assert found["late-fee"].message == (
        "Service fee (£2.95) appears only at this step; step 0 already showed Total £27.95 "
        "without it.")
    assert found["late-fee"].selector and found["late-fee"].step == 1
