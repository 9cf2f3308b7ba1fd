"""Language rules: hard prose, long sentences, jargon, rare words and text in capitals.

They read the page's own content in the language it is written in. Header, navigation,
footer, dialogs and the cookie banner are left out: they repeat on every step, and banners
have rules of their own. Prose is a block of two sentences or more, or of `PROSE_WORDS`
words: labels and buttons are microcopy, which reading-ease formulas cannot score (textstat
drops fragments of two words or fewer).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from frictionaudit.check.form import counted
from frictionaudit.check.pagefacts import quote
from frictionaudit.check.readability import formula, sentences, tokens, words, zipf
from frictionaudit.check.registry import Hit, PageContext, Params, page_check
from frictionaudit.lexicon import LangPack, fold, pack, terms_in
from frictionaudit.snapshot.banner import cookie_banner
from frictionaudit.snapshot.computed import computed
from frictionaudit.snapshot.language import detect_text
from frictionaudit.snapshot.page import PageSnapshot, TextBlock

PROSE_WORDS = 20
DETECT_WORDS = 30  # enough prose to trust its words over a declared lang


@dataclass
class Reading:
    """A page's own text blocks and the language they are written in."""

    lang: str
    pack: LangPack
    blocks: list[TextBlock]

    @cached_property
    def prose(self) -> list[TextBlock]:
        return _prose(self.blocks, self.lang)


@computed
def reading(page: PageSnapshot) -> Reading:
    """The page's content, less its cookie banner, in the language of its prose: a declared
    lang can be wrong (a template keeps lang="en" on translated pages), so enough prose is
    identified by its own words."""
    banner = cookie_banner(page)
    blocks = [b for b in page.text_blocks if page.in_content(b.tag)
              and not (banner and any(p is banner.root for p in b.tag.parents))]
    prose = _prose(blocks, page.lang)
    text = " ".join(b.text for b in prose)
    lang = detect_text(text) if len(words(text, page.lang)) >= DETECT_WORDS else page.lang
    found = Reading(lang, pack(lang), blocks)
    if lang == page.lang:
        found.prose = prose  # the same blocks in the same language: not sorted out again
    return found


def _prose(blocks: list[TextBlock], lang: str) -> list[TextBlock]:
    """Blocks of two sentences of three words or more ("Have an account? Sign in" is one),
    or of `PROSE_WORDS` words."""
    return [b for b in blocks if b.kind not in ("heading", "control") and (
        sum(len(words(s, lang)) >= 3 for s in sentences(b.text)) >= 2
        or len(words(b.text, lang)) >= PROSE_WORDS)]


def _unit(lang: str) -> str:
    return "characters" if lang.split("-")[0] == "zh" else "words"


class Readable(Params):
    min_words: int = 40  # below this much prose no formula is meaningful
    tolerance: float = 0.15  # a share of the target: closer is within a short sample's noise


@page_check("readability", params=Readable,
            says=("bound", "formula", "score", "size", "target", "unit"))
def readability(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """The page's prose as one text, scored with its language's formula; the evidence is
    the block that scores worst. A score within `params.tolerance` (a share of the target)
    of the target is within the noise of a short sample and not reported."""
    r = reading(page)
    lang, lp, blocks = r.lang, r.pack, r.prose
    text = " ".join(_terminated(b.text) for b in blocks)
    size = len(words(text, lang))
    if size < ctx.params["min_words"]:
        return
    f = formula(lp.readability.formula)
    if f is None:  # no formula fits the language (rules/lang/ar.toml): not measured
        return
    target = lp.readability.target
    sign = 1 if f.higher_is_easier else -1  # scores compared as "higher is easier"
    score = f.score(text)
    if sign * score >= sign * target - abs(target) * ctx.params["tolerance"]:
        return
    worst = min(blocks, key=lambda b: sign * f.score(_terminated(b.text)))
    yield Hit(quote(worst.text, 200), tag=worst.tag, data={
        "score": round(score), "formula": f.label, "target": f"{target:g}", "size": size,
        "unit": _unit(lang), "bound": "at least" if f.higher_is_easier else "at most",
    })


def _terminated(text: str) -> str:
    return text if text[-1:] in ".!?…؟。！？；" else f"{text}."


@page_check("long_sentence", says=("limit", "size", "unit"))
def long_sentence(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    r = reading(page)
    limit = r.pack.readability.long_sentence_words
    for block in r.prose:
        for sentence in sentences(block.text):
            size = len(words(sentence, r.lang))
            if size > limit:
                yield Hit(quote(sentence, 200), tag=block.tag,
                          data={"size": size, "limit": limit, "unit": _unit(r.lang)})


@page_check("jargon", says=("fix", "term"))
def jargon(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """Terms of the pack's jargon lexicon, Vale-substitution style: once per term and page,
    with the sentence it is in; a shorter term inside a longer one found is not repeated."""
    r = reading(page)
    lang, lp = r.lang, r.pack
    terms = tuple(lp.jargon)
    first: dict[str, tuple[TextBlock, str]] = {}  # folded term -> where it is first used
    for block in r.blocks:
        for sentence in sentences(block.text):
            for term in terms_in(sentence, terms, lang):
                first.setdefault(term, (block, sentence))
    found: list[str] = []
    for term in sorted(lp.jargon, key=len, reverse=True):
        if any(term in longer for longer in found):
            continue
        where = first.get(fold(term))
        if where:
            found.append(term)
            plain = lp.jargon[term]
            yield Hit(f"{quote(term)} in {quote(where[1], 200)}", tag=where[0].tag, data={
                "term": quote(term),
                "fix": f"write {quote(plain)} instead" if plain else "leave it out",
            })


class Rarity(Params):
    allow: list[str] = []  # brands written in lower case, and other words never rare
    min_letters: int = 6
    zipf_below: float = 2.5  # wordfreq's Zipf scale: 3 is once per million words


@page_check("rare_words", params=Rarity, says=("word", "zipf"))
def rare_words(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """Words most readers seldom meet (wordfreq Zipf below `params.zipf_below`) in the labels
    and help of a form. Conservative: proper nouns, acronyms, numbers, words of the language
    pack, the rule's `allow` list (brands written in lower case) and compounds of two common
    words (Lieferadresse) are never reported."""
    fields = counted(page.content_fields)
    if not fields:
        return
    r = reading(page)
    lang, known = r.lang, _known_words(r.pack, ctx.params)
    for field in fields:
        for text in (field.label or field.placeholder, field.hint):
            for word in _rare(text, lang, ctx.params):
                if word.casefold() not in known:
                    known.add(word.casefold())  # once per page
                    yield Hit(f"{quote(word)} in {quote(text, 120)}", tag=field.tag,
                              data={"word": quote(word), "zipf": round(zipf(word, lang), 1)})


def _known_words(lp: LangPack, params: dict) -> set[str]:
    lists = [*lp.keywords.values(), *lp.fields.values(), list(lp.jargon), lp.vague_buttons,
             params["allow"]]
    entries = [e for entries in lists for e in entries]
    return {w.casefold() for e in entries for w in [e, *words(e, lp.code)]}


def _rare(text: str, lang: str, params: dict) -> Iterator[str]:
    below = params["zipf_below"]
    code = lang.split("-")[0]
    if code == "zh":
        yield from (t for t in tokens(text, code)
                    if len(t) >= 2 and zipf(t, code) < below and not t.isascii())
        return
    shortest = params["min_letters"]
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


class Shouting(Params):
    min_words: int = 4


@page_check("shouting", params=Shouting, says=("text",))
def shouting(page: PageSnapshot, ctx: PageContext) -> Iterator[Hit]:
    """A block with no lower case and at least `params.min_words` capitalised ordinary words
    (common in the language once lower-cased: "DELIVERY", not "GTIN"). Chinese has no
    capitals."""
    r = reading(page)
    least = ctx.params["min_words"]
    for block in r.blocks:
        text = block.text
        if any(c.islower() for c in text):
            continue
        shouted = [w for w in words(text, r.lang) if len(w) >= 3 and w.isupper()
                   and zipf(w.lower(), r.lang) >= 3]
        if len(shouted) >= least:
            yield Hit(quote(text, 200), tag=block.tag, data={"text": quote(text, 80)})
