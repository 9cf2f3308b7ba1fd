"""Language rules on rendered pages in eight languages, and on the sample marketing and legal
texts of tests/data/texts: legal prose is hard, long and full of jargon; shop copy is not."""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

import pytest

from frictionaudit.check import language
from frictionaudit.check.readability import formula
from frictionaudit.check.registry import PageContext
from frictionaudit.check.rules import load_rules
from frictionaudit.lexicon import pack
from frictionaudit.snapshot.page import PageSnapshot

LANGUAGE_RULES = {"readability", "long-sentence", "jargon", "rare-words", "shouting"}
RULES = [r for r in load_rules() if r.id in LANGUAGE_RULES]
TEXTS = Path(__file__).resolve().parents[1] / "data" / "texts"


def text(lang: str, kind: str) -> str:
    return (TEXTS / f"{lang}-{kind}.txt").read_text(encoding="utf-8")


def paragraphs(raw: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in raw.split("\n\n") if p.strip())


@pytest.fixture
def audit(findings_on):
    """Findings of the language rules on one rendered page, by rule id."""

    def run(body: str, lang: str | None = None) -> dict[str, list]:
        declared = f' lang="{lang}"' if lang else ""
        html = f'<!doctype html><html{declared}><meta charset="utf-8"><body>{body}</body>'
        return findings_on(html, RULES, "http://shop.test/page", kind="checkout")

    return run


def form(*labels: str) -> str:
    fields = "".join(f'<label for="f{i}">{label}</label><input id="f{i}" name="f{i}">'
                     for i, label in enumerate(labels))
    return f"<form>{fields}<button>Continue</button></form>"


def test_rules_are_declared():
    assert {r.id for r in RULES} == LANGUAGE_RULES


def test_english_legal_page_breaks_every_language_rule(audit):
    legal = paragraphs(text("en", "legal"))
    found = audit(f"<main><p>FREE DELIVERY ON ALL ORDERS THIS WEEK</p>{legal}"
                  f"{form('Telephonic contact number', 'Email')}</main>", "en")
    assert set(found) == LANGUAGE_RULES
    [hard] = found["readability"]
    assert hard.message.startswith("This page's prose (")
    assert "on the Flesch reading ease; aim for at least 60." in hard.message
    assert int(hard.message.split("scores ")[1].split(" ")[0]) < 30
    assert all(f.message.endswith("keep sentences to 25 words or fewer.")
               for f in found["long-sentence"])
    jargon = {f.message for f in found["jargon"]}
    assert "“notwithstanding” is jargon: write “despite” instead." in jargon
    assert "“in the event that” is jargon: write “if” instead." in jargon
    assert [f.evidence for f in found["rare-words"]] == [
        "“Telephonic” in “Telephonic contact number”"]
    assert [f.evidence for f in found["shouting"]] == ["“FREE DELIVERY ON ALL ORDERS THIS WEEK”"]


def test_english_shop_copy_passes(audit):
    found = audit(f"<main><h1>Free delivery on all orders</h1>{paragraphs(text('en', 'marketing'))}"
                  "<table><tr><td>EAN UPC GTIN ISBN</td></tr></table>"
                  f"{form('Delivery address', 'Postcode', 'Pay with Klarna')}</main>", "en")
    assert dict(found) == {}


def test_microcopy_is_never_scored_as_prose(audit):
    labels = ["Title", "First name", "Last name", "Email address", "Password", "Phone number",
              "Address line 1", "Address line 2", "Town or city", "Postcode", "Country",
              "Card number", "Expiry date", "Security code", "Name on card"]
    found = audit(f"<main><h1>Checkout</h1>{form(*labels)}</main>", "en")
    assert "readability" not in found and "long-sentence" not in found


def test_chrome_dialogs_and_cookie_banners_are_not_the_page(audit):
    legal = paragraphs(text("en", "legal"))
    found = audit(f"<main><p>Mugs and linen, made to last.</p></main><footer>{legal}</footer>"
                  f'<div role="dialog" aria-modal="true">{legal}</div>'
                  '<section class="cookie-banner" aria-label="Cookies"><p>We and our partners '
                  "use cookies and similar technologies pursuant to our cookie policy to store "
                  "and access information on your device, measure content performance and "
                  "personalise advertising across websites and apps you use.</p>"
                  "<button>Accept all</button></section>", "en")
    assert dict(found) == {}


@pytest.mark.parametrize(("lang", "formula_name", "jargon_term", "rare", "common", "banner"), [
    ("fr", "Flesch reading ease (Kandel & Moles)", "données à caractère personnel",
     "Adresse de réexpédition", "Adresse de livraison",
     "LIVRAISON GRATUITE SUR TOUTES LES COMMANDES"),
    ("de", "Flesch-Amstad reading ease", "personenbezogene daten",
     "Zustellanschrift", "Lieferadresse", "KOSTENLOSER VERSAND FÜR ALLE BESTELLUNGEN"),
    ("it", "Gulpease index", "titolare del trattamento", "Indirizzo di domiciliazione",
     "Indirizzo di consegna", "SPEDIZIONE GRATUITA SU TUTTI GLI ORDINI"),
    # Chinese has no capitals, and its form words are split by jieba into common ones.
    ("zh", "characters per sentence (rare words weighted)", "不可抗力", None, "收货地址",
     "全场包邮，限时优惠"),
])
def test_legal_and_shop_pages_in_other_languages(audit, lang, formula_name, jargon_term, rare,
                                                 common, banner):
    legal = audit(f"<main><p>{banner}</p>{paragraphs(text(lang, 'legal'))}"
                  f"{form(*filter(None, (rare, 'Email')))}</main>", lang)
    shop = audit(f"<main><p>{banner.capitalize()}</p>{paragraphs(text(lang, 'marketing'))}"
                 f"{form(common, 'Email')}</main>", lang)
    assert formula_name in legal["readability"][0].message
    unit = "characters" if lang == "zh" else "words"
    assert legal["long-sentence"]
    assert all(f" {unit}; keep sentences to " in f.message for f in legal["long-sentence"])
    assert any(f.message.startswith(f"“{jargon_term}” is jargon") for f in legal["jargon"])
    assert ("rare-words" in legal) is bool(rare)
    assert ("shouting" in legal) is banner.isupper()
    assert dict(shop) == {}


def test_chinese_readability_is_a_maximum(audit):
    found = audit(f"<main>{paragraphs(text('zh', 'legal'))}</main>", "zh")
    [hard] = found["readability"]
    assert "aim for at most 35." in hard.message
    assert int(hard.message.split("scores ")[1].split(" ")[0]) > 40


def test_a_wrong_or_missing_lang_reads_the_text_itself(audit):
    wrong = audit(f"<main>{paragraphs(text('fr', 'legal'))}</main>", "en")
    assert "Kandel & Moles" in wrong["readability"][0].message
    assert any("“responsable du traitement”" in f.message for f in wrong["jargon"])
    missing = audit(f"<main>{paragraphs(text('id', 'legal'))}</main>")
    assert "Flesch reading ease (Indonesian)" in missing["readability"][0].message
    assert any("“pengendali data pribadi”" in f.message for f in missing["jargon"])


def test_spanish_and_dutch_long_sentences_and_jargon(audit):
    for lang, term in (("es", "responsable del tratamiento"), ("nl", "gerechtvaardigd belang")):
        found = audit(f"<main>{paragraphs(text(lang, 'legal'))}</main>", lang)
        assert found["long-sentence"] and found["readability"]
        assert any(f.message.startswith(f"“{term}”") for f in found["jargon"])


# --- the sample texts, offline (saved pages without layout facts) -------------------------

SAMPLE_LANGS = ("en", "fr", "de", "it", "es", "nl", "id", "zh")


@pytest.mark.parametrize("lang", SAMPLE_LANGS)
@pytest.mark.parametrize("kind", ["marketing", "legal"])
def test_sample_texts(lang, kind):
    """No lang attribute: the language comes from the words; every language check runs."""
    page = PageSnapshot.from_html(f"<html><body><main>{paragraphs(text(lang, kind))}</main>"
                                  "</body></html>")
    reading = language.reading(page)
    assert page.lang == reading.lang == lang
    spec = pack(lang).readability
    f = formula(spec.formula)
    score = f.score(" ".join(b.text for b in reading.prose))
    assert math.isfinite(score)
    easy = score >= spec.target if f.higher_is_easier else score <= spec.target
    assert easy is (kind == "marketing")
    rules = {r.id: r for r in RULES}
    hits = {}
    for rule_id in LANGUAGE_RULES:
        rule = rules[rule_id]
        ctx = PageContext(rule.params, page.lang, pack(page.lang), None, None)
        hits[rule_id] = list(getattr(language, rule.check)(page, ctx))
    assert bool(hits["readability"]) is (kind == "legal")
    assert bool(hits["jargon"]) is (kind == "legal")
    assert bool(hits["long-sentence"]) is (kind == "legal")
    assert not hits["shouting"] and not hits["rare-words"]  # no form, no capitals


def test_elided_words_with_a_typographic_apostrophe_are_common(audit):
    # MediaWiki's French signup (realsites): "Nom d’utilisateur" is everyday French
    found = audit(f"<main>{form('Nom d’utilisateur', 'Adresse de courriel')}</main>", "fr")
    assert "rare-words" not in found
