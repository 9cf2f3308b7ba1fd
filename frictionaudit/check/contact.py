"""Human contact across a journey: at every step, can the customer see how to reach a person?

"How can customers trust you when it seems you hide something?" Contact details count only
when a customer can see them: a tel: link in a collapsed menu, a 9px grey footer link or a
phone number painted into an image is there for a crawler, not for a customer. One page alone
cannot tell that contact disappears at checkout or moves around between steps (WCAG 2.2 3.2.6
Consistent Help); the journey can.

Reachability (how many clicks from a step to a page with contact details) needs pages that are
not steps: the recorder follows the journey's contact and help links and keeps those pages
(`journey.linked`, `view.linked_pages`); checks never fetch anything themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import Comment, NavigableString, Tag

from frictionaudit.check.contactinfo import email_addresses, phone_numbers
from frictionaudit.check.pagefacts import Noticeable, link_text, problems, quote, step_name
from frictionaudit.check.registry import Hit, JourneyContext, JourneyView, journey_check
from frictionaudit.lexicon import keyword, pattern_words
from frictionaudit.model import Step
from frictionaudit.snapshot.page import PageSnapshot, control_text, squash
from frictionaudit.snapshot.tree import ancestor

KIND_NAMES = {
    "phone": "phone number", "email": "e-mail address", "contact_link": "contact link",
    "chat": "chat", "form": "contact form", "image": "contact details in an image",
    "self_help": "help link", "address": "postal address",
}
HUMAN = {"phone", "email", "contact_link", "chat", "form", "image"}
# WCAG 3.2.6 compares the relative order of these, where they repeat across pages.
ORDERED = ("phone", "email", "contact_link", "chat", "self_help")

_CHAT = re.compile(
    r"(?<![a-z])(?:live-?chat|web-?chat|chat(?:-?(?:bot|widget|launcher|button|box|window|bubble))?"
    r"|intercom|zendesk|zopim|drift|crisp-client|tawk|freshchat|olark|tidio|gorgias)(?![a-z])",
    re.I,
)
_CONTACT_PATH = re.compile(rf"/(?:{pattern_words('contact_path')})(?:[/?#.]|$)", re.I)
_DIGIT_OR_AT = re.compile(r"\d{3}|@")
_NO_TEXT = {"script", "style", "noscript", "template", "option", "select", "textarea", "title"}


class Reachable(Noticeable):
    max_clicks: int = 3  # a contact page this many clicks away still counts


@dataclass
class Mechanism:
    kind: str
    tag: Tag
    text: str
    problems: list[str]  # empty: a customer sees it
    displayed: bool  # on the page at all (if faint or far down)

    def describe(self) -> str:
        return f"{KIND_NAMES[self.kind]} {quote(self.text, 50)}"


def mechanisms(page: PageSnapshot, params: dict[str, Any]) -> list[Mechanism]:
    """Every way to reach the shop found on the page, in document order."""
    lang = page.lang
    found: dict[int, Mechanism] = {}

    def add(kind: str, tag: Tag, text: str, extra: tuple[str, ...] = ()) -> None:
        if id(tag) not in found:
            found[id(tag)] = Mechanism(kind, tag, squash(text),
                                       [*extra, *problems(page, tag, params)], page.visible(tag))

    for link in page.links:
        href, text = link["href"].strip(), link_text(link)
        scheme = href.split(":", 1)[0].lower()
        if scheme == "tel":
            add("phone", link, text or href[4:])
        elif scheme == "mailto":
            add("email", link, text or href[7:].split("?")[0])
        elif keyword(text, "contact", lang) or _CONTACT_PATH.search(urlsplit(href).path):
            add("chat" if _CHAT.search(text) else "contact_link", link, text or href)
        elif keyword(text, "help", lang):
            add("self_help", link, text)
    buttons = (t for t in page.tree.elements if t.name == "button" or t.get("role") == "button")
    for button in buttons:  # "button, [role=button]"
        if button.name == "summary" or _submits_form(button):
            continue  # a section's disclosure or a form's own button: no way to reach anyone
        text = control_text(button)
        if keyword(text, "contact", lang):
            add("chat" if _CHAT.search(text) else "contact_link", button, text)
    _written(page, add)
    _chats(page, add)
    _images(page, add)
    if keyword(page.main_heading(), "contact", lang):
        for form in page.tree.named("form"):
            if form.find("textarea") or len(form.find_all(["input", "select"])) >= 2:
                add("form", form, page.main_heading())
    for address in page.tree.named("address"):
        add("address", address, address.get_text(" "))
    order = {id(t): i for i, t in enumerate(page.tree.elements)}
    return sorted(found.values(), key=lambda m: order.get(id(m.tag), 0))


def _submits_form(button: Tag) -> bool:
    return (button.name == "button" and button.get("type", "submit").lower() == "submit"
            and button.find_parent("form") is not None)


def _written(page: PageSnapshot, add) -> None:
    """Phone numbers and e-mail addresses in plain text, outside the links already read. In
    the main content they count only next to contact or help words: there, a review or
    confirmation page echoes the customer's own address and phone number."""
    body = page.soup.body or page.soup
    contexts: dict[int, str] = {}  # many numbers share one block: read its text once
    strings = (c for tag in [body, *page.tree.inside(body)] for c in tag.contents
               if isinstance(c, NavigableString) and _DIGIT_OR_AT.search(c))
    for node in strings:  # each element's own strings in turn: the same as in document order
        parent = node.parent
        if isinstance(node, Comment) or parent.name in _NO_TEXT or ancestor(
            parent, "a", *_NO_TEXT
        ):
            continue
        around = parent.parent if isinstance(parent.parent, Tag) else parent
        context = contexts.get(id(around))
        if context is None:
            context = contexts[id(around)] = squash(around.get_text(" "))[:300]
        if page.region(parent) == "main" and not (keyword(context, "contact", page.lang)
                                                   or keyword(context, "help", page.lang)):
            continue
        for number in phone_numbers(str(node), page.lang, context):
            add("phone", parent, number)
        for address in email_addresses(str(node)):
            add("email", parent, address)


def _chats(page: PageSnapshot, add) -> None:
    """Chat widgets by their usual names; the launcher is the first visible part of one."""
    elements = page.tree.elements
    first, last = page.tree.span(page.soup.body or page.soup)
    taken = 0  # positions before this one lie inside a widget already found
    for at in range(first + 1, last):
        tag = elements[at]
        if at < taken:
            continue
        attrs = tag.attrs  # read directly: every element of the page passes here
        names = " ".join([attrs.get("id", ""), *attrs.get("class", ()),
                          attrs.get("aria-label", ""), attrs.get("title", "")])
        if not _CHAT.search(names):
            continue
        taken = page.tree.span(tag)[1]
        launcher = next((t for t in [tag, *tag.find_all(True)] if page.visible(t)), tag)
        add("chat", launcher, tag.get("aria-label") or tag.get("title") or "chat widget")


def _images(page: PageSnapshot, add) -> None:
    """Contact details only painted into an image: no customer can copy, tap or enlarge them."""
    for img in (i for i in page.tree.named("img") if i.has_attr("alt")):
        alt = squash(img["alt"])
        if img.find_parent("a", href=True) or not alt:
            continue
        if (phone_numbers(alt, page.lang) or email_addresses(alt)
                or keyword(alt, "contact", page.lang)):
            add("image", img, alt, ("shown only as an image",))


# --- the journey ------------------------------------------------------------------------------


@dataclass
class StepContact:
    step: Step
    page: PageSnapshot
    mechanisms: list[Mechanism]

    @property
    def human(self) -> list[Mechanism]:
        return [m for m in self.mechanisms if m.kind in HUMAN]

    @property
    def shown(self) -> list[Mechanism]:
        return [m for m in self.human if not m.problems]

    @property
    def lacking(self) -> bool:
        """Nothing a customer could find: no contact, or contact that is not displayed."""
        return not any(m.displayed for m in self.human)

    def name(self) -> str:
        return step_name(self.step, self.page)


def survey(view: JourneyView, params: dict[str, Any]) -> list[StepContact]:
    """Contact on each step of the shop's own site (a payment provider's page is not theirs)."""
    steps = list(view.steps())
    if not steps:
        return []
    site = _site(steps[0][0].url)
    return [StepContact(step, page, mechanisms(page, params)) for step, page in steps
            if _site(step.url) == site]


def _site(url: str) -> str:
    """The registrable part of a host, near enough: shop.example.co.uk -> example.co.uk."""
    labels = (urlsplit(url).hostname or "").split(".")
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


@journey_check("contact_missing", params=Reachable, says=("steps",))
def contact_missing(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    steps = survey(view, ctx.params)
    if not steps or any(s.human for s in steps) or _reachable(view, ctx.params):
        return
    others = [m for s in steps for m in s.mechanisms if not m.problems]
    if _unread_help(view, steps):
        return  # the site's own help page may well list contact details: unsure, so silent
    evidence = f"no phone, e-mail, contact link, chat or contact form on any of {len(steps)} " \
               f"steps: {', '.join(s.name() for s in steps)}"
    if any(m.kind == "address" for m in others):
        evidence += "; only a postal address"
    yield Hit(evidence, step=steps[0].step.index, data={"steps": len(steps)})


def _unread_help(view: JourneyView, steps: list[StepContact]) -> bool:
    """A help link of the site's own that the recorder did not read. Help on another site (a
    wiki's link to the software's manual) is documentation, not the site's way to reach a
    person; a page the recorder read either offered contact (`_reachable`) or did not."""
    site = _site(steps[0].step.url)
    read = {urldefrag(linked.url)[0] for linked in view.journey.linked}
    for s in steps:
        for m in s.mechanisms:
            if m.kind != "self_help" or m.problems:
                continue
            target = urldefrag(urljoin(s.step.url, m.tag.get("href", "").strip()))[0]
            if _site(target) == site and target not in read:
                return True
    return False


def _reachable(view: JourneyView, params: dict[str, Any]) -> bool:
    """A page behind one of the journey's contact or help links, within `max_clicks`, that
    offers a human contact mechanism (a "contact" page with only an FAQ does not count)."""
    limit = params["max_clicks"]
    return any(
        linked.clicks <= limit and any(m.kind in HUMAN and m.kind != "image" and m.displayed
                                       for m in mechanisms(page, params))
        for linked, page in zip(view.journey.linked, view.linked_pages, strict=False)
    )


@journey_check("contact_hidden", params=Noticeable, says=("also", "condition", "mechanism"))
def contact_hidden(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """Contact on the page but not where a customer would notice it. Steps where it is not
    displayed at all while other steps display it are contact-dropped's, not reported twice."""
    steps = survey(view, ctx.params)
    dropping = any(not s.lacking for s in steps)
    reported: dict[str, Hit] = {}  # one finding per element, on the first step it is on
    for s in steps:
        if s.shown or not s.human or (dropping and s.lacking):
            continue
        m = min(s.human, key=lambda m: len(m.problems))
        key = s.page.selector(m.tag)
        if key in reported:
            reported[key].data["also"].append(s.step.index)
            continue
        reported[key] = Hit(f"{m.describe()}: {', '.join(m.problems)}", tag=m.tag,
                            step=s.step.index,
                            data={"mechanism": KIND_NAMES[m.kind], "condition": ", ".join(
                                m.problems), "also": []})
    for hit in reported.values():
        also = hit.data["also"]
        if also:
            hit.evidence += f" (also on step{'s' if len(also) > 1 else ''} " \
                            f"{', '.join(map(str, also))})"
        yield hit


@journey_check("contact_dropped", params=Noticeable, says=("offered", "shown_at"))
def contact_dropped(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """Steps with no contact on display, in a journey where other steps display it (even
    faintly: contact-hidden says how faint)."""
    steps = survey(view, ctx.params)
    offering = sorted((s for s in steps if not s.lacking), key=lambda s: not s.shown)
    if not offering:
        return
    best = offering[0]
    shown = best.shown or [m for m in best.human if m.displayed]
    offered = ", ".join(dict.fromkeys(
        m.describe() + (f" ({', '.join(m.problems)})" if m.problems else "") for m in shown[:3]))
    for s in steps:
        if not s.lacking:
            continue
        hidden = next(iter(s.human), None)
        there = f"; {hidden.describe()} is {hidden.problems[0]}" if hidden else ""
        yield Hit(f"no contact shown on {s.name()}{there}; {best.name()} offered {offered}",
                  tag=hidden.tag if hidden else None, step=s.step.index,
                  data={"shown_at": best.step.index, "offered": offered})


@journey_check("contact_order", params=Noticeable, says=("before", "first_step", "now"))
def contact_order(view: JourneyView, ctx: JourneyContext) -> Iterator[Hit]:
    """Help mechanisms that repeat across steps keep their relative order (WCAG 3.2.6)."""
    reference: tuple[StepContact, list[str]] | None = None
    for s in survey(view, ctx.params):
        kinds = list(dict.fromkeys(m.kind for m in s.mechanisms
                                   if m.kind in ORDERED and not m.problems
                                   and not s.page.in_dialog(m.tag)))
        if reference is None:
            if len(kinds) >= 2:
                reference = (s, kinds)
            continue
        first, before = reference
        common = [k for k in before if k in kinds]
        now = [k for k in kinds if k in common]
        if len(common) >= 2 and now != common:
            moved = next(m for m in s.mechanisms if m.kind == now[0] and not m.problems)
            yield Hit(f"{first.name()}: {_names(common)}; {s.name()}: {_names(now)}",
                      tag=moved.tag, step=s.step.index,
                      data={"before": _names(common), "now": _names(now),
                            "first_step": first.step.index})


def _names(kinds: list[str]) -> str:
    return ", ".join(KIND_NAMES[k] for k in kinds)
