"""Arabic (rules/lang/ar.toml), a right-to-left language: its pack loads and is matched with
the marks writers may leave out folded away, Arabic pages are recognised offline, the rules
read Arabic labels, readability is honestly not measured, and Arabic-Indic prices parse."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from pathlib import Path

import pytest

from frictionaudit.check import language
from frictionaudit.check.readability import formula, sentences
from frictionaudit.check.rules import load_rules
from frictionaudit.lexicon import field_purpose_from_text, keyword, pack, supported_languages
from frictionaudit.snapshot.language import detect_language
from frictionaudit.snapshot.money import amounts
from frictionaudit.snapshot.page import PageSnapshot

TEXTS = Path(__file__).resolve().parents[1] / "data" / "texts"
RULES = load_rules()

# MediaWiki 1.39's Arabic Special:CreateAccount (languages/i18n/ar.json), as the wiki writes it
SIGNUP = """<main><h1>أنشئ حسابًا</h1><form method="post" action="/create">
<label for="u">اسم المستخدم</label><input id="u" name="wpName" autocomplete="username" required>
<label for="p">كلمة السر</label>
<input id="p" name="wpPassword" type="password" autocomplete="new-password" required>
<label for="r">أكد كلمة السر</label>
<input id="r" name="wpRetype" type="password" autocomplete="new-password" required>
<label for="e">عنوان البريد الإلكتروني</label>
<input id="e" name="wpEmail" type="email" autocomplete="email" required>
<label for="n">الاسم الحقيقي (اختياري)</label><input id="n" name="wpRealName" autocomplete="name">
<button type="submit">{button}</button></form></main>"""


def text(kind: str) -> str:
    return (TEXTS / f"ar-{kind}.txt").read_text(encoding="utf-8")


@pytest.fixture
def audit(findings_on):
    """Findings of every rule on one rendered Arabic signup page, by rule id."""

    def run(body: str, lang: str | None = "ar") -> dict[str, list]:
        declared = f' lang="{lang}" dir="rtl"' if lang else ""
        html = f'<!doctype html><html{declared}><meta charset="utf-8"><body>{body}</body>'
        return findings_on(html, RULES, "http://wiki.test/signup", kind="signup")

    return run


def test_the_pack_loads_and_is_supported():
    lp = pack("ar-SA")
    assert (lp.code, lp.name) == ("ar", "العربية")
    assert "ar" in supported_languages()
    assert formula(lp.readability.formula) is None  # not measured


@pytest.mark.parametrize(("said", "key"), [
    ("أنشئ حسابًا", "signup"),  # MediaWiki's heading, with a tanwin the pack writes without
    ("إنشاء حساب", "signup"),
    ("الاشتراك", "signup"),  # allauth's "Sign Up"
    ("تسجيل الدخول", "login"),
    ("أضف الى سلة التسوق", "add_to_cart"),  # Oscar's "Add to basket"
    ("إتمام عملية الشراء", "checkout"),  # Oscar's "Checkout"
    ("اشترِ الآن", "place_order"),  # "buy now" with a kasra
    ("رفض الكل", "reject"),
])
def test_keywords_match_with_or_without_marks(said, key):
    assert keyword(said, key, "ar")


def test_log_in_is_no_signup_and_checkout_no_order():
    assert keyword("تسجيل الدخول", "signup", "ar") is None
    assert keyword("إتمام عملية الشراء", "place_order", "ar") is None


@pytest.mark.parametrize(("label", "purpose"), [
    ("اسم المستخدم", "username"),
    ("كلمة السر", "password"),
    ("أكد كلمة السر", "password_confirm"),
    ("كلمة المرور \u202a(مجددا)", "password_confirm"),  # allauth's, with a direction mark
    ("عنوان البريد الإلكتروني", "email"),
    ("البريد الالكتروني", "email"),
    ("الاسم الحقيقي (اختياري)", "name"),
    ("الرمز البريدي", "postcode"),
    ("رقم البطاقة", "card_number"),
])
def test_field_words(label, purpose):
    assert field_purpose_from_text(label, "ar") == purpose


def test_an_arabic_page_is_recognised_offline():
    assert detect_language("", text("marketing")) == "ar"
    page = PageSnapshot.from_html(f"<html><body><main><p>{escape(text('legal'))}</p></main>"
                                  "</body></html>")  # no lang attribute: read from the words
    assert page.lang == language.reading(page).lang == "ar"


def test_the_arabic_question_mark_ends_a_sentence():
    assert sentences("ليس لديك حساب؟ انضم إلى الموقع.") == ["ليس لديك حساب؟", "انضم إلى الموقع."]


def test_legal_prose_is_long_and_jargon_but_readability_is_not_measured(audit):
    legal = audit(f"<main><p>{escape(text('legal'))}</p></main>")
    assert legal["long-sentence"] and legal["jargon"]
    terms = {f.message.split("”")[0].lstrip("“") for f in legal["jargon"]}
    assert {"بموجب", "المشار إليها", "يقر المستخدم"} <= terms
    assert "readability" not in legal  # no formula fits Arabic: silent, not an English score
    shop = audit(f"<main><p>{escape(text('marketing'))}</p></main>")
    assert not {"long-sentence", "jargon", "readability"} & set(shop)


def test_the_rules_read_arabic_labels(audit):
    found = audit(SIGNUP.format(button="افتح الحساب"))
    (confirm,) = found["confirm-field"]
    assert "أكد كلمة السر" in confirm.message
    for quiet in ("required-unmarked", "vague-button", "rare-words", "field-label",
                  "readability"):
        assert quiet not in found, found[quiet]
    vague = audit(SIGNUP.format(button="إرسال"))  # the Arabic "Submit"
    assert [f.evidence for f in vague["vague-button"]] == ["“إرسال”"]


@pytest.mark.parametrize(("printed", "value", "currency"), [
    ("١٢٫٥٠ €", "12.50", "EUR"),
    ("€ ١٢٫٥٠", "12.50", "EUR"),
    ("١٬٢٣٤٫٥٦ ر.س", "1234.56", "SAR"),
    ("SAR ١٢٣", "123", "SAR"),
    ("١٥٠ د.إ", "150", "AED"),
    ("123.45 SAR", "123.45", "SAR"),
])
def test_arabic_indic_digits_and_separators_are_prices(printed, value, currency):
    (amount,) = amounts(f"الإجمالي {printed}")
    assert (amount.value, amount.currency, amount.text) == (Decimal(value), currency, printed)


@pytest.mark.parametrize(("message", "unhelpful"), [
    ("القيمة غير صالحة.", True),  # "The value is invalid."
    ("حدث خطأ ما، يرجى المحاولة مرة أخرى", True),  # "Something went wrong, please try again"
    ("أدخل عنوان بريد إلكتروني مثل name@example.com", False),  # says what to type
    ("كلمة السر غير صحيحة", False),  # names the field that is wrong
])
def test_generic_arabic_error_messages(message, unhelpful):
    from frictionaudit.check.form_feedback import _unhelpful

    (rule,) = [r for r in RULES if r.id == "error-unhelpful"]
    assert _unhelpful(message, "ar", rule.params) is unhelpful


@pytest.mark.parametrize(("rule_id", "key", "text", "word"), [
    ("consent-preticked", "declines", "لا أرغب في تلقي العروض", "لا أرغب"),  # a box worded as a no
    ("email-verification-gate", "obligation",
     "يجب عليك تأكيد عنوان بريدك الإلكتروني قبل المتابعة", "يجب عليك"),
])
def test_rules_own_arabic_words(rule_id, key, text, word):
    from frictionaudit.check.pagefacts import rule_word

    (rule,) = [r for r in RULES if r.id == rule_id]
    assert rule_word(text, rule.params, key, "ar") == word
    assert rule_word("تأكيد عنوان بريدك الإلكتروني", rule.params, key, "ar") is None
