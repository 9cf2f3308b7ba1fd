"""Language rules: hard prose, long sentences, jargon, rare words and text in capitals.

They read the page's own content in the language it is written in. Header, navigation,
footer and dialogs are left out: that chrome repeats on every step, and banners have rules of
their own. Prose is a block of two sentences or more, or of `PROSE_WORDS` words: labels and
buttons are microcopy, which reading-ease formulas cannot score (textstat drops fragments of
two words or fewer).
"""

from __future__ import annotations

from collections.abc import Iterator

from frictionaudit.check.form import counted, form_fields, in_content
from frictionaudit.check.pagefacts import quote
from frictionaudit.check.readability import formula, sentences, tokens, words, zipf
from frictionaudit.check.registry import Hit, PageContext, page_check
from frictionaudit.lexicon import LangPack, find, fold, pack
from frictionaudit.snapshot.language import detect_text
from frictionaudit.snapshot.page import PageSnapshot, TextBlock

PROSE_WORDS = 20
DETECT_WORDS = 30  # enough prose to trust its words over a declared lang


def content(page: PageSnapshot) -> list[TextBlock]:
    return [b for b in page.text_blocks if in_content(page, b.tag)]


def prose(page: PageSnapshot, lang: str) -> list[TextBlock]:
    return [b for b in content(page) if b.kind not in ("heading", "control")
            and (len(sentences(b.text)) >= 2 or len(words(b.text, lang)) >= PROSE_WORDS)]


def reading_lang(page: PageSnapshot) -> str:
    """The language of the page's prose. A declared lang can be wrong (a template keeps
    lang="en" on translated pages), so enough prose is identified by its own words."""
    text = " ".join(b.text for b in prose(page, page.lang))
    if len(words(text, page.lang)) >= DETECT_WORDS:
        return detect_text(text)
    return page.lang


def _reading(page: PageSnapshot) -> tuple[str, LangPack]:
    lang = reading_lang(page)
    return lang, pack(lang)


def _unit(lang: str) -> str:
    return "characters" if lang.split("-")[0] == "zh" else "words"


@page_check("readability")
def readability(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """The page's prose as one text, scored with its language's formula; the evidence is
    the block that scores worst."""
    lang, lp = _reading(page)
    blocks = prose(page, lang)
    text = " ".join(_terminated(b.text) for b in blocks)
    size = len(words(text, lang))
    if size < ctx.params.get("min_words", 40):
        return
    f = formula(lp.readability.formula)
    target = lp.readability.target
    score = f.score(text)
    if (score >= target) if f.higher_is_easier else (score <= target):
        return
    worst = min(blocks, key=lambda b: f.score(_terminated(b.text)) * (1 if f.higher_is_easier
                                                                          else -1))
    yield Hit(quote(worst.text, 200), tag=worst.tag, data={
        "score": round(score), "formula": f.label, "target": target, "size": size,
        "unit": _unit(lang), "bound": "at least" if f.higher_is_easier else "at most",
    })


def _terminated(text: str) -> str:
    return text if text[-1:] in ".!?…。！？；" else f"{text}."


@page_check("long_sentence")
def long_sentence(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    lang, lp = _reading(page)
    limit = lp.readability.long_sentence_words
    for block in prose(page, lang):
        for sentence in sentences(block.text):
            size = len(words(sentence, lang))
            if size > limit:
                yield Hit(quote(sentence, 200), tag=block.tag,
                          data={"size": size, "limit": limit, "unit": _unit(lang)})


@page_check("jargon")
def jargon(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """Terms of the pack's jargon lexicon, Vale-substitution style: once per term and page,
    with the sentence it is in; a shorter term inside a longer one found is not repeated."""
    lang, lp = _reading(page)
    found: list[str] = []
    for term in sorted(lp.jargon, key=len, reverse=True):
        if any(term in longer for longer in found):
            continue
        for block in content(page):
            sentence = next((s for s in sentences(block.text) if find(s, [term], lang)), None)
            if sentence:
                found.append(term)
                plain = lp.jargon[term]
                yield Hit(quote(sentence, 200), tag=block.tag, data={
                    "term": quote(term),
                    "fix": f"write {quote(plain)} instead" if plain else "leave it out",
                })
                break


@page_check("rare_words")
def rare_words(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """Words most readers seldom meet (wordfreq Zipf below `params.zipf_below`) in the labels
    and help of a form. Conservative: proper nouns, acronyms, numbers, words of the language
    pack, the page title's words (brands), the rule's `allow` list and compounds of two common
    words (Lieferadresse) are never reported."""
    fields = counted(form_fields(page))
    if not fields:
        return
    lang, lp = _reading(page)
    known = _known_words(page, lp, ctx.params)
    reported: set[str] = set()
    for text in dict.fromkeys(t for f in fields for t in (f.label, f.hint) if t):
        for word in _rare(text, lang, ctx.params):
            if word.casefold() not in known and word.casefold() not in reported:
                reported.add(word.casefold())
                yield Hit(quote(text, 120), tag=next(f.tag for f in fields if text in
                                                     (f.label, f.hint)),
                          data={"word": quote(word), "zipf": round(zipf(word, lang), 1)})


def _known_words(page: PageSnapshot, lp: LangPack, params: dict) -> set[str]:
    lists = [*lp.keywords.values(), *lp.fields.values(), list(lp.jargon), lp.vague_buttons,
             params.get("allow", []), [page.title]]
    return {w.casefold() for entries in lists for entry in entries
            for w in words(entry, lp.code)}


def _rare(text: str, lang: str, params: dict) -> Iterator[str]:
    below = params.get("zipf_below", 2.5)
    code = lang.split("-")[0]
    if code == "zh":
        yield from (t for t in tokens(text, code)
                    if len(t) >= 2 and zipf(t, code) < below and not t.isascii())
        return
    shortest = params.get("min_letters", 6)
    for i, word in enumerate(words(text, code)):
        if (len(word) < shortest or word.isupper() or any(c.isdigit() for c in word)
                or (i > 0 and word[0].isupper() and code != "de")):
            continue
        if zipf(word, code) < below and not _compound(word.casefold(), code):
            yield word


def _compound(word: str, lang: str) -> bool:
    """Two common words run together, with or without a linking s or (e)n."""
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        if zipf(right, lang) >= 3 and any(
                zipf(stem, lang) >= 3 for stem in (left, left.removesuffix("s"), f"{left}n")):
            return True
    return False


@page_check("shouting")
def shouting(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """A block written in capitals (not a row of acronyms: half of its words have four
    letters or more). Chinese has no capitals."""
    least = ctx.params.get("min_words", 4)
    for block in content(page):
        text = block.text
        caps = [w for w in words(text, "en") if sum(c.isalpha() for c in w) >= 2 and w.isupper()]
        if (len(caps) >= least and not any(c.islower() for c in text)
                and 2 * sum(len(w) >= 4 for w in caps) >= len(caps)):
            yield Hit(quote(text, 200), tag=block.tag, data={"text": quote(text, 80)})


def fold_words(text: str) -> str:
    return fold(text)
