"""What a driver gets from the audit: the recorder's checkpoint and a place to explain itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page

from frictionaudit.model import Decision, Step


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

    def decide(self, action: str, target: str = "", reason: str = "") -> None:
        """Record why the driver did something: shown in the report, per step."""
        self.decisions.append(Decision(step=self.current_step(), action=action,
                                       target=target[:200], reason=reason[:300]))
