"""Words belong in the language packs: no string in check/, drive/ or snapshot/ code (docstrings
and comments aside) holds a word that a non-English pack lists, so a language is added by
adding a pack, never by editing Python."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from frictionaudit.lexicon import pack, supported_languages

ROOT = Path(__file__).resolve().parent.parent / "frictionaudit"


def pack_words() -> set[str]:
    words = set()
    for code in supported_languages():
        if code == "en":
            continue
        lp = pack(code)
        lists = [*lp.keywords.values(), *lp.fields.values(), *lp.patterns.values()]
        words |= {w.casefold() for items in lists for w in items
                  if (len(w) >= 2 and not w.isascii()) or len(w) >= 6}
    en = pack("en")
    english = {w.casefold() for lists in (en.keywords, en.fields, en.patterns)
               for items in lists.values() for w in items}
    names = {k.casefold() for lists in (en.keywords, en.fields) for k in lists}
    loan = {"hotline", "whatsapp", "mobile", "nickname", "postal", "region", "gender"}
    return words - english - names - loan


def code_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docs]


def test_no_pack_word_is_written_in_code():
    words = pack_words()
    assert len(words) > 200
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    found = []
    for folder in ("check", "drive", "snapshot"):
        for path in sorted((ROOT / folder).glob("*.py")):
            found += [f"{path.name}: {m.group(0)!r}" for text in code_strings(path)
                      for m in pattern.finditer(text.casefold())]
    assert not found, found
