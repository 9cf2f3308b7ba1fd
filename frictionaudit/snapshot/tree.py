"""The parsed page's elements listed once, in document order, with each element's subtree as
a slice of that list: what `find_all(True)` and CSS selects return, without searching the whole
document again for every question (bs4's searches build a filter and test every node each time).

`parse` builds beautifulsoup4's own objects straight from lxml's parser events, the tree
`BeautifulSoup(html, "lxml")` builds (tests/test_soup_parse.py compares every node and link),
in about a third of its time: bs4's builder spends most of its time on generic bookkeeping
(namespaces, parse filters, per-tag builder queries) that an HTML page from lxml never needs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from bs4.element import nonwhitespace_re
from lxml import etree


@dataclass
class ElementIndex:
    elements: list[Tag]  # every element, in document order
    _start: dict[int, int] = field(default_factory=dict)  # id(tag) -> its position
    _end: dict[int, int] = field(default_factory=dict)  # id(tag) -> just past its subtree
    _names: dict[str, list[Tag]] = field(default_factory=dict)

    @classmethod
    def of(cls, soup: BeautifulSoup) -> ElementIndex:
        """One walk down the tree (iterative: real pages nest deeper than Python recurses)."""
        elements: list[Tag] = []
        start: dict[int, int] = {}
        end: dict[int, int] = {}
        stack: list = [_children(soup)[::-1]]
        open_: list[Tag] = []
        while stack:
            pending = stack[-1]
            if not pending:
                stack.pop()
                if open_:
                    end[id(open_.pop())] = len(elements)
                continue
            tag = pending.pop()
            start[id(tag)] = len(elements)
            elements.append(tag)
            open_.append(tag)
            stack.append(_children(tag)[::-1])
        return cls(elements, start, end, _by_name(elements))

    def inside(self, tag: Tag | BeautifulSoup) -> list[Tag]:
        """The elements within `tag`, in document order (`tag.find_all(True)`)."""
        if isinstance(tag, BeautifulSoup):
            return self.elements
        key = id(tag)
        if key not in self._start:  # a tag made after parsing
            return tag.find_all(True)
        return self.elements[self._start[key] + 1:self._end[key]]

    def named(self, *names: str) -> list[Tag]:
        """The elements with one of these names, in document order (`find_all(names)`)."""
        if len(names) == 1:
            return self._names.get(names[0], [])
        wanted = set(names)
        return [t for t in self.elements if t.name in wanted]

    def span(self, tag: Tag | BeautifulSoup) -> tuple[int, int]:
        """(the tag's position, the position just past its subtree); the document's own
        (-1, the number of elements)."""
        if isinstance(tag, BeautifulSoup):
            return -1, len(self.elements)
        return self._start[id(tag)], self._end[id(tag)]


def _children(tag) -> list[Tag]:
    return [c for c in tag.contents if isinstance(c, Tag)]


def _by_name(elements: list[Tag]) -> dict[str, list[Tag]]:
    names: dict[str, list[Tag]] = {}
    for tag in elements:
        names.setdefault(tag.name, []).append(tag)
    return names


def ancestor(tag: Tag, *names: str) -> Tag | None:
    """The nearest enclosing element with one of these names: `tag.find_parent(names)` without
    building a search filter for every call."""
    parent = tag.parent
    while parent is not None:
        if parent.name in names:  # the document itself is "[document]"
            return parent
        parent = parent.parent
    return None


def parse(html: str) -> tuple[BeautifulSoup, ElementIndex]:
    """`BeautifulSoup(html, "lxml")` and its element index, built in one pass; markup lxml
    rejects goes to bs4 itself (which then tries other encodings)."""
    soup = BeautifulSoup("", "lxml")
    target = _SoupTarget(soup)
    parser = etree.HTMLParser(target=target, recover=True)
    try:
        parser.feed(html[1:] if html[:1] == "\ufeff" else html)  # bs4 drops a leading BOM
        parser.close()
    except (UnicodeDecodeError, LookupError, etree.ParserError, TypeError, _Unusual):
        soup = BeautifulSoup(html, "lxml")
        return soup, ElementIndex.of(soup)
    return soup, target.index()


class _Unusual(Exception):
    """Markup this builder leaves to bs4."""


_SPACES = "\x20\x0a\x09\x0c\x0d"  # BeautifulSoup.ASCII_SPACES


class _SoupTarget:
    """lxml parser events made into the objects BeautifulSoup's lxml builder makes, linked
    the same way (parent, siblings, document order), with the same string classes (Script,
    Stylesheet, Comment…), multi-valued attributes as lists, and whitespace-only strings
    squeezed to one space or newline outside <pre> and <textarea>."""

    def __init__(self, soup: BeautifulSoup):
        builder = soup.builder
        self.soup = soup
        self.builder = builder
        self.stack: list[Tag] = [soup]
        self.last = None  # the node made most recently: the next one's previous_element
        self.chunks: list[str] = []
        self.preserve = 0  # open <pre>/<textarea> elements
        self.containers: list[Tag] = []  # open elements whose strings have their own class
        self.elements: list[Tag] = []
        self.start_at: dict[int, int] = {}
        self.end_at: dict[int, int] = {}
        self.cdata = builder.cdata_list_attributes
        self.string_classes = builder.string_containers
        self.attr_dict = builder.attribute_dict_class
        self.attr_list = builder.attribute_value_list_class
        self.fixed = {
            "parser_class": type(soup), "namespace": None,
            "_namespaces": builder.active_namespace_prefixes[-1], "prefix": None,
            "sourceline": None, "sourcepos": None,
            "attribute_value_list_class": builder.attribute_value_list_class,
            "known_xml": builder.is_xml, "hidden": False,
            "cdata_list_attributes": self.cdata,
            "preserve_whitespace_tags": builder.preserve_whitespace_tags,
            "next_element": None, "next_sibling": None,
        }
        self.empty = builder.empty_element_tags
        self.whitespace = builder.preserve_whitespace_tags
        self.kinds: dict[str, tuple] = {}
        self.main_types = Tag.MAIN_CONTENT_STRING_TYPES

    def start(self, name: str, attrib) -> None:
        if self.chunks:
            self._flush(None)
        kind = self.kinds.get(name)
        if kind is None:
            kind = self.kinds[name] = self._kind(name)
        listed, empty, container, keeps_space = kind
        attrs = self.attr_dict(attrib)
        if attrs:
            for key in listed.intersection(attrs):
                attrs[key] = self.attr_list(nonwhitespace_re.findall(attrs[key]))
        parent = self.stack[-1]
        siblings = parent.contents
        before = siblings[-1] if siblings else None
        last = self.last
        tag = Tag.__new__(Tag)
        tag.__dict__ = {
            **self.fixed, "name": name, "attrs": attrs, "contents": [], "parent": parent,
            "previous_element": last, "previous_sibling": before,
            "can_be_empty_element": empty,
            "interesting_string_types": self.main_types if container is None else {container},
        }
        if last is not None:
            last.next_element = tag
        if before is not None:
            before.next_sibling = tag
        siblings.append(tag)
        self.last = tag
        if name == "meta":
            self.builder.set_up_substitutions(tag)
        self.stack.append(tag)
        if keeps_space:
            self.preserve += 1
        if container is not None:
            self.containers.append(tag)
        self.start_at[id(tag)] = len(self.elements)
        self.elements.append(tag)

    def _kind(self, name: str) -> tuple[frozenset[str], bool, type | None, bool]:
        """What bs4's builder decides by an element's name: its attributes that hold lists,
        whether it may be written empty, its strings' class, whether it keeps whitespace."""
        if name[:1] == "{":  # a namespaced name: bs4 keeps its namespace (never in HTML)
            raise _Unusual(name)
        listed = frozenset(self.cdata.get("*", ())) | frozenset(self.cdata.get(name, ()))
        return (listed, self.empty is None or name in self.empty,
                self.string_classes.get(name), name in self.whitespace)

    def end(self, name: str) -> None:
        if self.chunks:
            self._flush(None)
        stack = self.stack
        if stack[-1].name == name:
            self._pop()
            return
        # pop up to and including the most recent open element of this name (lxml's events
        # are balanced, so that is the top one)
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].name == name:
                while len(stack) > i:
                    self._pop()
                break

    def _pop(self) -> None:
        tag = self.stack.pop()
        if tag.name in self.whitespace:
            self.preserve -= 1
        if self.containers and tag is self.containers[-1]:
            self.containers.pop()
        self.end_at[id(tag)] = len(self.elements)

    def data(self, text: str) -> None:
        self.chunks.append(text)

    def comment(self, text: str) -> None:
        self._special(text, Comment)

    def doctype(self, name: str, pubid: str, system: str) -> None:
        self._special(Doctype._string_for_name_and_ids(name, pubid, system), Doctype)

    def pi(self, target: str, data: str) -> None:
        self._special(target + " " + data, ProcessingInstruction)

    def _special(self, text: str, cls: type[NavigableString]) -> None:
        if self.chunks:
            self._flush(None)
        self.chunks.append(text)
        self._flush(cls)

    def _flush(self, cls: type[NavigableString] | None) -> None:
        text = "".join(self.chunks)
        self.chunks = []
        if not self.preserve and not text.strip(_SPACES):
            text = "\n" if "\n" in text else " "
        if cls is None:
            cls = NavigableString
            if self.containers:
                cls = self.string_classes.get(self.containers[-1].name, cls)
        node = str.__new__(cls, text)
        parent = self.stack[-1]
        siblings = parent.contents
        before = siblings[-1] if siblings else None
        last = self.last
        node.__dict__ = {"hidden": False, "parent": parent, "previous_element": last,
                         "next_element": None, "next_sibling": None,
                         "previous_sibling": before}
        if last is not None:
            last.next_element = node
        if before is not None:
            before.next_sibling = node
        siblings.append(node)
        self.last = node

    def close(self) -> None:
        if self.chunks:
            self._flush(None)
        while len(self.stack) > 1:
            self._pop()
        soup = self.soup
        soup._most_recent_element = self.last
        soup.open_tag_counter = Counter(dict.fromkeys((t.name for t in self.elements), 0))

    def index(self) -> ElementIndex:
        return ElementIndex(self.elements, self.start_at, self.end_at, _by_name(self.elements))
