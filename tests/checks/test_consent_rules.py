"""Consent rules: boxes ticked on arrival (by markup or by script), bundled consent, cookie
banners compared by what a customer sees, privacy notices and opting out."""

from __future__ import annotations

from frictionaudit.check.consent import (
    Prominence,
    consent_preticked,
    cookie_no_reject,
    privacy_notice_missing,
)
from frictionaudit.check.engine import run_checks
from frictionaudit.check.registry import JourneyContext, PageContext
from frictionaudit.check.rules import load_rules
from frictionaudit.lexicon import pack
from frictionaudit.snapshot.banner import cookie_banner

CONSENT_RULES = {"consent-preticked", "consent-bundled", "cookie-no-reject",
                 "privacy-notice-missing", "opt-out-missing"}
BANNER_CSS = (".banner{position:fixed;bottom:0;left:0;right:0;background:#fff;padding:16px}"
              ".big{font-size:20px;padding:14px 48px;background:#1a5c38;color:#fff;border:0}"
              ".faint{font-size:11px;color:#aaa;background:none;border:0}"
              ".even{font-size:16px;padding:10px 24px;background:#fff;color:#222}")


def page(body: str, lang: str = "en") -> str:
    return (f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><style>{BANNER_CSS}'
            f"</style><body>{body}</body></html>")


def ctx(params=None, lang="en") -> PageContext:
    return PageContext(params or {}, lang, pack(lang), None, None)


# Marketing ticked by a script after load, marketing bundled with the terms, no privacy notice
# (legalese that mentions personal data is none), no word on unsubscribing, and a banner whose
# only way out is a faint "Manage settings".
ROUGH = page(
    '<main><h1>Create an account</h1><p>By submitting this form the Applicant hereby '
    "acknowledges and agrees that all personal data furnished herein may be processed, "
    "retained, transferred and otherwise utilised by the Company, its affiliates, successors "
    "and assigns, and any third-party service providers engaged by any of them, for any "
    "purposes deemed necessary.</p><form>"
    '<label>Email <input type="email" name="email"></label>'
    '<label>Password <input type="password" name="password"></label>'
    '<input type="checkbox" id="m"><label for="m">Yes, send me offers from our partners</label>'
    '<input type="checkbox" id="t"><label for="t">I accept the Terms and Conditions and agree to '
    "receive marketing communications.</label><button>Create account</button></form></main>"
    '<section class="banner" aria-label="Cookies"><p>We use cookies to measure and advertise.</p>'
    '<button class="big">Accept all</button> <button class="faint">Manage settings</button>'
    "</section>"
    "<script>setTimeout(() => { document.getElementById('m').checked = true; }, 10)</script>"
)
# The same signup done right; "remember me" and a box worded as a no may be ticked.
SMOOTH = page(
    '<main><h1>Create an account</h1><form>'
    '<label>Email <input type="email" name="email"></label>'
    '<label>Password <input type="password" name="password" autocomplete="new-password"></label>'
    '<label><input type="checkbox" name="news"> Email me about new products and offers. '
    "You can unsubscribe at any time.</label>"
    '<label><input type="checkbox" name="remember" checked> Remember me</label>'
    '<label><input type="checkbox" name="no_partners" checked> I do not want offers from '
    "partners</label>"
    '<label><input type="checkbox" name="terms"> I accept the terms and conditions</label>'
    '<p>We only use your email for your account. <a href="/privacy">Privacy notice</a></p>'
    '<button>Create account</button></form></main>'
    '<section class="banner" aria-label="Cookies"><p>We use cookies to measure and advertise.</p>'
    '<button class="even">Accept all</button> <button class="even">Reject all</button></section>'
)


def test_rough_signup_breaks_every_consent_rule(journey_of):
    rules = [r for r in load_rules() if r.source.endswith("consent.toml")]
    assert {r.id for r in rules} == CONSENT_RULES
    view = journey_of([("http://shop.test/register", ROUGH)], kind="signup", name="signup")
    found = {f.rule_id: f for f in run_checks([view], rules).findings}
    assert set(found) == CONSENT_RULES
    assert found["consent-preticked"].evidence == (
        "“Yes, send me offers from our partners” is ticked on arrival")  # ticked by script
    assert found["consent-preticked"].selector == "#m"
    assert found["consent-bundled"].evidence.startswith(
        "one box accepts “terms and conditions” and consents to “marketing communications”")
    assert "only “Manage settings” (" in found["cookie-no-reject"].evidence
    assert "11px text" in found["cookie-no-reject"].evidence
    assert found["cookie-no-reject"].message.startswith("The cookie banner offers “Accept all” but "
                                                       "no reject on the first layer")
    assert found["privacy-notice-missing"].selector  # names the first field asked


def test_smooth_signup_breaks_none(journey_of):
    rules = [r for r in load_rules() if r.id in CONSENT_RULES]
    view = journey_of([("http://shop.test/register", SMOOTH)], kind="signup", name="signup")
    assert run_checks([view], rules).findings == []
    banner = cookie_banner(view.pages[0])
    assert banner is not None and len(banner.rejects) == 1


def test_small_grey_reject_link_is_no_equal_choice_in_french(journey_of):
    banner = page('<main><h1>Boutique</h1></main><div class="banner" id="cmp">'
                  "<p>Nous utilisons des cookies.</p>"
                  '<button class="big">Tout accepter</button> '
                  '<a href="#" class="faint">Tout refuser</a></div>', lang="fr")
    view = journey_of([("http://shop.test/", banner), ("http://shop.test/p", banner)])
    # once, not once per step
    [hit] = cookie_no_reject(view, JourneyContext(Prominence().model_dump(), "fr"))
    assert hit.step == 0 and hit.data["reject"] == "“Tout refuser”"
    assert "11px text" in hit.evidence and "contrast 2.3:1" in hit.evidence


def test_sign_in_and_remembered_boxes_are_left_alone(snapshot):
    login = snapshot(page(
        '<main><h1>Sign in</h1><form><label>Email <input type="email" name="email"></label>'
        '<label>Password <input type="password" autocomplete="current-password"></label>'
        '<label><input type="checkbox" checked> Keep me signed in</label>'
        '<label><input type="checkbox" checked> Billing address same as delivery address</label>'
        "<button>Sign in</button></form></main>"))
    assert not list(privacy_notice_missing(login, ctx()))
    assert not list(consent_preticked(login, ctx()))


def test_a_password_hint_about_personal_information_is_no_privacy_notice(snapshot):
    """django-allauth's signup in English and Chinese: the password help mentions "personal
    information"; a notice names the privacy notice, or links to it."""
    hint = {"en": "Your password can’t be too similar to your other personal information.",
            "zh": "你的密码不能与你的其他个人信息太相似。"}
    for lang, said in hint.items():
        form = ('<main><h1>Sign Up</h1><form><label>Email <input type="email" name="email">'
                '</label><label>Password <input type="password" autocomplete="new-password">'
                f"</label><ul><li>{said}</li></ul><button>Sign Up</button></form>")
        signup = snapshot(page(form + "</main>", lang))
        assert [h.data["asked"] for h in privacy_notice_missing(signup, ctx(lang=lang))] == [
            "Email"], lang
        linked = snapshot(page(form + '<a href="/data">Personal data</a></main>'))
        assert not list(privacy_notice_missing(linked, ctx()))
