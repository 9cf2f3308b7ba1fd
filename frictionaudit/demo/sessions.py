"""Server-side sessions keyed by a random cookie token, safe under concurrent browser contexts."""

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def _new_session() -> dict:
    return {
        "cart": {},  # product slug -> quantity
        "checkout": {},  # step -> saved values
        "account": None,  # email of the signed-in account
        "pending": None,  # email registered but not yet confirmed (rough gate)
        "flash": None,  # what the next page shows once: form errors, notices
        "consent": None,  # the cookie banner's choice, as the page's script reported it
        "popup_seen": False,
        "order": None,  # number and email of the order just placed
    }


class SessionStore:
    """One lock for the table, one per session: requests of one browser run in turn, others
    in parallel."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, tuple[threading.Lock, dict]] = {}

    @contextmanager
    def open(self, sid: str | None) -> Iterator[tuple[str, dict]]:
        """Yield (sid, session) under the session's lock; an unknown sid starts a new one."""
        with self._lock:
            entry = self._sessions.get(sid) if sid else None
            if entry is None:
                sid = secrets.token_urlsafe(24)
                entry = self._sessions[sid] = (threading.Lock(), _new_session())
        lock, session = entry
        with lock:
            yield sid, session


def flash(session: dict, page: str, **data) -> None:
    """Leave something for the next GET of `page`: form values and errors, or a notice."""
    session["flash"] = {"page": page, **data}


def take_flash(session: dict, page: str) -> dict:
    """The flash for this page, once; a flash left for another page is stale and dropped too."""
    found, session["flash"] = session["flash"], None
    return found if found and found["page"] == page else {}
