"""The watchdog's deadlines, on its own thread, without a browser (no process is killed: the
process list it would kill from is empty)."""

from __future__ import annotations

import time

from frictionaudit.limits import Limits
from frictionaudit.record.watchdog import Watchdog


class NoProcesses:
    def kill(self, renderers_only: bool = False) -> int:
        return 0


def wait_for(condition, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_journey_begun_after_the_audit_deadline_is_ended_at_once():
    """A parallel lane takes its journey before the audit's --timeout and begins it after
    (its browser was slow to start): the deadline that passed between journeys still ends it,
    instead of leaving it to run to its page timeout."""
    limits = Limits(audit_s=0.05, step_s=60, journey_s=60, grace_s=60,
                    audit_started=time.monotonic())
    with Watchdog(limits, NoProcesses()) as dog:
        assert wait_for(lambda: dog.expired)  # passed while no journey ran
        assert dog.fired is None
        dog.begin_journey()
        assert wait_for(lambda: dog.fired is not None, 2.0)
        assert dog.fired.limit == "audit"
        assert dog.fired.message == ("the audit ran past its --timeout of 0.05 s "
                                     "at the start page")
        dog.end_journey()


def test_a_journey_within_the_audit_deadline_runs_on():
    limits = Limits(audit_s=30, step_s=60, journey_s=60, audit_started=time.monotonic())
    with Watchdog(limits, NoProcesses()) as dog:
        dog.begin_journey()
        assert not wait_for(lambda: dog.fired is not None, 0.3)
        assert not dog.expired
        dog.end_journey()
