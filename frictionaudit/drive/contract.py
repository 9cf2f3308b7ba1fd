"""The driver contract: what a driver is (a function that walks one journey in a page), the
plan the audit runs it by, and what it gets from the audit (the recorder's checkpoint and a place
to explain itself). A new driver needs this module and nothing above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page

from frictionaudit.limits import Limits
from frictionaudit.model import Decision, JourneyKind, Step


@dataclass
class DriveContext:
    checkpoint: Callable[[], Step | None]
    decisions: list[Decision]
    allow_irreversible: bool = False
    current_step: Callable[[], int] = lambda: 0
    # Continue recording in a tab the site opened (the recorder attaches to it).
    follow: Callable[[Page], None] = lambda page: None
    # Whether the audit may load a URL (the target's origins and the ones allowed).
    allows: Callable[[str], bool] = lambda url: True
    # The most fields filled in one form (limits.py), and where a limit met is said:
    # limit_hit(limit, message) goes into the report's `limits`.
    fields_cap: int = Limits().fields
    limit_hit: Callable[[str, str], None] = lambda limit, message: None

    def decide(self, action: str, target: str = "", reason: str = "") -> None:
        """Record why the driver did something: shown in the report, per step."""
        self.decisions.append(Decision(step=self.current_step(), action=action,
                                       target=target[:200], reason=reason[:300]))


# A driver walks one journey and says how it ended: (completed|stopped|failed, reason).
Driver = Callable[[Page, DriveContext], tuple[str, str]]

# How a driver opens an address: `page.goto(url, wait_until=OPENED)`, then `ctx.checkpoint()`,
# which waits for the document as for any other load, and ends the journey at once when the
# load failed (a document cut short never fires its load event: goto would wait it out).
OPENED = "commit"


@dataclass
class JourneyPlan:
    name: str
    kind: JourneyKind
    drive: Driver
    allow_irreversible: bool = False
