"""The recorder and the form rules read one page model: on every screen of the demo shop (both
variants) the fields the recorder counts, and those it counts as required, are exactly the
form rules' fields."""

from __future__ import annotations

import pytest

from frictionaudit.check.form import counted
from frictionaudit.snapshot.page import PageSnapshot


@pytest.mark.e2e
@pytest.mark.parametrize("variant", ["rough", "smooth"])
def test_recorder_counts_what_the_form_rules_judge(demo_audit, variant):
    report, out = demo_audit(variant)
    screens = 0
    for journey in report.journeys:
        for step in journey.steps:
            if not step.snapshot:
                continue
            page = PageSnapshot.load(out / step.snapshot)
            judged = counted(page.content_fields)
            assert step.fields_visible == len(judged), (journey.name, step.index)
            assert step.fields_required == sum(f.required for f in judged)
            screens += 1
    assert screens >= 8
    assert report.journeys[0].metrics.fields > 0
