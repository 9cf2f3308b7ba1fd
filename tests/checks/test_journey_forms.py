"""Which forms of a screen are the journey's (snapshot/forms.py): site furniture and a sign-in
form beside the journey's own form ask the customer nothing, so they are neither counted nor
judged. Shapes from django-oscar (realsites finding 7); and a comment is no text (MediaWiki)."""

from __future__ import annotations

import html
import json

from frictionaudit.check.consent import privacy_notice_missing
from frictionaudit.check.registry import PageContext
from frictionaudit.lexicon import pack
from frictionaudit.snapshot.page import PageSnapshot

SWITCHER = ('<div><form action="/i18n/setlang/" method="post"><input type="hidden" name="next" '
            'value="/"><select name="language"><option value="en" selected>English</option>'
            '<option value="de">Deutsch</option></select><button type="submit">Go</button>'
            "</form></div>")
SORT = ('<form method="get"><input type="hidden" name="q" value=""><label for="s">Sort by</label>'
        '<select id="s" name="sort_by"><option selected>Relevancy</option><option>Newest</option>'
        "</select></form>")
BASKET = ('<form method="post" id="basket_formset"><input type="number" name="form-0-quantity" '
          'value="1" min="0"><button type="submit">Update</button></form>')
TICKETS = ('<form action="/cart/add" method="post"><label>Adult <input type="number" '
           'name="item_1" value="0" min="0"></label><button type="submit">Add to cart</button>'
           "</form>")
LOG_IN = ('<form method="post"><h2>Log In</h2><label>Email address <input type="email" '
          'name="login-username" required></label><label>Password <input type="password" '
          'name="login-password" autocomplete="current-password" required></label>'
          '<button type="submit">Log In</button></form>')
REGISTER = ('<form method="post"><h2>Register</h2><label>Email address <input type="email" '
            'name="registration-email" required></label><label>Password <input type="password" '
            'name="registration-password1" required></label><label>Confirm password <input '
            'type="password" name="registration-password2" required></label>'
            '<button type="submit">Register</button></form>')


def screen(body: str, journey: str = "", lang: str = "en") -> PageSnapshot:
    meta = html.escape(json.dumps({"journey": journey}) if journey else "{}")
    return PageSnapshot.from_html(f'<html lang="{lang}"><head><meta name="frictionaudit" '
                                  f'content="{meta}"></head><body>{body}</body></html>',
                                  "http://shop.test/")


def names(page: PageSnapshot) -> list[str]:
    return [f.name for f in page.counted_fields()]


def test_furniture_outside_the_landmarks_is_not_the_journey():
    """A language switcher in a plain <div>, a sort menu sent by script, a basket's quantity
    already chosen: nothing asked. A quantity still at 0 (a ticket shop) is asked."""
    page = screen(SWITCHER + f"<main>{SORT}{BASKET}{TICKETS}</main>", "checkout")
    assert names(page) == ["item_1"]
    assert [f.name for f in page.content_fields] == ["item_1"]  # the form rules judge the same


def test_a_switcher_needs_its_address_or_name():
    """One menu with a button, sent nowhere in particular: a form the customer fills."""
    country = ('<main><form action="/delivery" method="post"><label>Country <select '
               'name="country"><option>France</option></select></label><button>Continue'
               "</button></form></main>")
    assert names(screen(country, "checkout")) == ["country"]


def test_a_signup_counts_the_register_form_not_the_log_in_beside_it():
    both = f"<main>{LOG_IN}{REGISTER}</main>"
    register = ["registration-email", "registration-password1", "registration-password2"]
    assert names(screen(both, "signup")) == register
    assert names(screen(both, "checkout")) == register
    assert len(names(screen(both))) == 5  # a page read alone: whose journey is unknown
    assert names(screen(f"<main>{LOG_IN}</main>", "signup")) == ["login-username",
                                                                  "login-password"]


def test_an_html_comment_is_no_text():
    """MediaWiki ends its content with the parser's limit report in a comment."""
    page = screen("<main><div><p>Installed.</p><!-- NewPP limit report CPU time usage: "
                  "0.007 seconds --></div></main>")
    assert [b.text for b in page.text_blocks] == ["Installed."]


def test_a_register_form_beside_a_log_in_form_needs_a_privacy_notice():
    """The signup journey's form is the register form: it asks for an e-mail address (a
    sign-in form asks for one the shop holds, and needs no notice)."""
    ctx = PageContext({}, "en", pack("en"), None, None)
    both = screen(f"<main><h2>Log In</h2>{LOG_IN}{REGISTER}</main>", "signup")
    assert [h.tag["name"] for h in privacy_notice_missing(both, ctx)] == ["registration-email"]
    alone = screen(f"<main>{LOG_IN}</main>", "signup")
    assert list(privacy_notice_missing(alone, ctx)) == []


def test_a_coupon_box_beside_the_checkout_form_is_not_asked():
    """EverShop's one-page checkout: the order summary's own coupon form."""
    checkout = ('<main><form id="checkout"><label for="e">Email *</label><input id="e" '
                'type="email" name="contact.email"><label for="c">City *</label><input id="c" '
                'name="city"><button type="button">Place Order</button></form><aside>'
                '<form class="coupon-form"><input name="coupon" placeholder="Enter coupon code">'
                '<button type="button">Apply</button></form></aside></main>')
    assert names(screen(checkout, "checkout")) == ["contact.email", "city"]
    gutschein = ('<main><h1>Kasse</h1><form><label>Gutscheincode <input name="code"></label>'
                 "<button>Einlösen</button></form></main>")
    assert names(screen(gutschein, "checkout", "de")) == []


def test_a_label_ending_with_an_asterisk_says_required():
    """EverShop's React forms are novalidate: "Email *" is the only sign."""
    form = ('<main><form novalidate><label for="e">Email *</label><input id="e" type="email">'
            '<label for="n">Note</label><input id="n"><label>Phone* <input name="tel"></label>'
            '<button type="button">Sign Up</button></form></main>')
    assert [f.required for f in screen(form, "signup").counted_fields()] == [True, False, True]
