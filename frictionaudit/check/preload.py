"""Imported once by the scanning process before its workers fork from it (or by the fork server
they start from): the language identifier, the English syllable table, word frequencies and
hyphenation patterns load here, once, and every worker forked afterwards starts with them
(copy-on-write) instead of loading its own; so do the English keyword patterns."""

from __future__ import annotations

from frictionaudit.check import readability
from frictionaudit.check.registry import all_checks
from frictionaudit.lexicon import FALLBACK, keyword, pack
from frictionaudit.snapshot.language import detect_text

all_checks()
detect_text("warm the language identifier with a sentence of ordinary words")
readability.syllables("warm the syllable tables", "en")
readability.zipf("warm", "en")
for key in pack(FALLBACK).keywords:  # English is every page's second language
    keyword("", key, FALLBACK)
