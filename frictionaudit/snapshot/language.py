"""The page's language: `<html lang>` when the site declares one, else detected offline.

Detection uses py3langid's bundled model restricted to the languages we have packs for, so a
short page cannot come out as a language nothing else in the tool understands.
"""

from __future__ import annotations

from functools import lru_cache

from frictionaudit.lexicon import FALLBACK, supported_languages

MIN_TEXT = 20  # characters: below this a guess is noise, and English is the honest default


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(supported_languages()))
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
