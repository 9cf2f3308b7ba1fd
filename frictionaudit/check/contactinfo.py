"""Phone numbers and e-mail addresses written in page text, in the formats of our languages.

A page is full of digit runs that are not phone numbers: prices, order numbers, dates,
postcodes, card numbers in examples. A run counts as a phone number only when its shape says
so: an international prefix (+44, +33, +62, 0049), a national trunk 0 with the usual grouping
("0800 123 4567", "01 23 45 67 89", "030 1234567", "021-1234-5678"), a Chinese service or
mobile number ("400-123-4567", "138 1234 5678"); other nine- to eleven-digit runs (Spanish
"912 345 678", Italian "800 123 456") only next to a phone word. Dates and postcodes are too
short, card numbers too long, and anything touching a currency is a price.
"""

from __future__ import annotations

import re

from frictionaudit.lexicon import FALLBACK, every_pack, find, pack

# Digits separated by at most two of space, dot, hyphen, slash or brackets: " / " between two
# numbers is three characters and splits them.
_SEP = r"[ \u00a0\u202f\u2009.\-/()]"
_RUN = re.compile(rf"(?<![0-9A-Za-z_+#@/.,-])(\+|00)?\(?\d(?:{_SEP}{{0,2}}\d)+\)?(?![0-9A-Za-z])")
_SEPARATED = re.compile(rf"\d{_SEP}+\d")
_CURRENCY_NEAR = re.compile(r"[£€$¥￥₹]|\b(?:eur|gbp|usd|chf|idr|cny|rmb|rp)\b", re.I)
_CN_SERVICE = re.compile(r"[48]00\d{7}")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
# Phone symbols seen on sites everywhere; the packs' phone abbreviations join them.
_PHONE_SYMBOLS = ("☎", "📞")

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.([a-z]{2,24})(?![\w-])",
    re.I,
)
_NOT_TLDS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "css", "js"}


def phone_numbers(text: str, lang: str, context: str = "") -> list[str]:
    """The phone numbers written in `text`, as written; a phone word may stand in `context`
    (the surrounding row: "<dt>Teléfono</dt><dd>912 345 678</dd>")."""
    out = []
    for m in _RUN.finditer(text):
        raw = m.group(0)
        if raw.count("(") != raw.count(")"):
            raw = raw.strip("()")
        before, after = text[max(0, m.start() - 4) : m.start()], text[m.end() : m.end() + 4]
        if _CURRENCY_NEAR.search(before) or _CURRENCY_NEAR.search(after):
            continue
        if _is_phone(raw, lambda: _phone_word(context or text, lang)):
            out.append(raw)
    return out


def _is_phone(raw: str, has_phone_word) -> bool:
    digits = re.sub(r"\D", "", raw)
    n = len(digits)
    grouped = _SEPARATED.search(raw) is not None
    if raw.startswith("+"):
        return 8 <= n <= 15
    if raw.startswith("00") and grouped:
        return 10 <= n <= 15
    if digits.startswith("0") and 9 <= n <= 12:
        return grouped or has_phone_word()
    if _CN_SERVICE.fullmatch(digits):
        return grouped or has_phone_word()
    if _CN_MOBILE.fullmatch(digits):
        return grouped or has_phone_word()
    return 9 <= n <= 11 and has_phone_word()


def _phone_word(text: str, lang: str) -> bool:
    if find(text, (*every_pack("phone_sign"), *_PHONE_SYMBOLS), FALLBACK):
        return True
    for code in dict.fromkeys((lang.split("-")[0] or FALLBACK, FALLBACK)):
        if find(text, pack(code).fields.get("phone", []), code):
            return True
    return False


def email_addresses(text: str) -> list[str]:
    return [m.group(0) for m in _EMAIL.finditer(text) if m.group(1).lower() not in _NOT_TLDS]
