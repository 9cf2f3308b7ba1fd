"""The page's language: `<html lang>` when the site declares one, else detected offline.

Detection uses py3langid's bundled model restricted to the languages we have packs for, so a
short page cannot come out as a language nothing else in the tool understands.
"""

from __future__ import annotations

import mmap
from functools import lru_cache
from pathlib import Path

from frictionaudit.lexicon import FALLBACK, supported_languages
from frictionaudit.tablecache import cached, cached_file

MIN_TEXT = 20  # characters: below this a guess is noise, and English is the honest default


@lru_cache(maxsize=1)
def _identifier():
    """The model restricted to our languages; cached on disk (decompressing the bundled
    model took half a second of every process's start). Its tokenizer's transition table (39
    MB, the same for every choice of languages) is a file mapped into memory, not read: a
    page reads a small part of it, and forked workers share it."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    langs = supported_languages()
    sources = [MODEL_DIR / MODEL_FILE]
    built: list = []  # the table, when the model was read here anyway

    def light():
        ident = _restricted(langs)
        built.append(ident.tk_nextmove)
        ident.tk_nextmove = None
        return ident, built[0].typecode

    def table():
        return built[0] if built else _restricted(langs).tk_nextmove

    ident, typecode = cached("langid", sources, light, *langs, "without its table")
    path = cached_file("langid-dfa", sources, lambda p: p.write_bytes(table().tobytes()), ".bin")
    ident.tk_nextmove = _mapped(path, typecode) if path else table()
    return ident


def _restricted(langs: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(langs))
    ident._full_model = ident.nb_ptc, ident.nb_pc, ident.nb_classes  # not the 97 languages
    return ident


def _mapped(path: Path, typecode: str) -> memoryview:
    """The table as the tokenizer indexes it (one item per index, as the array it was)."""
    with path.open("rb") as f:
        return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)).cast(typecode)


def detect_language(declared: str, text: str) -> str:
    code = (declared or "").strip().split("-")[0].split("_")[0].lower()
    if code and code in supported_languages():
        return code
    if len(text.strip()) < MIN_TEXT:
        return code or FALLBACK
    return detect_text(text)


def detect_text(text: str) -> str:
    lang, _prob = _identifier().classify(text)
    return lang
