"""The language packs (rules/lang), the test personas (drive/personas) and the sample texts
(tests/data/texts) load, agree with each other and keep their promises.

These are data tests: no browser and no frictionaudit code, only tomllib, so a broken pack is
reported here, by file and key, before any check trips over it.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import py3langid
import pytest

ROOT = Path(__file__).resolve().parents[1]
LANG_DIR = ROOT / "rules" / "lang"
PERSONA_DIR = ROOT / "frictionaudit" / "drive" / "personas"
TEXT_DIR = Path(__file__).resolve().parent / "data" / "texts"

LANGS = ("en", "fr", "de", "it", "es", "nl", "id", "zh", "ar")
NO_SPACES = {"zh"}  # matched by substring, not by whole words

# fmt: off
TOP_KEYS = {"code", "name", "keywords", "fields", "vague_buttons", "jargon", "readability",
            "patterns"}
PATTERN_KEYS = {"phone_sign", "contact_path", "privacy_path", "listing_path", "product_path",
                "date_day", "date_month", "date_year", "required_class", "switcher"}
KEYWORD_KEYS = {
    "signup", "login", "account", "checkout", "add_to_cart", "cart", "guest", "contact", "help",
    "place_order", "newsletter", "marketing", "terms", "privacy", "cookie", "accept", "reject",
    "settings", "optional", "required", "fee", "total", "subtotal", "shipping", "tax", "addon",
    "opt_out", "reason", "verify_email", "captcha", "close", "continue", "product", "free",
    "destructive", "personal_data", "coupon",
}
FIELD_KEYS = {
    "email", "email_confirm", "password", "password_confirm", "given_name", "family_name",
    "name", "username", "phone", "birth_date", "gender", "title", "company", "address_line1",
    "address_line2", "city", "region", "postcode", "country", "card_number", "card_expiry",
    "card_cvc", "card_holder",
}
# fmt: on
READABILITY_KEYS = {"formula", "target", "long_sentence_words"}
FORMULAS = {
    "en": "flesch_reading_ease",
    "de": "flesch_amstad",
    "es": "fernandez_huerta",
    "fr": "flesch_fr",
    "it": "gulpease",
    "nl": "flesch_douma",
    "id": "flesch_id",
    "zh": "zh_chars_per_sentence",
    "ar": "none",  # not measured: no formula fits Arabic (rules/lang/ar.toml)
}
# Lists a journey clicks through on its way to the end: none of their entries may contain a
# final, irreversible wording, or the safety guard would mistake the ordinary button for it.
NAVIGATION = ("continue", "add_to_cart", "checkout", "cart", "guest", "signup", "login",
              "product")

# fmt: off
PERSONA_KEYS = {
    "locale", "given_name", "family_name", "name", "username", "email", "password", "phone",
    "title", "gender", "birth_date", "company", "address", "card",
}
# fmt: on
ADDRESS_KEYS = {"line1", "line2", "city", "region", "postcode", "country"}
CARD_KEYS = {"number", "expiry", "exp_month", "exp_year", "cvc", "holder"}
BIRTH_KEYS = {"day", "month", "year"}

# Sample sizes: words for languages written with spaces, Han characters for Chinese.
MARKETING_SIZE = {"words": (80, 150), "chars": (120, 300)}
LEGAL_SIZE = {"words": (120, 200), "chars": (200, 400)}


def _load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


PACKS = {lang: _load(LANG_DIR / f"{lang}.toml") for lang in LANGS}
PERSONAS = {lang: _load(PERSONA_DIR / f"{lang}.toml") for lang in LANGS}


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _contains(text: str, entry: str, lang: str) -> bool:
    """The matching rule of frictionaudit.lexicon: whole words, substrings in Chinese."""
    text, entry = _fold(text), _fold(entry)
    if lang in NO_SPACES:
        return entry in text
    return re.search(rf"(?<!\w){re.escape(entry)}(?!\w)", text) is not None


def _lists(pack: dict) -> list[tuple[str, list]]:
    named = [(f"keywords.{k}", v) for k, v in pack["keywords"].items()]
    named += [(f"fields.{k}", v) for k, v in pack["fields"].items()]
    named.append(("vague_buttons", pack["vague_buttons"]))
    return named


def _words(text: str, lang: str) -> int:
    if lang in NO_SPACES:
        return len(re.findall(r"[\u4e00-\u9fff]", text))
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。！？])\s*", text.strip()) if s.strip()]


def _luhn(number: str) -> bool:
    digits = [int(d) for d in number]
    for i in range(len(digits) - 2, -1, -2):
        digits[i] = digits[i] * 2 - 9 if digits[i] > 4 else digits[i] * 2
    return sum(digits) % 10 == 0


def test_one_pack_and_one_persona_per_language():
    # More languages may come; these eight are promised, and every pack has its persona.
    packs = {p.stem for p in LANG_DIR.glob("*.toml")}
    assert set(LANGS) <= packs
    assert packs <= {p.stem for p in PERSONA_DIR.glob("*.toml")}


@pytest.mark.parametrize("lang", LANGS)
def test_pack_has_exactly_the_shared_keys(lang):
    pack = PACKS[lang]
    assert set(pack) == TOP_KEYS
    assert pack["code"] == lang
    assert pack["name"].strip()
    assert set(pack["keywords"]) == KEYWORD_KEYS
    assert set(pack["fields"]) == FIELD_KEYS
    assert set(pack["readability"]) == READABILITY_KEYS
    assert set(pack["patterns"]) == PATTERN_KEYS
    assert all(pack["patterns"].values()), "every pattern list has words"


def test_all_packs_share_the_same_keys():
    first = PACKS["en"]
    for lang, pack in PACKS.items():
        for section in ("keywords", "fields", "readability"):
            assert set(pack[section]) == set(first[section]), (lang, section)


@pytest.mark.parametrize("lang", LANGS)
def test_lists_are_non_empty_lowercase_stripped_and_unique(lang):
    for where, entries in _lists(PACKS[lang]):
        assert isinstance(entries, list) and entries, f"{lang} {where} is empty"
        seen = set()
        for entry in entries:
            assert isinstance(entry, str) and entry, (lang, where, entry)
            assert entry == entry.strip(), f"{lang} {where}: {entry!r} has outer spaces"
            assert entry == " ".join(entry.split()), f"{lang} {where}: {entry!r} spacing"
            assert entry == entry.lower(), f"{lang} {where}: {entry!r} is not lowercase"
            assert "’" not in entry, f"{lang} {where}: {entry!r} write apostrophes as '"
            assert entry not in seen, f"{lang} {where}: {entry!r} is listed twice"
            seen.add(entry)


@pytest.mark.parametrize("lang", LANGS)
def test_field_words_survive_the_name_splitting(lang):
    # Field names are split on "_" and "-" before matching, so such entries could never match.
    for purpose, entries in PACKS[lang]["fields"].items():
        for entry in entries:
            assert "_" not in entry and "-" not in entry, (lang, purpose, entry)


@pytest.mark.parametrize("lang", sorted(NO_SPACES))
def test_substring_entries_are_not_single_characters(lang):
    # One Chinese character matched as a substring would fire almost everywhere.
    for where, entries in _lists(PACKS[lang]):
        if where == "vague_buttons":  # compared with the whole label, not searched inside it
            continue
        for entry in entries:
            assert len(entry) >= 2, (lang, where, entry)


@pytest.mark.parametrize("lang", LANGS)
def test_final_actions_are_not_ordinary_buttons(lang):
    kw = PACKS[lang]["keywords"]
    final = set(kw["place_order"])
    for key in ("continue", "add_to_cart", "checkout"):
        shared = final & set(kw[key])
        assert not shared, f"{lang}: {sorted(shared)} both place_order and {key}"
    for key in NAVIGATION:
        for entry in kw[key]:
            hits = [f for f in final if _contains(entry, f, lang)]
            assert not hits, f"{lang}: {key} entry {entry!r} contains final wording {hits}"


def test_final_actions_do_not_hide_in_other_languages_navigation():
    # The safety guard applies every language's place_order words to every page.
    final = {(lang, f) for lang in LANGS for f in PACKS[lang]["keywords"]["place_order"]}
    for lang in LANGS:
        for key in NAVIGATION:
            for entry in PACKS[lang]["keywords"][key]:
                for flang, f in final:
                    if flang != lang and (flang in NO_SPACES) == (lang in NO_SPACES):
                        assert not _contains(entry, f, lang), (lang, key, entry, flang, f)


@pytest.mark.parametrize("lang", LANGS)
def test_consent_buttons_classify_reject_first_without_swallowing_accept(lang):
    kw = PACKS[lang]["keywords"]
    for entry in kw["accept"]:
        for key in ("reject", "settings"):
            hits = [r for r in kw[key] if _contains(entry, r, lang)]
            assert not hits, f"{lang}: accept {entry!r} would be read as {key} {hits}"
    # "No" alone would turn every "No, thanks" and "Not now" into a reject button.
    short = {"no", "non", "nein", "nee", "tidak", "否", "不"}
    assert not short & set(kw["reject"]), lang


@pytest.mark.parametrize("lang", LANGS)
def test_vague_buttons_leave_continue_alone(lang):
    pack = PACKS[lang]
    assert not set(pack["vague_buttons"]) & set(pack["keywords"]["continue"]), lang
    assert "continue" not in pack["vague_buttons"]


@pytest.mark.parametrize("lang", LANGS)
def test_jargon_lexicon(lang):
    jargon = PACKS[lang]["jargon"]
    assert len(jargon) >= 40, f"{lang}: {len(jargon)} jargon entries"
    for term, plain in jargon.items():
        assert term == term.strip() and term == " ".join(term.split()), (lang, term)
        assert term == term.lower(), (lang, term)
        assert isinstance(plain, str) and plain == plain.strip(), (lang, term, plain)
        assert _fold(plain) != _fold(term), f"{lang}: {term!r} replaced by itself"


@pytest.mark.parametrize("lang", LANGS)
def test_readability_settings(lang):
    r = PACKS[lang]["readability"]
    assert r["formula"] == FORMULAS[lang]
    if r["formula"] != "none":  # a target only where a formula scores
        assert isinstance(r["target"], int | float) and 0 < r["target"] <= 100
    assert isinstance(r["long_sentence_words"], int) and r["long_sentence_words"] > 0


@pytest.mark.parametrize("lang", LANGS)
def test_persona_is_complete_and_reserved(lang):
    p = PERSONAS[lang]
    assert set(p) == PERSONA_KEYS
    assert set(p["address"]) == ADDRESS_KEYS
    assert set(p["card"]) == CARD_KEYS
    assert set(p["birth_date"]) == BIRTH_KEYS
    for key, value in [*p.items(), *p["address"].items(), *p["card"].items()]:
        if not isinstance(value, dict):
            assert isinstance(value, str) and value.strip(), (lang, key)
    assert p["locale"].split("-")[0] == lang
    assert p["email"].endswith("@example.com"), p["email"]
    assert p["given_name"] in p["name"] and p["family_name"] in p["name"]
    assert re.fullmatch(r"[A-Z]{2}", p["address"]["country"])


@pytest.mark.parametrize("lang", LANGS)
def test_persona_password_meets_common_policies(lang):
    pw = PERSONAS[lang]["password"]
    assert len(pw) >= 12
    assert re.search(r"[a-z]", pw) and re.search(r"[A-Z]", pw)
    assert re.search(r"\d", pw) and re.search(r"[^A-Za-z0-9]", pw)


@pytest.mark.parametrize("lang", LANGS)
def test_persona_card_is_a_valid_test_card(lang):
    card = PERSONAS[lang]["card"]
    assert re.fullmatch(r"\d{13,19}", card["number"])
    assert _luhn(card["number"]), card["number"]
    assert re.fullmatch(r"\d{3,4}", card["cvc"])
    month, year = int(card["exp_month"]), int(card["exp_year"])
    assert 1 <= month <= 12 and date(year, month, 1) > date.today()
    assert card["expiry"] == f"{card['exp_month']}/{card['exp_year'][-2:]}"


@pytest.mark.parametrize("lang", LANGS)
def test_persona_birth_date_is_a_real_adult_date(lang):
    b = PERSONAS[lang]["birth_date"]
    born = date(int(b["year"]), int(b["month"]), int(b["day"]))
    assert len(b["day"]) == 2 and len(b["month"]) == 2 and len(b["year"]) == 4
    assert (date.today() - born).days > 18 * 366


def _text(lang: str, kind: str) -> str:
    return (TEXT_DIR / f"{lang}-{kind}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["marketing", "legal"])
def test_sample_text_size(lang, kind):
    unit = "chars" if lang in NO_SPACES else "words"
    low, high = (MARKETING_SIZE if kind == "marketing" else LEGAL_SIZE)[unit]
    n = _words(_text(lang, kind), lang)
    assert low <= n <= high, f"{lang}-{kind}: {n} {unit}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["marketing", "legal"])
def test_sample_text_is_detected_as_its_language(lang, kind):
    detected, _score = py3langid.classify(_text(lang, kind))
    assert detected == lang


@pytest.mark.parametrize("lang", LANGS)
def test_legal_sample_uses_the_lexicon(lang):
    text = _text(lang, "legal")
    found = [term for term in PACKS[lang]["jargon"] if _contains(text, term, lang)]
    assert len(found) >= 3, f"{lang}-legal.txt has only {found}"
    assert not [t for t in PACKS[lang]["jargon"] if _contains(_text(lang, "marketing"), t, lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_legal_sample_has_longer_sentences_than_marketing(lang):
    def mean(kind: str) -> float:
        sentences = _sentences(_text(lang, kind))
        return sum(_words(s, lang) for s in sentences) / len(sentences)

    limit = PACKS[lang]["readability"]["long_sentence_words"]
    assert mean("marketing") < limit < mean("legal")
