"""What sits over a screen before the customer can start: pop-ups and cookie banners.

A newsletter or offer pop-up is closed. A cookie banner is noted as found (with what its first
layer offers), then refused the way a privacy-minded customer refuses: "reject" where offered,
else through its settings layer; a banner that offers no refusal anywhere is accepted as the
last resort, as a customer with no choice must (the decision says so; the audit still reports
the banner from the screen as it arrived). Each control is pressed once per journey, so a
banner that will not go away does not trap the autopilot.
"""

from __future__ import annotations

from bs4 import Tag

from frictionaudit.drive.autopilot_screen import DIALOGS, Control, Screen, intent, words
from frictionaudit.lexicon import keyword
from frictionaudit.snapshot.banner import cookie_banner
from frictionaudit.snapshot.page import squash


class Overlays:
    def __init__(self) -> None:
        self.done: set[str] = set()  # what was handled: "cookie-seen", control keys, dialogs

    def clear(self, screen: Screen, act) -> bool:
        """Handle one overlay, if any. `act(control, action, why)` presses a control.
        Returns True when it pressed something (the screen must be read again). A pop-up
        goes first: a modal's backdrop covers the cookie banner too."""
        return self._popup(screen, act) or self._cookies(screen, act)

    def _cookies(self, screen: Screen, act) -> bool:
        found = cookie_banner(screen.snap)  # the consent rules' reading of the same banner
        if found is None:
            return False
        by_tag = {id(c.tag): c for c in screen.controls}
        banner = [(by_tag[id(tag)], said)
                  for said, tags in (("reject", found.rejects), ("settings", found.settings),
                                     ("accept", [found.accept]))
                  for tag in tags if id(tag) in by_tag]
        if not banner:
            return False
        offers = {said for _, said in banner}
        if "cookie-seen" not in self.done:
            self.done.add("cookie-seen")
            shown = ", ".join(f'"{c.text}"' for c, _ in banner)
            first = "offers a" if "reject" in offers else "has no"
            act(None, "cookie banner",
                f"cookie banner found ({shown}); its first layer {first} reject button")
        for wanted, why in (("reject", "refuses optional cookies, as a customer may"),
                            ("settings", "no reject button: looking for one in the settings"),
                            ("accept", "no way to refuse anywhere: accepted as the last resort, "
                                       "as a customer must to go on")):
            control = next((c for c, said in banner if said == wanted
                            and c.key not in self.done), None)
            if control is not None:
                self.done.add(control.key)
                act(control, "cookie banner", why)
                return True
        return False

    def _popup(self, screen: Screen, act) -> bool:
        for dialog in screen.snap.soup.select(DIALOGS):
            if not screen.snap.visible(dialog):
                continue
            key = screen.snap.selector(dialog)
            if key in self.done or not _offer(dialog, screen.lang) or _cookies(dialog, screen):
                continue
            self.done.add(key)
            close = next((c for c in screen.controls if _closes(c, screen.lang)
                          and any(p is dialog for p in c.tag.parents)), None)
            title = squash(dialog.get_text(" "))[:80]
            if close is None:
                act(None, "pop-up", f'pop-up "{title}" has no close button: left open')
                return False
            act(close, "close pop-up", f'pop-up "{title}" covers the page: closed, as a '
                                       "customer would")
            return True
        return False


def _cookies(dialog: Tag, screen: Screen) -> bool:
    """A dialog that holds the cookie banner (or is held by it), not a sales pop-up."""
    found = cookie_banner(screen.snap)
    return found is not None and (dialog is found.root
                                  or any(p is dialog for p in found.root.parents)
                                  or any(p is found.root for p in dialog.parents))


def _offer(dialog: Tag, lang: str) -> bool:
    """A pop-up that sells (newsletter, discount, offers), not one that holds the journey."""
    text = squash(dialog.get_text(" "))
    return any(keyword(text, key, lang) for key in ("newsletter", "marketing")) or "%" in text


def _closes(c: Control, lang: str) -> bool:
    return intent(c.text, lang) == "close" or intent(words(c.name, c.testid), "en") == "close"
