"""Effort rules: account walls, data asked twice, blocked paste and autofill, CAPTCHAs, e-mail
gates and arrival pop-ups, on pages rendered in Chromium (the paste probe runs there too)."""

from __future__ import annotations

from frictionaudit.check.effort import captcha, email_verification_gate, forced_account
from frictionaudit.check.engine import run_checks
from frictionaudit.check.registry import JourneyContext, PageContext
from frictionaudit.check.rules import load_rules
from frictionaudit.lexicon import pack

EFFORT_RULES = {"forced-account", "redundant-entry", "paste-blocked",
                "credential-autocomplete-off", "captcha", "email-verification-gate",
                "arrival-popup"}
CTX = JourneyContext({"obligation": {"en": ["must", "before you can"]}}, "en")


def page(body: str, lang: str = "en") -> str:
    return f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><body>{body}</body></html>'


# An account wall with every obstacle: paste blocked, autofill off, a CAPTCHA, and a newsletter
# pop-up over the first screen.
REGISTER = page(
    '<main><h1>Create an account</h1><p>You need an account to place an order.</p>'
    '<form autocomplete="off"><label>Email <input type="email" name="email"></label>'
    '<label>Your name <input name="name"></label>'
    '<label>Electronic correspondence address <input name="contact"></label>'
    '<label>Password <input type="password" id="pw" name="password" onpaste="return false">'
    '</label><label>Type the characters you see <input name="captcha"></label>'
    "<button>Submit</button></form></main>"
    '<div role="dialog" aria-modal="true" style="position:fixed;top:20%;left:30%;background:#fff">'
    "<h2>Get 10% off your first order</h2><p>Join our newsletter.</p>"
    '<input type="email" name="newsletter_email" aria-label="Email"><button>Subscribe</button>'
    "</div>"
)
# The name comes pre-filled; the street is no repeat of the oddly labelled field before.
DETAILS = page('<main><h1>Your details</h1><form><label>Email <input type="email" name="email">'
               '</label><label>Your name <input name="name" value="Ada Lovelace"></label>'
               '<label>Street address <input name="address1"></label>'
               "<button>Continue</button></form></main>")
PAYMENT = page('<main><h1>Payment</h1><form><label>Card number <input name="cc" '
               'autocomplete="cc-number"></label><button>Pay now</button></form></main>')
LOGIN_OR_GUEST = page(
    '<main><h1>Sign in</h1><form><label>Email <input type="email" name="email" '
    'autocomplete="email"></label><label>Password <input type="password" name="password" '
    'autocomplete="current-password"></label><button>Sign in</button></form>'
    '<a href="/checkout/details">Continue as guest</a></main>')


def test_account_wall_with_every_obstacle(journey_of):
    rules = [r for r in load_rules() if r.source.endswith("effort.toml")]
    assert {r.id for r in rules} == EFFORT_RULES
    view = journey_of([("http://shop.test/register", REGISTER),
                       ("http://shop.test/details", DETAILS),
                       ("http://shop.test/payment", PAYMENT)])
    findings = run_checks([view], rules).findings
    found = {(f.rule_id, f.step, f.selector.rsplit(" > ")[-1]) for f in findings}
    assert found == {
        ("forced-account", 0, "#pw"),
        ("paste-blocked", 0, "#pw"),
        ("credential-autocomplete-off", 0, 'input[name="email"]'),
        ("credential-autocomplete-off", 0, "#pw"),
        ("captcha", 0, 'input[name="captcha"]'),
        ("arrival-popup", 0, "div"),
        ("redundant-entry", 1, 'input[name="email"]'),  # the name came pre-filled
    }
    by_rule = {f.rule_id: f for f in findings}
    assert by_rule["paste-blocked"].evidence == 'pasting into “Password” is blocked ' \
                                                '(onpaste="return false")'
    assert by_rule["redundant-entry"].message == (
        "Email is asked again, empty, though step 0 (Create an account) asked for it already.")
    assert by_rule["arrival-popup"].evidence.startswith("“Get 10% off your first order” pops up")
    assert "its form has" in by_rule["credential-autocomplete-off"].evidence


def test_a_blocked_field_is_named_whatever_its_id_or_name(journey_of):
    """The probe names a field by its CSS-escaped id (here one with a colon and a leading
    digit), else by its name; each finding points at that field, not at a selector."""
    body = ('<form><label>Email <input type="email" id="1user:email" onpaste="return false">'
            '</label><label>Password <input type="password" name="pass[word]" '
            'onpaste="return false"></label><label>Password again <input type="password" '
            'name="again" autocomplete="new-password"></label><button>Join</button></form>')
    view = journey_of([("http://shop.test/join", page(body))])
    assert view.journey.steps[0].probes.paste_blocked == [
        r"#\31 user\:email", 'input[name="pass[word]"]']
    rules = [r for r in load_rules() if r.id == "paste-blocked"]
    found = run_checks([view], rules).findings
    assert [(f.evidence, f.selector.rsplit(" > ")[-1]) for f in found] == [
        ('pasting into “Email” is blocked (onpaste="return false")', r"#\31 user\:email"),
        ('pasting into “Password” is blocked (onpaste="return false")',
         'input[name="pass[word]"]')]


def test_sign_in_with_a_guest_option_is_no_wall(journey_of):
    view = journey_of([("http://shop.test/login", LOGIN_OR_GUEST)])
    assert not list(forced_account(view, CTX))
    rules = [r for r in load_rules() if r.id in EFFORT_RULES]
    assert run_checks([view], rules).findings == []


def test_captcha_widgets_that_set_a_task(snapshot):
    ctx = PageContext({}, "en", pack("en"), None, None)
    widget = snapshot(page('<form><div class="g-recaptcha" style="width:304px;height:78px">'
                           "</div></form>"))
    assert [h.data["what"] for h in captcha(widget, ctx)] == ["body > form > div"]
    badge = snapshot(page('<div class="grecaptcha-badge" style="width:256px;height:60px"></div>'))
    assert not list(captcha(badge, ctx))


def test_email_gate_only_when_it_stops_the_customer(journey_of):
    gate = page('<main><h1>Confirm your email address</h1><p>You must confirm your email address '
                "before you can continue.</p><form><button>Resend email</button></form></main>")
    welcome = page('<main><h1>Your account is ready</h1><p>We have sent a confirmation email to '
                   'you. You can keep shopping while it arrives.</p>'
                   '<a href="/products">Continue shopping</a></main>')
    view = journey_of([("http://shop.test/verify", gate), ("http://shop.test/welcome", welcome)],
                      kind="signup")
    [hit] = email_verification_gate(view, CTX)
    assert hit.step == 0 and hit.tag.name == "p"
    assert "“You must confirm your email address before you can continue.”" in hit.evidence


def test_a_password_that_appeared_after_the_customers_own_log_in_is_no_wall(journey_of,
                                                                           snapshot):
    """A one-page checkout read again in place: the password box its "Log in" button opened
    was the customer's choice; one asked on arrival is a wall."""
    address = '<label>Email <input type="email" name="email"></label>' \
              '<label>Address <input name="address"></label>'
    opened = page(f'<main><h1>Checkout</h1>{address}<label>Password '
                  '<input type="password" name="password" required></label></main>')
    view = journey_of([("http://shop.test/checkout", opened)])
    assert [h.data["field"] for h in forced_account(view, CTX)] == ["Password"]
    view.arrival_pages[0] = snapshot(page(f"<main><h1>Checkout</h1>{address}</main>"),
                                     "http://shop.test/checkout")
    assert not list(forced_account(view, CTX))
