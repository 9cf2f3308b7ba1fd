"""The page's language: `<html lang>` when the site declares one, else detected offline.

Detection uses py3langid's bundled model restricted to the languages we have packs for, so a
short page cannot come out as a language nothing else in the tool understands.
"""

from __future__ import annotations

from functools import lru_cache

from frictionaudit.lexicon import FALLBACK, supported_languages
from frictionaudit.tablecache import cached

MIN_TEXT = 20  # characters: below this a guess is noise, and English is the honest default


@lru_cache(maxsize=1)
def _identifier():
    """The model restricted to our languages; cached on disk (decompressing the bundled
    model took half a second of every process's start)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    langs = supported_languages()
    return cached("langid", [MODEL_DIR / MODEL_FILE], lambda: _restricted(langs), *langs)


def _restricted(langs: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(langs))
    ident._full_model = ident.nb_ptc, ident.nb_pc, ident.nb_classes  # not the 97 languages
    return ident


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
