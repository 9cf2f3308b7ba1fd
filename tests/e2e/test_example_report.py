"""reports/example is what `make example` writes: its findings and scores are those of a fresh
audit of the demo shop, so the example a reader opens never drifts from the tool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "reports" / "example"
KEYS = ("rule_id", "journey", "step", "selector", "evidence", "message", "severity")


def _findings(findings: list[dict]) -> list[tuple]:
    return sorted(tuple(f.get(k) for k in KEYS) for f in findings)


@pytest.mark.e2e
@pytest.mark.parametrize("variant", ["rough", "smooth"])
def test_example_report_matches_a_fresh_demo_audit(demo_audit, variant):
    folder = EXAMPLE / variant
    assert {p.name for p in folder.iterdir()} == {"report.json", "report.html", "report.md"}
    saved = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    fresh, _ = demo_audit(variant)
    fresh = json.loads(fresh.model_dump_json())
    assert saved["scores"] == fresh["scores"], "run `make example` to refresh reports/example"
    assert _findings(saved["findings"]) == _findings(fresh["findings"])
