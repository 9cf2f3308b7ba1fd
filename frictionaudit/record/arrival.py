"""What a screen looked like when the customer first arrived on it.

A form re-shown with errors comes back with the boxes the customer ticked still ticked (the
server re-renders what was sent). Rules that judge what a site ticks in advance must not take
those for the site's: the recorder writes, on each box of the re-shown screen that was not
ticked on arrival, `data-fa-arrival="unticked"`, so the saved snapshot keeps the fact offline.
"""

from __future__ import annotations

import re

from frictionaudit.snapshot.fields import ARRIVAL_ATTR
from frictionaudit.snapshot.page import PageSnapshot

# An <input> start tag as the browser serialises it (quoted values may hold ">").
INPUT_TAG = re.compile(r"""<input\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')


def unticked_on_arrival(arrival: PageSnapshot) -> set[str]:
    """Keys ("#id", "name=value") of the boxes a screen showed unticked when it arrived."""
    keys = set()
    for field in arrival.fields:
        if field.kind == "checkbox" and not field.checked:
            keys |= _keys(dict(field.tag.attrs))
    return keys


def mark_ticked_since(html: str, unticked: set[str]) -> str:
    """`html` with each ticked box that was unticked on arrival marked as such."""
    if not unticked:
        return html

    def mark(match: re.Match) -> str:
        tag = match.group(0)
        attrs = dict(ATTRIBUTE.findall(tag))
        if (attrs.get("type", "").lower() != "checkbox" or attrs.get("data-fa-checked") != "1"
                or not _keys(attrs) & unticked or ARRIVAL_ATTR in attrs):
            return tag
        return f'{tag[:-1].rstrip("/ ")} {ARRIVAL_ATTR}="unticked">'

    return INPUT_TAG.sub(mark, html)


def _keys(attrs: dict) -> set[str]:
    keys = {f"#{attrs['id']}"} if attrs.get("id") else set()
    if attrs.get("name"):
        keys.add(f"{attrs['name']}={attrs.get('value', 'on')}")
    return keys
