"""Cost rules: prices read in each locale, fees and totals followed from step to step."""

from __future__ import annotations

from decimal import Decimal

import pytest

from frictionaudit.check.costs import (
    Tolerance,
    late_fee,
    paid_addon_preselected,
    total_late,
    total_rises,
)
from frictionaudit.check.engine import run_checks
from frictionaudit.check.registry import JourneyContext, PageContext
from frictionaudit.check.rules import load_rules
from frictionaudit.lexicon import pack
from frictionaudit.snapshot.money import amounts, cost_lines, number
from frictionaudit.snapshot.page import PageSnapshot

CTX = JourneyContext(Tolerance().model_dump(), "en")


def page(body: str, lang: str = "en") -> str:
    return f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><body>{body}</body></html>'


def summary(*rows: tuple[str, str]) -> str:
    return ('<table class="totals">'
            + "".join(f"<tr><th>{label}</th><td>{amount}</td></tr>" for label, amount in rows)
            + "</table>")


PRODUCTS = '<ul><li><span>Stoneware mug × 1</span> <span>£14.00</span></li>' \
           '<li><span>Linen tea towel × 1</span> <span>£10.00</span></li></ul>'
CART = page("<h1>Your cart</h1>" + PRODUCTS + "<p>Free delivery on orders over <b>£50</b></p>"
            + summary(("Subtotal", "£24.00"), ("Delivery", "£3.95"), ("Total", "£27.95")))
REVIEW = page("<h1>Check your order</h1>" + summary(
    ("Subtotal", "£24.00"), ("Delivery", "£3.95"), ("Service fee", "£2.95"),
    ("Total", "£30.90")) + '<button type="submit">Place order</button>')
CART_WITH_FEE = page("<h1>Your cart</h1>" + summary(
    ("Subtotal", "£24.00"), ("Delivery", "£3.95"), ("Service fee", "£2.95"), ("Total", "£30.90")))


def test_fee_first_shown_at_review_is_late_and_raises_the_total(journey_of):
    rules = [r for r in load_rules() if r.source.endswith("costs.toml")]
    assert {r.id for r in rules} == {"late-fee", "total-rises", "paid-addon-preselected",
                                     "total-late"}
    view = journey_of([("http://shop.test/cart", CART), ("http://shop.test/review", REVIEW)])
    found = {f.rule_id: f for f in run_checks([view], rules).findings}
    assert set(found) == {"late-fee", "total-rises"}  # the cart showed a total: not late
    fee, rise = found["late-fee"], found["total-rises"]
    assert fee.step == 1 and fee.selector
    assert fee.evidence == ("Service fee £2.95 first shown at step 1 (Check your order); "
                            "Total £27.95 at step 0 (Your cart)")
    assert fee.message == ("Service fee (£2.95) appears only at this step; step 0 already "
                           "showed Total £27.95 without it.")
    assert rise.step == 1 and "Service fee £2.95" in rise.evidence
    assert rise.message == ("The total rose from £27.95 (step 0) to £30.90, more than the "
                            "customer's own choices explain.")


def test_fee_already_in_the_cart_is_not_late(journey_of):
    view = journey_of([("http://shop.test/cart", CART_WITH_FEE),
                       ("http://shop.test/review", REVIEW)])
    assert not list(late_fee(view, CTX))
    assert not list(total_rises(view, CTX))


def test_a_rise_the_customer_chose_is_no_finding(journey_of):
    cart = page("<h1>Cart</h1>" + summary(("Subtotal", "£24.00"), ("Total", "£24.00")))
    review = page("<h1>Review</h1>" + summary(
        ("Subtotal", "£24.00"), ("Express delivery", "£7.95"), ("Total", "£31.95")))
    view = journey_of([("http://shop.test/cart", cart), ("http://shop.test/review", review)])
    [rise] = total_rises(view, CTX)  # nobody chose anything: delivery came by itself
    assert "with no choice made in between" in rise.evidence
    view.journey.steps[0].options_chosen = 1
    assert not list(total_rises(view, CTX))


def test_total_kept_back_until_the_order_is_placed(journey_of):
    cart = page("<h1>Your cart</h1>" + summary(("Subtotal", "£24.00"))
                + "<p>Delivery and any fees are calculated at checkout.</p>")
    view = journey_of([("http://shop.test/cart", cart), ("http://shop.test/review", REVIEW)])
    [late] = total_late(view, CTX)
    assert late.step == 1
    assert "first shown at step 1 (Check your order): Total £30.90" in late.evidence
    assert [h.step for h in late_fee(view, CTX)] == [1]  # after the cart's subtotal


def test_total_late_where_the_journey_stopped_whatever_the_button_says(journey_of):
    cart = page("<h1>Votre panier</h1>" + summary(("Sous-total", "24,00 €")), "fr")
    review = page("<h1>Récapitulatif</h1>" + summary(("Total", "30,90 €"))
                  + "<button>Passer la commande</button>", "fr")
    view = journey_of([("http://shop.test/panier", cart), ("http://shop.test/recap", review)],
                      status="stopped")
    [late] = total_late(view, JourneyContext(Tolerance().model_dump(), "fr"))
    assert late.step == 1 and late.evidence.endswith("Total 30,90 €, the step that places the "
                                                     "order")


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


def test_cost_lines_are_rows_and_pairs_not_sentences_or_products(snapshot):
    lines = cost_lines(snapshot(page(
        "<p>Free delivery on orders over <b>£50</b></p>"
        '<ul><li><a href="/p/total-comfort">Total Comfort pillow</a> <span>£30.00</span></li></ul>'
        "<p>Weight <span>12.50</span> kg</p>"
        "<dl><dt>Subtotal</dt><dd>£30.00</dd><dt>Standard delivery</dt><dd>£4.95</dd></dl>"
        '<div class="row"><span>Service fee</span> <span>£1.50</span></div>'
        "<p>Shipping insurance: £2.00</p>"
        "<table><tr><th>Total</th><td>£38.45 <small>incl. VAT</small></td></tr></table>")))
    assert [(line.kind, line.label, line.amount.text) for line in lines] == [
        ("subtotal", "Subtotal", "£30.00"), ("shipping", "Standard delivery", "£4.95"),
        ("fee", "Service fee", "£1.50"), ("addon", "Shipping insurance", "£2.00"),
        ("total", "Total incl. VAT", "£38.45")]


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


def test_a_sentence_giving_the_final_total_earlier_is_enough(journey_of):
    """django-oscar after "Add to basket": "Your basket total is now €12.50" (free delivery);
    a basket total below the order's (delivery added later) tells nothing."""
    review = page("<h1>Preview</h1>" + summary(("Shipping", "Free"), ("Order total", "€12.50"))
                  + '<button type="submit">Place order</button>')
    for told, late in (("€12.50", []), ("€9.50", [1])):
        added = page(f"<h1>All products</h1><div><p>Your basket total is now <b>{told}</b></p>"
                     '<a href="/basket/">View basket</a> <a href="/checkout/">Checkout now</a>'
                     "</div>")
        view = journey_of([("http://shop.test/", added), ("http://shop.test/preview", review)])
        assert [h.step for h in total_late(view, CTX)] == late, told


def test_a_bracketed_tax_note_beside_the_total_is_not_the_total():
    """"Total (Inclusive of tax £0.00) £35.00": the line is the total, £35.00."""
    row = ('<div><div><span>Total</span><span>(Inclusive of tax £0.00)</span></div>'
           '<div>£35.00</div></div>')
    snap = PageSnapshot.from_html(page(row))
    assert [(line.kind, line.label, line.amount.text) for line in cost_lines(snap)] == [
        ("total", "Total", "£35.00")]
