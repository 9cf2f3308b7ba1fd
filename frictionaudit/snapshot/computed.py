"""Facts derived from a snapshot, worked out once per snapshot and shared by every reader
(Lighthouse's computed artifacts): five language rules read the same page text, and the
autopilot and the consent rules the same cookie banner."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from frictionaudit.snapshot.page import PageSnapshot

T = TypeVar("T")


def computed(fact: Callable[[PageSnapshot], T]) -> Callable[[PageSnapshot], T]:
    """Cache `fact(page)` on the page itself, so it lives and dies with the snapshot."""

    @wraps(fact)
    def once(page: PageSnapshot) -> T:
        memo = page.__dict__.setdefault("_computed", {})
        if fact not in memo:
            memo[fact] = fact(page)
        return memo[fact]

    return once
