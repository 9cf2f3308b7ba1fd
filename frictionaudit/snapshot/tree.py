"""The parsed page's elements listed once, in document order, with each element's subtree as
a slice of that list: what `find_all(True)` and CSS selects return, without searching the whole
document again for every question (bs4's searches build a filter and test every node each time).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag


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
        names: dict[str, list[Tag]] = {}
        for tag in elements:
            names.setdefault(tag.name, []).append(tag)
        return cls(elements, start, end, names)

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


def ancestor(tag: Tag, *names: str) -> Tag | None:
    """The nearest enclosing element with one of these names: `tag.find_parent(names)` without
    building a search filter for every call."""
    parent = tag.parent
    while parent is not None:
        if parent.name in names:  # the document itself is "[document]"
            return parent
        parent = parent.parent
    return None
