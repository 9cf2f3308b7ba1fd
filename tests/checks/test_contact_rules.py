"""Contact rules on pages rendered in Chromium: what a customer can see decides, not the HTML."""

from __future__ import annotations

import pytest

from frictionaudit.check.contact import (
    Reachable,
    contact_dropped,
    contact_hidden,
    contact_missing,
    contact_order,
    mechanisms,
)
from frictionaudit.check.contactinfo import email_addresses, phone_numbers
from frictionaudit.check.engine import run_checks
from frictionaudit.check.registry import JourneyContext
from frictionaudit.check.rules import load_rules
from frictionaudit.model import LinkedPage
from frictionaudit.snapshot.page import PageSnapshot

PARAMS = Reachable().model_dump()
CTX = JourneyContext(PARAMS, "en")


def page(body: str, head: str = "", lang: str = "en") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width"><style>body{{background:#fff;color:#222;'
            f'font:16px sans-serif}}{head}</style></head><body>{body}</body></html>')


FINE = page('<header><a href="/contact">Contact us</a></header><main><h1>Shop</h1></main>')
NOT_DISPLAYED = page('<main><h1>Shop</h1></main>'
                     '<footer><a href="/contact" style="display:none">Contact</a></footer>')
FAINT = page('<main><h1>Shop</h1></main><footer><a href="/contact" '
             'style="font-size:9px;color:#bbb">contact</a></footer>')
IMAGE_ONLY = page('<main><h1>Shop</h1></main><footer><img width="200" height="40" '
                  'alt="Call us on 0800 123 4567" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                  '</footer>')
NOTHING = page("<main><h1>Your details</h1><p>Order LL-10000, total £1,234.56, 15.01.2024</p>"
               "</main>")
# A checkout header whose help line folds into a menu on a phone.
MENU = page(
    '<header><button aria-controls="help" aria-expanded="false" class="toggle">Help</button>'
    '<p id="help" class="help">Need help? Call <a href="tel:+448001234567">0800 123 4567</a></p>'
    '</header><main><h1>Payment</h1></main>',
    head=".toggle{display:none} @media (max-width:639px){.toggle{display:inline}"
         ".help{display:none}}",
)
PRODUCT = page('<main><h1>Mug</h1></main><footer><p>Phone: 0800 123 4567</p>'
               '<a href="mailto:help@shop.example">help@shop.example</a></footer>')


def one_step(journey_of, html, width=1280, kind="checkout"):
    return journey_of([("http://shop.test/", html)], kind=kind, width=width)


@pytest.mark.parametrize(("html", "condition"), [
    (NOT_DISPLAYED, "not displayed"),
    (FAINT, "9px text, contrast 1.9:1"),
    (IMAGE_ONLY, "shown only as an image"),
])
def test_contact_a_customer_cannot_see_is_hidden(journey_of, html, condition):
    rules = [r for r in load_rules() if r.source.endswith("contact.toml")]
    assert {r.id for r in rules} == {"contact-missing", "contact-hidden", "contact-dropped",
                                     "contact-order"}
    view = one_step(journey_of, html, kind="signup")
    [finding] = run_checks([view], rules).findings
    assert finding.rule_id == "contact-hidden" and finding.step == 0 and finding.selector
    assert finding.evidence.endswith(f": {condition}")
    assert finding.message == f"Contact is on this page but hard to see ({condition})."


def test_visible_contact_is_fine(journey_of):
    view = one_step(journey_of, FINE)
    for check in (contact_hidden, contact_missing, contact_dropped, contact_order):
        assert not list(check(view, CTX))


def test_no_contact_at_all_is_missing_unless_the_recorder_found_it_nearby(journey_of):
    view = one_step(journey_of, NOTHING)
    assert not mechanisms(view.pages[0], PARAMS)  # an order number, a price, a date
    [hit] = contact_missing(view, CTX)
    assert hit.step == 0 and hit.data["steps"] == 1
    faq_only = PageSnapshot.from_html(
        "<h1>Help</h1><p>Read our answers to common questions.</p>", "http://shop.test/help")
    view.journey.linked = [LinkedPage(url=faq_only.url, clicks=1, from_step=0)]
    view.linked_pages = [faq_only]
    assert list(contact_missing(view, CTX)), "a help page with no human contact does not count"
    contact = PageSnapshot.from_html(
        '<h1>Contact us</h1><p>Call <a href="tel:+448001234567">0800 123 4567</a></p>',
        "http://shop.test/contact")
    view.journey.linked.append(LinkedPage(url=contact.url, clicks=2, from_step=0))
    view.linked_pages.append(contact)
    assert not list(contact_missing(view, CTX))
    view.journey.linked[1].clicks = 4  # too far away to count
    assert list(contact_missing(view, CTX))


def test_collapsed_menu_drops_contact_on_a_phone_only(journey_of):
    pages = [("http://shop.test/mug", PRODUCT), ("http://shop.test/checkout/payment", MENU)]
    phone = journey_of(pages, width=390)
    [dropped] = contact_dropped(phone, CTX)
    assert dropped.step == 1 and "inside a collapsed menu" in dropped.evidence
    assert not list(contact_hidden(phone, CTX))  # reported once, as dropped
    desktop = journey_of(pages, width=1280)
    assert not list(contact_dropped(desktop, CTX)) and not list(contact_hidden(desktop, CTX))


def test_help_in_a_different_order_breaks_consistent_help(journey_of):
    first = page('<header><a href="tel:+448001234567">0800 123 4567</a> '
                 '<a href="mailto:help@shop.example">Email us</a> <a href="/faq">FAQ</a></header>'
                 '<main><h1>Cart</h1></main>')
    swapped = page('<header><a href="mailto:help@shop.example">Email us</a> '
                   '<a href="tel:+448001234567">0800 123 4567</a></header>'
                   '<main><h1>Pay</h1></main>')
    view = journey_of([("http://shop.test/cart", first), ("http://shop.test/pay", swapped)])
    [hit] = contact_order(view, CTX)
    assert hit.step == 1 and hit.tag.name == "a"
    assert hit.data["before"] == "phone number, e-mail address"
    assert hit.data["now"] == "e-mail address, phone number"


def test_chat_launcher_and_contact_form_count(snapshot):
    contact_page = snapshot(page(
        '<main><h1>Contact us</h1><form><input name="name"><textarea name="message"></textarea>'
        '</form></main><div id="intercom-container"><button aria-label="Open chat" '
        'style="width:60px;height:60px"></button></div>'))
    assert [m.kind for m in mechanisms(contact_page, PARAMS)] == ["form", "chat"]


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("Call 0800 123 4567 today", "en", ["0800 123 4567"]),
    ("+44 (0)20 7946 0000", "en", ["+44 (0)20 7946 0000"]),
    ("Tél. : 01 23 45 67 89", "fr", ["01 23 45 67 89"]),
    ("Telefon (030) 123 456 78", "de", ["(030) 123 456 78"]),
    ("Telefono 02 1234 5678", "it", ["02 1234 5678"]),
    ("Teléfono 912 345 678", "es", ["912 345 678"]),
    ("Bel 020 123 4567", "nl", ["020 123 4567"]),
    ("Hubungi +62 21 1234 5678 atau 0812-3456-7890", "id",
     ["+62 21 1234 5678", "0812-3456-7890"]),
    ("客服电话400-123-4567，手机 138 1234 5678", "zh", ["400-123-4567", "138 1234 5678"]),
    ("Total £1,234.56 · 1.234,56 € · Rp 150.000.000", "en", []),
    ("Order LL-10000 · #0012345678 · 15.01.2024 · 2024-01-15 · 10115 Berlin", "de", []),
    ("Card 4242 4242 4242 4242 · ref 912 345 678", "en", []),
])
def test_phone_numbers_in_each_locale_and_not_prices_or_dates(text, lang, found):
    assert phone_numbers(text, lang) == found


def test_email_addresses_skip_image_names():
    assert email_addresses("help@shop.example, logo@2x.png") == ["help@shop.example"]
