"""What a screen looked like when the customer first arrived on it.

A screen can be read again after the customer acted on it: re-shown with errors (the server
re-renders what was sent), re-loaded unchanged in kind, or re-read in place (a one-page
checkout whose delivery fee appears once the address is typed). The later reading shows the
boxes the customer ticked and the values they typed. Rules that judge what a site ticks or
fills in advance must not take those for the site's: the recorder writes, on each box of the
later reading that was not ticked on arrival, `data-fa-arrival="unticked"`, and on each field
that was empty on arrival and holds a value now, `data-fa-arrival="empty"`, so the saved
snapshot keeps the facts offline.
"""

from __future__ import annotations

import re

from frictionaudit.snapshot.fields import ARRIVAL_ATTR
from frictionaudit.snapshot.page import PageSnapshot

# A field's start tag as the browser serialises it (quoted values may hold ">").
FIELD_TAG = re.compile(r"""<(?:input|textarea|select)\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
TICKED = ("checkbox", "radio")


def mark_since_arrival(html: str, arrival: PageSnapshot) -> str:
    """`html`, a later reading of the screen `arrival` was, with what the customer ticked or
    filled since marked (see the module)."""
    unticked, empty = set(), set()
    for field in arrival.fields:
        if field.kind in TICKED and not field.checked:
            unticked |= _keys(dict(field.tag.attrs))
        elif field.kind not in TICKED and not field.value \
                and field.tag.get("data-fa-filled") != "1":
            empty |= _keys(dict(field.tag.attrs))
    if not unticked and not empty:
        return html

    def mark(match: re.Match) -> str:
        tag = match.group(0)
        attrs = dict(ATTRIBUTE.findall(tag))
        keys = _keys(attrs)
        if ARRIVAL_ATTR in attrs or not keys:
            return tag
        if attrs.get("type", "").lower() in TICKED:
            since = "unticked" if attrs.get("data-fa-checked") == "1" and keys & unticked else ""
        else:
            held = attrs.get("data-fa-value") or attrs.get("data-fa-filled") == "1"
            since = "empty" if held and keys & empty else ""
        return f'{tag[:-1].rstrip("/ ")} {ARRIVAL_ATTR}="{since}">' if since else tag

    return FIELD_TAG.sub(mark, html)


def _keys(attrs: dict) -> set[str]:
    """"#id", and "name=value" for a box ("name" for a field); a radio without a value of its
    own is known by its id only (its group's radios would all be "name=on")."""
    keys = {f"#{attrs['id']}"} if attrs.get("id") else set()
    kind = attrs.get("type", "").lower()
    if not attrs.get("name") or (kind == "radio" and "value" not in attrs):
        return keys
    return keys | {f"{attrs['name']}={attrs.get('value', 'on')}" if kind in TICKED
                   else attrs["name"]}
