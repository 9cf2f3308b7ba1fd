"""A realistic report folder: two journeys with screenshots, findings in every category and
severity, a gate with a breach and a baseline comparison; and a hostile variant whose page text
is all markup."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from frictionaudit.model import (
    Breach,
    Comparison,
    Decision,
    Finding,
    FindingChange,
    Gate,
    Journey,
    MetricDelta,
    Metrics,
    Report,
    RuleInfo,
    Scores,
    Step,
    Tool,
)

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)>"><svg onload=alert(1)>'
TARGET = "https://shop.example.com/"
WIDTH, HEIGHT = 320, 560


def png(width: int, height: int, bands: list[tuple[int, int, tuple[int, int, int]]]) -> bytes:
    """A real PNG: white page with grey bands (y from, y to, colour), like a form's fields."""
    rows = []
    for y in range(height):
        colour = next((c for top, bottom, c in bands if top <= y < bottom), (255, 255, 255))
        rows.append(b"\x00" + bytes(colour) * width)
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


PAGE = [
    (0, 48, (31, 42, 55)),
    (90, 120, (225, 228, 232)),
    (140, 170, (225, 228, 232)),
    (190, 220, (225, 228, 232)),
    (260, 300, (26, 86, 219)),
]

RULES = [
    RuleInfo(
        id="effort.too-many-fields",
        category="effort",
        severity="serious",
        title="The form asks for more than it needs",
        help="Ask only for what the order needs.",
        refs=["https://baymard.com/blog/checkout-flow-average-form-fields"],
    ),
    RuleInfo(
        id="effort.forced-account",
        category="effort",
        severity="critical",
        title="Checkout forces account creation",
        help="Offer guest checkout.",
    ),
    RuleInfo(
        id="effort.paste-blocked",
        category="effort",
        severity="moderate",
        title="Pasting into a field is blocked",
        help="Let password managers paste.",
        refs=["WCAG 2.2 SC 3.3.8"],
    ),
    RuleInfo(
        id="clarity.jargon",
        category="clarity",
        severity="minor",
        title="Jargon in microcopy",
        help="Use plain words.",
    ),
    RuleInfo(
        id="clarity.vague-button",
        category="clarity",
        severity="moderate",
        title="Button text does not say what happens",
        help="Name the action.",
    ),
    RuleInfo(
        id="transparency.late-costs",
        category="transparency",
        severity="critical",
        title="Costs appear only at the last step",
        help="Show shipping up front.",
    ),
    RuleInfo(
        id="transparency.no-contact",
        category="transparency",
        severity="serious",
        title="No contact details",
        help="Show a phone number or email.",
    ),
    RuleInfo(
        id="control.preticked-consent",
        category="control",
        severity="serious",
        title="Marketing consent is pre-ticked",
        help="Leave consent boxes unticked.",
    ),
]


def finding(rule_id: str, severity: str, journey: str | None, step: int | None, **extra) -> Finding:
    category = rule_id.split(".")[0]
    base = {
        "url": f"{TARGET}{journey or ''}/{step}" if journey else TARGET,
        "selector": "#email" if step is not None else "",
        "evidence": "Create your account to continue",
        "message": f"{rule_id} at {severity}",
        "help": "Fix it.",
    }
    return Finding(
        rule_id=rule_id,
        category=category,
        severity=severity,
        journey=journey,
        step=step,
        **(base | extra),
    )


def build_report(folder: Path, hostile: bool = False) -> Report:
    """Write screenshots into `folder` and return the report that points at them."""
    (folder / "steps").mkdir(parents=True, exist_ok=True)
    text = HOSTILE if hostile else None

    def steps(journey: str, count: int, missing: tuple[int, ...] = ()) -> list[Step]:
        out = []
        for index in range(count):
            shot = f"steps/{journey}-{index:02d}.png"
            if index not in missing:
                (folder / shot).write_bytes(png(WIDTH, HEIGHT, PAGE))
            out.append(
                Step(
                    index=index,
                    url=text or f"{TARGET}{journey}/{index}",
                    title=text or f"{journey.capitalize()} page {index}",
                    lang="en",
                    fields_visible=3,
                    fields_required=2,
                    screenshot=None if index == 2 and journey == "checkout" else shot,
                    snapshot=f"steps/{journey}-{index:02d}.html",
                    seconds=1.5,
                )
            )
        return out

    hostile_fields = (
        {
            "evidence": HOSTILE,
            "selector": HOSTILE,
            "url": HOSTILE,
            "message": HOSTILE,
            "help": HOSTILE,
            "refs": ["javascript:alert(1)", HOSTILE],
        }
        if hostile
        else {}
    )
    findings = [
        finding(
            "effort.too-many-fields",
            "serious",
            "signup",
            1,
            box=[10, 90, 300, 130],
            **hostile_fields,
        ),
        finding("effort.forced-account", "critical", "checkout", 0, box=[10, 260, 300, 40]),
        finding(
            "effort.paste-blocked",
            "moderate",
            "signup",
            1,
            box=[10, 140, 300, 30],
            evidence="Passwort | <b>bold</b> @octocat [x](https://evil.example/)",
        ),
        finding("clarity.jargon", "minor", "signup", 0, box=None),
        finding("clarity.vague-button", "moderate", "checkout", 1, box=[10, 260, 300, 40]),
        finding("transparency.late-costs", "critical", "checkout", 3, box=[0, 500, 320, 60]),
        finding("transparency.late-costs", "serious", "checkout", 2, box=[0, 10, 50, 20]),
        finding("transparency.no-contact", "serious", None, None),
        finding("control.preticked-consent", "serious", "checkout", 1, box=[10, 190, 20, 20]),
    ]
    scores = Scores(overall=62, effort=41, clarity=78, transparency=55, control=93)
    return Report(
        tool=Tool(version="0.1.0"),
        target=TARGET,
        started_at=datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
        finished_at=datetime(2025, 3, 4, 9, 31, 12, tzinfo=UTC),
        settings={
            "viewport": "1280x800",
            "journeys": ["signup", "checkout"],
            "allow_irreversible": False,
            "budget_file": "budgets.toml",
        },
        journeys=[
            Journey(
                name="signup",
                kind="signup",
                steps=steps("signup", 3),
                metrics=Metrics(
                    steps=3, fields=9, required_fields=6, clicks=4, keystrokes=80, seconds=4.5
                ),
            ),
            Journey(
                name="checkout",
                kind="checkout",
                status="stopped",
                reason=text or "stopped before “Place order”, an irreversible action",
                steps=steps("checkout", 4, missing=(3,)),
                metrics=Metrics(
                    steps=4, fields=14, required_fields=11, clicks=9, keystrokes=120, seconds=6.0
                ),
                decisions=[
                    Decision(
                        step=1,
                        action="click",
                        target="text=Checkout",
                        reason=text or "the basket's main button",
                    )
                ],
            ),
        ],
        findings=findings,
        scores=scores,
        journey_scores={"signup": scores, "checkout": scores.model_copy(update={"overall": 48})},
        rules=RULES,
        gate=Gate(
            passed=False,
            breaches=[
                Breach(
                    journey="checkout",
                    budget="steps",
                    limit=3,
                    actual=4,
                    message="checkout takes 4 steps; the budget is 3",
                )
            ],
            comparison=Comparison(
                baseline="reports/base/report.json",
                new=[
                    FindingChange(
                        rule_id="control.preticked-consent",
                        journey="checkout",
                        step=1,
                        selector="#news",
                        severity="serious",
                        message="Newsletter box is ticked",
                    )
                ],
                fixed=[
                    FindingChange(
                        rule_id="clarity.jargon",
                        journey="signup",
                        step=2,
                        severity="minor",
                        message="“Authenticate”",
                    )
                ],
                unchanged=7,
                metric_deltas=[MetricDelta(journey="checkout", metric="steps", base=3, new=4)],
                score_deltas={"overall": -4, "control": -7},
            ),
        ),
    )


@pytest.fixture
def report_dir(tmp_path: Path) -> tuple[Report, Path]:
    folder = tmp_path / "audit"
    return build_report(folder), folder


@pytest.fixture
def hostile_dir(tmp_path: Path) -> tuple[Report, Path]:
    folder = tmp_path / "hostile"
    return build_report(folder, hostile=True), folder
