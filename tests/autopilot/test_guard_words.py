"""The safety guard against every supported language pack, in real Chromium: on a page that
shows an order total and asks for card details (the guard's strictest case), the pack's cart,
add-to-cart, checkout and continue words are never blocked, its place-order words always are."""

from __future__ import annotations

import html

import pytest

from frictionaudit.lexicon import pack, supported_languages
from frictionaudit.record.guard import guard_script
from frictionaudit.record.recorder import AGENT_JS

LANGS = ("en", "fr", "de", "it", "es", "nl", "id", "zh", "ar")
SAFE = ("cart", "add_to_cart", "checkout", "continue")
HTML = "text/html; charset=utf-8"
VERDICTS_JS = """() => Array.from(document.querySelectorAll("[data-word]"))
  .map((b) => [b.dataset.word, window.__frictionauditIrreversible(b)])"""


@pytest.fixture(scope="module")
def judge(chromium):
    """The guard's verdict on every [data-word] element of a page body: {word: reason or ""}."""
    context = chromium.new_context()
    context.add_init_script(guard_script(False))
    context.add_init_script(AGENT_JS)
    page = context.new_page()

    def run(body: str) -> dict[str, str]:
        page.route("**/*", lambda route: route.fulfill(body=f"<html><body>{body}</body></html>",
                                                       content_type=HTML))
        page.goto("http://shop.test/review")
        page.unroute("**/*")
        return dict(page.evaluate(VERDICTS_JS))

    yield run
    context.close()


@pytest.fixture(scope="module")
def verdicts(judge):
    """The guard's verdict on one submit button per word of a pack, on a page that shows an
    order total and asks for card details."""

    def run(words: list[str]) -> dict[str, str]:
        buttons = "".join(f'<button data-word="{html.escape(w)}">{html.escape(w.capitalize())}'
                          "</button>" for w in words)
        return judge('<h1>Review</h1><p>Order total: €42.00</p><form method="post">'
                     f'<input name="cardnumber" autocomplete="cc-number">{buttons}</form>')

    return run


def test_every_supported_language_is_covered():
    assert set(LANGS) == set(supported_languages())


@pytest.mark.parametrize("lang", LANGS)
def test_cart_and_checkout_words_pass_place_order_words_stop(verdicts, lang):
    keywords = pack(lang).keywords
    safe = sorted({w for key in SAFE for w in keywords[key]})
    final = keywords["place_order"]
    got = verdicts(safe + final)
    assert {w: got[w] for w in safe if got[w]} == {}, "blocked cart/checkout words"
    assert [w for w in final if not got[w].startswith("final action")] == []


def test_arabic_marks_do_not_hide_a_final_action(judge):
    """Short vowels and tatweel are optional in Arabic: "اشترِ الآنَ" is "اشتر الآن" (buy now)."""
    got = judge('<form method="post"><button data-word="buy">اشترِ الآنَ</button>'
                '<button data-word="pay">ادفـــع</button>'
                '<button data-word="add">أضِفْ إلى السلة</button></form>')
    assert got == {"buy": 'final action "اشتر الآن"', "pay": 'final action "ادفع"', "add": ""}


def test_an_unknown_submit_beside_an_arabic_total_is_stopped(judge):
    """"الإجمالي" (total) with Arabic-Indic digits and the riyal's sign, or in SAR."""
    form = '<form method="post"><button data-word="send">إرسال</button></form>'
    stopped = 'submit "إرسال" on a page showing the order total'
    for total in ("١٢٣٫٥٠ ر.س", "SAR 123.50", "١٬٢٣٤ د.إ"):
        assert judge(f"<p>الإجمالي: {total}</p>{form}") == {"send": stopped}, total
    assert judge(f"<p>الإجمالي: ثلاثة كتب</p>{form}") == {"send": ""}


def test_an_unknown_submit_beside_a_total_is_still_stopped(verdicts):
    got = verdicts(["submit", "zur kasse", "procéder au paiement"])
    assert got["submit"].startswith('submit "Submit" on a page with payment fields')
    assert (got["zur kasse"], got["procéder au paiement"]) == ("", "")


def test_a_link_with_place_order_words_acts_only_with_evidence(judge):
    """A link to a page is a GET: Oscar's Spanish "Checkout now" ("Realizar pedido ahora")
    beside the basket total leads to the checkout and is let through; a link whose address
    names the order's placing, a script link, or a link to no cart or checkout step from a
    page showing the total is stopped; without a total shown, a "buy now" link is navigation."""
    got = judge('<p>Total de la cesta: €12.50</p>'
                '<a data-word="es" href="/es/checkout/">Realizar pedido ahora</a>'
                '<a data-word="named" href="/checkout/place-order/">Place order</a>'
                '<a data-word="script" href="#">Place order</a>'
                '<a data-word="role" href="/order" role="button">Place order</a>'
                '<a data-word="elsewhere" href="/order?id=7">Place order</a>'
                '<a data-word="basket" href="/es/basket/">Ver cesta</a>')
    assert got == {"es": "", "basket": "", "named": 'final action "Place order"',
                   "script": 'final action "Place order"', "role": 'final action "Place order"',
                   "elsewhere": 'final action "Place order"'}
    assert judge('<a data-word="buy" href="/p/7/buy">Buy now</a>') == {"buy": ""}
