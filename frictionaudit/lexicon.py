"""Per-language keyword lists, field words, vague buttons, jargon and readability settings.

They live as data in `rules/lang/<code>.toml`; this module loads them once and matches text
against them the same way everywhere: case-insensitive on whitespace-folded text, by whole
words, except in Chinese, which has no spaces between words and is matched by substring.
Arabic marks that writers may leave out (short vowels, tatweel) and invisible direction marks
are removed before matching.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from frictionaudit.errors import UsageError
from frictionaudit.resources import builtin_rules_dir
from frictionaudit.tomlfile import read_toml

FALLBACK = "en"
NO_WORD_BOUNDARIES = {"zh", "ja"}


class Readability(BaseModel):
    model_config = ConfigDict(extra="allow")
    formula: str
    target: float
    long_sentence_words: int


class LangPack(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: str
    name: str
    keywords: dict[str, list[str]]
    fields: dict[str, list[str]]
    vague_buttons: list[str]
    jargon: dict[str, str]
    readability: Readability
    # words in URLs, class names and date boxes, read from every pack at once (pattern_words)
    patterns: dict[str, list[str]]


def lang_dir() -> Path:
    return builtin_rules_dir() / "lang"


@cache
def supported_languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in lang_dir().glob("*.toml")))


@cache
def pack(lang: str) -> LangPack:
    """The pack for a language code ('fr', 'fr-CA' -> 'fr'); English when there is none."""
    code = (lang or FALLBACK).split("-")[0].lower()
    path = lang_dir() / f"{code}.toml"
    if not path.exists():
        path = lang_dir() / f"{FALLBACK}.toml"
    try:
        return LangPack.model_validate(read_toml(path, "language pack")[0])
    except ValidationError as exc:
        raise UsageError(f"{path}: {str(exc).splitlines()[0]}") from exc


# Arabic short vowels and other marks (tashkil) and the stretching tatweel, optional in
# writing ("حسابًا" and "حسابا" are one word: rules/lang/ar.toml), and the invisible
# direction marks that right-to-left pages put around Latin text and brackets.
_UNWRITTEN = re.compile("[\u0640\u064b-\u065f\u0670\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@cache
def every_pack(key: str) -> tuple[str, ...]:
    """Every pack's `[patterns]` words for `key`, longest first: a site writes its URLs, class
    names and phone abbreviations in English or in its own language, whatever the page's."""
    words = {fold(w) for code in supported_languages() for w in pack(code).patterns.get(key, [])}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def pattern_words(key: str) -> str:
    """`every_pack(key)` as one regular-expression alternation."""
    return "|".join(map(re.escape, every_pack(key)))


def fold(text: str) -> str:
    if not text.isascii():  # the marks removed are none of them ASCII
        text = _UNWRITTEN.sub("", text)
    return " ".join(text.split()).casefold()  # split() and `\s` agree on every code point


@lru_cache(maxsize=4096)
def _pattern(lang: str, words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alts = "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))
    if lang.split("-")[0] in NO_WORD_BOUNDARIES:
        return re.compile(f"({alts})")
    return re.compile(rf"(?<![\w])({alts})(?![\w])")


def find(text: str, words: list[str] | tuple[str, ...], lang: str) -> str | None:
    """The first keyword of `words` found in `text`, or None."""
    pattern = _pattern(lang, tuple(words))
    if pattern is None:
        return None
    m = pattern.search(fold(text))
    return m.group(1) if m else None


@lru_cache(maxsize=256)
def _every_place(lang: str, words: tuple[str, ...]) -> re.Pattern[str] | None:
    """`_pattern` tried at every position (inside a lookahead), so overlapping terms are
    all seen: at each position the longest term that starts there."""
    pattern = _pattern(lang, words)
    return re.compile(f"(?={pattern.pattern})") if pattern is not None else None


def terms_in(text: str, words: tuple[str, ...], lang: str) -> set[str]:
    """The folded terms of `words` in `text`, in one scan however many words there are (a
    shorter term is missed only where a longer one starting at the same place is found)."""
    pattern = _every_place(lang, words)
    return set(pattern.findall(fold(text))) if pattern is not None else set()


def keyword(text: str, key: str, lang: str) -> str | None:
    """Match text against keyword list `key` of the language (and English, which many sites
    mix in: "Checkout", "Newsletter")."""
    folded = None
    for code in dict.fromkeys((lang.split("-")[0] or FALLBACK, FALLBACK)):
        pattern = _keyword_pattern(code, key)
        if pattern is None:
            continue
        folded = fold(text) if folded is None else folded
        m = pattern.search(folded)
        if m:
            return m.group(1)
    return None


@lru_cache(maxsize=1024)
def _keyword_pattern(code: str, key: str) -> re.Pattern[str] | None:
    return _pattern(code, tuple(pack(code).keywords.get(key, [])))


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def field_purpose_from_text(text: str, lang: str) -> str | None:
    """The purpose whose longest field word appears in a field's name, id, label or
    placeholder. Attribute names are usually English whatever the page's language."""
    text = _CAMEL.sub(" ", text).replace("_", " ").replace("-", " ")
    best: tuple[int, str] | None = None
    for code in dict.fromkeys((lang.split("-")[0] or FALLBACK, FALLBACK)):
        for purpose, words in pack(code).fields.items():
            hit = find(text, words, code)
            if hit and (best is None or len(hit) > best[0]):
                best = (len(hit), purpose)
    return best[1] if best else None
