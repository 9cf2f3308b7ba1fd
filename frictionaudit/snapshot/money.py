"""Prices and the cost lines of an order summary, read the way shoppers in each locale write them.

Amounts come as "£24.00", "€24.00", "24,00 €" (the space may be a no-break or narrow no-break
space), "1.234,56 €", "1 234,56 €", "EUR 24", "Rp 150.000", "¥199". The currency is what makes
a number a price; within the number, a last "," or "." followed by one or two digits is the
decimal mark and every other separator groups thousands ("Rp 150.000" is 150000).

A cost line is a label and one amount that belong together on the page: a table row, a dt/dd
pair, a list item or a flex row. The label says what it is (the language pack's subtotal,
total, fee, addon, shipping and tax words); product rows and promotional sentences ("Free
delivery on orders over £50") are not cost lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from bs4 import Tag

from frictionaudit.lexicon import fold, keyword
from frictionaudit.snapshot.computed import computed
from frictionaudit.snapshot.page import squash

if TYPE_CHECKING:
    from frictionaudit.snapshot.page import PageSnapshot

_CODES = r"\b(?:EUR|GBP|USD|CHF|IDR|CNY|RMB|JPY|CAD|AUD|SEK|DKK|NOK|PLN|SAR|AED|EGP|KWD|QAR)\b"
# Arabic pages may write Arabic-Indic digits (\d matches them) with the Arabic thousands
# separator ٬ (U+066C) and decimal separator ٫ (U+066B): "١٬٢٣٤٫٥٠ ر.س" is 1234.50 SAR.
_NUM = (r"\d{1,3}(?:[ \u00a0\u202f\u2009.,'\u066c]\d{3})+(?:[.,\u066b]\d{1,2})?"
        r"|\d+(?:[.,\u066b]\d{1,2})?")
_AMOUNT = re.compile(
    rf"(?P<sign>[+\-−]\s?)?"
    rf"(?:(?P<pre>US\$|R\$|[£€$¥￥₹]|Rp\.?|{_CODES})\s?(?P<n1>{_NUM})(?!\d)"
    rf"|(?<![\d.,\u066b\u066c])(?P<n2>{_NUM})\s?(?P<post>[€元円]|zł|kr\b|ر\.س|د\.إ|ج\.م|{_CODES})"
    rf"(?!\s?\d))",
    re.I,
)
# A summary may print bare numbers ("1,234.56") in a column headed by the currency.
_BARE = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f,.]\d{3})*[.,]\d{2}(?![\d.,])")
_GROUPING = re.compile(r"[ \u00a0\u202f\u2009'\u066c]")
_CURRENCY = {"£": "GBP", "€": "EUR", "$": "USD", "us$": "USD", "r$": "BRL", "¥": "CNY",
             "￥": "CNY", "元": "CNY", "rmb": "CNY", "円": "JPY", "₹": "INR", "rp": "IDR",
             "rp.": "IDR", "zł": "PLN", "kr": "SEK", "ر.س": "SAR", "د.إ": "AED", "ج.م": "EGP"}

# The first kind whose words a label holds wins: "Sub total" is no total, "Total incl. VAT"
# no tax line, and "Shipping insurance" an add-on rather than shipping.
KINDS = ("subtotal", "total", "fee", "addon", "shipping", "tax")
LABEL_WORDS = 6  # a longer label is a sentence, not a line of the summary
SHORT_LABEL_WORDS = 3  # not counting a bracketed aside
_BRACKETED = re.compile(r"\([^)]*\)")
ROW_CHARS = 160
_FORM_CONTROLS = ["input", "select", "textarea"]
_SKIP = {"script", "style", "noscript", "template", "option", "select", "textarea", "head"}


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str  # ISO code, "" when the page printed a bare number
    text: str  # as printed, for evidence

    def __str__(self) -> str:
        return self.text


@dataclass
class CostLine:
    kind: str  # one of KINDS
    label: str
    amount: Amount
    tag: Tag

    def __str__(self) -> str:
        return f"{self.label} {self.amount}"


def amounts(text: str) -> list[Amount]:
    """Every price in `text`, signed: "+£4.99" adds, "−£5.00" takes off."""
    out = []
    for m in _AMOUNT.finditer(text):
        symbol = (m.group("pre") or m.group("post")).lower()
        value = number(m.group("n1") or m.group("n2"))
        if (m.group("sign") or "").strip() in ("-", "−"):
            value = -value
        currency = _CURRENCY.get(symbol, symbol.upper())
        out.append(Amount(value, currency, squash(m.group(0))))
    return out


def number(text: str) -> Decimal:
    """'1.234,56' -> 1234.56, '1,234.56' -> 1234.56, '150.000' -> 150000, '24,00' -> 24."""
    s = _GROUPING.sub("", text).replace("\u066b", ".")  # ٫, the Arabic decimal separator
    if "," in s and "." in s:
        decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
    else:
        decimal_mark = next((c for c in ",." if s.count(c) == 1 and 1 <= len(s.split(c)[1]) <= 2),
                            "")
    for mark in ",.":
        if mark != decimal_mark:
            s = s.replace(mark, "")
    return Decimal(s.replace(decimal_mark, ".") if decimal_mark else s)


@computed  # three cost rules read each page's lines
def cost_lines(page: PageSnapshot) -> list[CostLine]:
    """The visible cost lines of a page in document order. The widest element holding a short
    label and one amount is the line: "Total £24.00 incl. VAT" is one line, not a total and a
    tax line, and a summary holding several amounts is never one."""
    body = page.soup.body or page.soup
    lines: list[CostLine] = []
    taken: set[int] = set()
    for tag in body.find_all(True):
        if id(tag.parent) in taken:
            taken.add(id(tag))
            continue
        if tag.name in _SKIP or not page.visible(tag) or tag.find(_FORM_CONTROLS):
            continue
        row = _row(tag, page.lang)
        if row is not None:
            taken.add(id(tag))
            if row.kind:
                lines.append(row)
    return lines


def _row(tag: Tag, lang: str) -> CostLine | None:
    """`tag` as a cost line (kind "" when the label names no cost), or None when it is no line:
    no amount or several, no label or a sentence, or a run of text that only mentions a price
    ("Free delivery on orders over £50")."""
    text = squash(tag.get_text(" "))
    if not text or len(text) > ROW_CHARS:
        return None
    text, priced = _outside_tax_note(text, amounts(text), lang)
    found = priced or [Amount(number(m.group(0)), "", m.group(0)) for m in _BARE.finditer(text)]
    if len(found) != 1:
        return None
    amount = found[0]
    label = squash(text.replace(amount.text, " ", 1)).strip(" :–—-")
    if not label and tag.name == "dd":
        term = tag.find_previous_sibling("dt")
        label = squash(term.get_text(" ")) if term else ""
    words = label.split()
    if not words or len(words) > LABEL_WORDS or not any(c.isalpha() for c in label):
        return None
    standalone = tag.name == "dd" or any(
        squash(child.get_text(" ")) in (amount.text, amount.text.lstrip("+-− "))
        for child in tag.find_all(True)
    )
    if not (priced or standalone):
        return None  # a bare number counts only as a cell of its own: "Weight 12.50 kg" is none
    kind, word = _kind(label, lang)
    if any(word in fold(link.get_text(" ")) for link in tag.find_all("a")):
        kind = ""  # a product called "Total Comfort" links to its page; a summary line does not
    # "Delivery (3-5 days)", "Standard delivery": a label leads with its word or is short.
    short = standalone and len(_BRACKETED.sub(" ", label).split()) <= SHORT_LABEL_WORDS
    if kind and not (fold(label).startswith(word) or short):
        return None
    return CostLine(kind, label, amount, tag)


def _outside_tax_note(text: str, found: list[Amount], lang: str) -> tuple[str, list[Amount]]:
    """`text` and `found` without a bracketed tax note that holds an amount beside the line's
    own: "Total (Inclusive of tax £0.00) £35.00" is the line "Total £35.00"."""
    if len(found) < 2:
        return text, found
    notes = [m.group(0) for m in _BRACKETED.finditer(text)
             if amounts(m.group(0)) and keyword(m.group(0), "tax", lang)]
    bare = squash(_BRACKETED.sub(lambda m: " " if m.group(0) in notes else m.group(0), text))
    outside = amounts(bare)
    return (bare, outside) if notes and outside else (text, found)


def _kind(label: str, lang: str) -> tuple[str, str]:
    for kind in KINDS:
        word = keyword(label, kind, lang)
        if word:
            return kind, word
    return "", ""
