"""Contact rules on pages rendered in Chromium: what a customer can see decides, not the HTML."""

from __future__ import annotations

import pytest

from frictionaudit.check.contact import (
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

PARAMS = {"min_font_px": 12, "min_contrast": 4.5, "max_screen": 3}
CTX = JourneyContext(PARAMS, "en")


def page(body: str, head: str = "", lang: str = "en") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta name="viewport" '
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
    hits = list(contact_hidden(one_step(journey_of, html), CTX))
    assert len(hits) == 1
    assert hits[0].data["condition"] == condition
    assert hits[0].tag is not None and hits[0].step == 0
    assert not list(contact_missing(one_step(journey_of, html), CTX))


def test_visible_contact_is_fine(journey_of):
    view = one_step(journey_of, FINE)
    for check in (contact_hidden, contact_missing, contact_dropped, contact_order):
        assert not list(check(view, CTX))


def test_no_contact_at_all_is_missing_and_numbers_are_not_phones(journey_of):
    view = journey_of([("http://shop.test/", NOTHING), ("http://shop.test/pay", NOTHING)])
    assert not mechanisms(view.pages[0], PARAMS)
    hits = list(contact_missing(view, CTX))
    assert len(hits) == 1 and hits[0].data["steps"] == 2


def test_reachable_contact_fact_from_the_recorder_silences_missing(journey_of):
    view = one_step(journey_of, NOTHING)
    view.pages[0].meta["reachable_contact"] = {"clicks": 2, "url": "http://shop.test/contact"}
    assert not list(contact_missing(view, CTX))


def test_collapsed_menu_drops_contact_on_a_phone_only(journey_of):
    pages = [("http://shop.test/mug", PRODUCT), ("http://shop.test/checkout/payment", MENU)]
    phone = journey_of(pages, width=390)
    dropped = list(contact_dropped(phone, CTX))
    assert [h.step for h in dropped] == [1]
    assert "inside a collapsed menu" in dropped[0].evidence
    assert not list(contact_hidden(phone, CTX))  # reported once, as dropped
    assert not list(contact_dropped(journey_of(pages, width=1280), CTX))
    alone = one_step(journey_of, MENU, width=390)
    assert [h.data["condition"] for h in contact_hidden(alone, CTX)] == ["inside a collapsed menu"]
    assert not list(contact_hidden(one_step(journey_of, MENU), CTX))


def test_help_in_a_different_order_breaks_consistent_help(journey_of):
    first = page('<header><a href="tel:+448001234567">0800 123 4567</a> '
                 '<a href="mailto:help@shop.example">Email us</a> <a href="/faq">FAQ</a></header>'
                 '<main><h1>Cart</h1></main>')
    swapped = page('<header><a href="mailto:help@shop.example">Email us</a> '
                   '<a href="tel:+448001234567">0800 123 4567</a></header><main><h1>Pay</h1></main>')
    view = journey_of([("http://shop.test/cart", first), ("http://shop.test/pay", swapped),
                       ("http://shop.test/done", first)])
    hits = list(contact_order(view, CTX))
    assert [h.step for h in hits] == [1]
    assert hits[0].data["before"] == "phone number, e-mail address"
    assert hits[0].data["now"] == "e-mail address, phone number"


def test_chat_launcher_and_contact_form_count(snapshot):
    chat = snapshot(page('<main><h1>Shop</h1></main><div id="intercom-container">'
                         '<button aria-label="Open chat" style="width:60px;height:60px">'
                         '</button></div>'))
    assert [m.kind for m in mechanisms(chat, PARAMS)] == ["chat"]
    form = snapshot(page('<main><h1>Contact us</h1><form><input name="name">'
                         '<textarea name="message"></textarea></form></main>'))
    assert [m.kind for m in mechanisms(form, PARAMS)] == ["form"]


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


def test_contact_rules_run_through_the_engine(journey_of):
    rules = [r for r in load_rules() if r.source.endswith("contact.toml")]
    assert {r.id for r in rules} == {"contact-missing", "contact-hidden", "contact-dropped",
                                     "contact-order"}
    view = journey_of([("http://shop.test/", FAINT)], kind="signup")
    result = run_checks([view], rules)
    [finding] = result.findings
    assert finding.rule_id == "contact-hidden" and finding.step == 0
    assert finding.selector and "9px text" in finding.evidence
    assert "9px text, contrast 1.9:1" in finding.message
