"""The safety guard against every supported language pack, in real Chromium: on a page that
shows an order total and asks for card details (the guard's strictest case), the pack's cart,
add-to-cart, checkout and continue words are never blocked, its place-order words always are."""

from __future__ import annotations

import html

import pytest

from frictionaudit.lexicon import pack, supported_languages
from frictionaudit.record.guard import guard_script
from frictionaudit.record.recorder import AGENT_JS

LANGS = ("en", "fr", "de", "it", "es", "nl", "id", "zh")
SAFE = ("cart", "add_to_cart", "checkout", "continue")
HTML = "text/html; charset=utf-8"
VERDICTS_JS = """() => Array.from(document.querySelectorAll("button"))
  .map((b) => [b.dataset.word, window.__frictionauditIrreversible(b)])"""


@pytest.fixture(scope="module")
def verdicts(chromium):
    """The guard's verdict on one submit button per word of a pack: {word: reason or ""}."""
    context = chromium.new_context()
    context.add_init_script(guard_script(False))
    context.add_init_script(AGENT_JS)
    page = context.new_page()

    def run(words: list[str]) -> dict[str, str]:
        buttons = "".join(f'<button data-word="{html.escape(w)}">{html.escape(w.capitalize())}'
                          "</button>" for w in words)
        body = (f'<html><body><h1>Review</h1><p>Order total: €42.00</p><form method="post">'
                f'<input name="cardnumber" autocomplete="cc-number">{buttons}</form></body></html>')
        page.route("**/*", lambda route: route.fulfill(body=body, content_type=HTML))
        page.goto("http://shop.test/review")
        page.unroute("**/*")
        return dict(page.evaluate(VERDICTS_JS))

    yield run
    context.close()


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


def test_an_unknown_submit_beside_a_total_is_still_stopped(verdicts):
    got = verdicts(["submit", "zur kasse", "procéder au paiement"])
    assert got["submit"].startswith('submit "Submit" on a page with payment fields')
    assert (got["zur kasse"], got["procéder au paiement"]) == ("", "")
