"""snapshot/tree.parse builds the same beautifulsoup4 tree as `BeautifulSoup(html, "lxml")`:
every node of the same class with the same attributes, text and links (parent, siblings,
document order), and the element index `ElementIndex.of` would list."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from frictionaudit.snapshot.tree import ElementIndex, parse

PAGES = sorted((Path(__file__).parent.parent / "data" / "real-pages").glob("*.html"))
LINKS = ("parent", "next_element", "previous_element", "next_sibling", "previous_sibling")
TRICKY = [
    "", " ", "plain text", "\ufeff<p>after a byte order mark", "<!-- only a comment -->",
    "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><meta http-equiv=Content-Type "
    "content='text/html; charset=latin-1'></head><body><pre>  \n </pre><textarea> </textarea>"
    "<p class=' a  b '>x<!-- c -->y<?php echo 1 ?>  \n <b>z</b></p><script>1<2</script>"
    "<style> </style><template><p>t</p></template><ruby>a<rt>b</rt><rp>(</rp></ruby>"
    "<a rel='x y' accesskey=k>l</a><table><tr><td headers='h1 h2'>c</td></table>"
    "<form accept-charset='utf-8 latin1'></form></body></html>\n<!-- after -->",
    "<p>unclosed<div><span>x</p>y</div><table><tr><td>a<table><td>b</table></table>",
    "<svg><use xlink:href='#a'/></svg><math><mi>x</mi></math><br/><br></br><p></p>",
    "<?xml version='1.0'?><html xml:lang=en><body>x&nbsp;&amp;&#10;</body></html>",
]


def _nodes(soup: BeautifulSoup) -> list:
    out, stack = [], [soup]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, Tag):
            stack.extend(reversed(node.contents))
    return out


def _same_tree(html: str) -> int:
    expected, (soup, index) = BeautifulSoup(html, "lxml"), parse(html)
    ours, theirs = _nodes(soup), _nodes(expected)
    assert len(ours) == len(theirs)
    at_ours = {id(n): i for i, n in enumerate(ours)}
    at_theirs = {id(n): i for i, n in enumerate(theirs)}

    def position(node, where):
        return None if node is None else where[id(node)]

    for mine, real in zip(ours[1:], theirs[1:], strict=True):
        assert type(mine) is type(real) and str(mine) == str(real) if not isinstance(
            real, Tag) else type(mine) is type(real)
        assert vars(mine).keys() == vars(real).keys()
        for key, value in vars(real).items():
            got = vars(mine)[key]
            if key in LINKS:
                assert position(got, at_ours) == position(value, at_theirs), key
            elif key == "contents":
                assert [at_ours[id(c)] for c in got] == [at_theirs[id(c)] for c in value]
            else:
                assert got == value and type(got) is type(value), key
                if key == "attrs":
                    assert [type(v) for v in got.values()] == [type(v) for v in value.values()]
    assert soup.decode() == expected.decode()
    reference = ElementIndex.of(expected)
    assert [at_ours[id(t)] for t in index.elements] == [at_theirs[id(t)]
                                                        for t in reference.elements]
    assert [index.span(t) for t in index.elements] == [reference.span(t)
                                                       for t in reference.elements]
    return len(ours)


@pytest.mark.parametrize("html", TRICKY)
def test_tricky_markup_parses_as_bs4_parses_it(html):
    _same_tree(html)


def test_real_pages_parse_as_bs4_parses_them():
    sample = PAGES[::8]  # a spread of sites, sizes and languages
    assert sum(_same_tree(p.read_text(encoding="utf-8", errors="replace"))
               for p in sample) > 10_000
