"""The tool's own limits: how long a step, a journey and an audit may take, and how much of a
huge page it reads. Each one, when met, is said in the report (`Report.limits`), never silent.

The defaults leave room for a slow real site under network throttling; tests pass short ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    step_s: float = 60.0  # wall seconds from one step to the next
    journey_s: float = 300.0  # wall seconds for one journey
    audit_s: float | None = None  # wall seconds for the whole audit (--timeout)
    audit_started: float | None = None  # time.monotonic() the audit's clock starts from
    grace_s: float = 5.0  # after the page's renderer was killed, before the browser is
    elements: int = 10_000  # elements a snapshot keeps and annotates (start and end of the page)
    text_chars: int = 50_000  # characters of text a snapshot keeps (start and end)
    attr_chars: int = 10_000  # characters of one attribute value a snapshot keeps
    html_chars: int = 12_000_000  # characters of serialised snapshot read from the page
    response_bytes: int = 10_000_000  # bytes (inflated) of one document, script or style
    dialogs: int = 10  # dialogs accepted on one step; later ones are dismissed unrecorded
    fields: int = 50  # fields a driver fills in one form; the rest are left as they are
    screenshot_px: int = 6_000  # height of a full-page screenshot (CSS pixels)

    def page_limits(self) -> dict[str, int]:
        """What the in-page snapshot script needs to know."""
        wanted = ("elements", "text_chars", "attr_chars", "html_chars")
        return {k: v for k, v in asdict(self).items() if k in wanted}
