"""The report and its parts: the one typed contract every stage writes to and reads from.

JSON is the source of truth (DESIGN.md, "Contracts"); every other format is rendered from a
`Report`, and `frictionaudit schema` prints `Report.model_json_schema()`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class Category(StrEnum):
    effort = "effort"
    clarity = "clarity"
    transparency = "transparency"
    control = "control"


class Severity(StrEnum):
    """axe-core's impact words, so UX and accessibility people read them the same way."""

    critical = "critical"
    serious = "serious"
    moderate = "moderate"
    minor = "minor"

    @property
    def rank(self) -> int:
        return SEVERITY_ORDER.index(self)


SEVERITY_ORDER = [Severity.minor, Severity.moderate, Severity.serious, Severity.critical]

JourneyKind = Literal["signup", "checkout", "custom", "page"]
JourneyStatus = Literal["completed", "stopped", "failed", "interrupted"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tool(_Model):
    name: str = "frictionaudit"
    version: str


class Probes(_Model):
    """Facts that need an action in the browser, gathered by the recorder at the step."""

    paste_blocked: list[str] = Field(
        default_factory=list, description="Selectors of fields where a paste did not land."
    )
    autocomplete: dict[str, str] = Field(
        default_factory=dict, description="Selector -> autocomplete attribute at submit time."
    )


class Step(_Model):
    index: int
    url: str
    title: str = ""
    lang: str = ""
    fields_visible: int = 0
    fields_required: int = 0
    screenshot: str | None = Field(None, description="Path relative to the report folder.")
    snapshot: str | None = Field(None, description="Path relative to the report folder.")
    error_snapshot: str | None = Field(
        None, description="The same screen as re-shown with validation errors, if it was."
    )
    trigger: Literal["start", "navigation", "history", "screen"] = "navigation"
    clicks: int = 0
    keystrokes: int = 0
    fields_filled: int = 0
    options_chosen: int = 0
    passed_through: bool = Field(
        False, description="Left without filling anything, and its only form signs in (passed "
        "on the way to registering): not the journey's form, its fields not counted."
    )
    errors_met: int = 0
    dialogs: list[str] = Field(default_factory=list)
    popups: list[str] = Field(default_factory=list, description="URLs of new tabs or windows.")
    seconds: float = 0.0
    probes: Probes = Field(default_factory=Probes)


class Metrics(_Model):
    steps: int = 0
    fields: int = 0
    required_fields: int = 0
    clicks: int = 0
    keystrokes: int = 0
    seconds: float = 0.0


class Decision(_Model):
    """Why a driver did what it did: the autopilot explains itself."""

    step: int
    action: str
    target: str = ""
    reason: str = ""


class LinkedPage(_Model):
    """A page a customer could reach from the journey by a contact or help link (fetched, not
    walked): what reachability rules read."""

    url: str
    clicks: int
    from_step: int
    snapshot: str | None = None


class Journey(_Model):
    name: str
    kind: JourneyKind = "custom"
    status: JourneyStatus = "completed"
    reason: str = ""
    device: str = "Desktop"
    steps: list[Step] = Field(default_factory=list)
    metrics: Metrics = Field(default_factory=Metrics)
    decisions: list[Decision] = Field(default_factory=list)
    linked: list[LinkedPage] = Field(default_factory=list)
    end_screenshot: str | None = Field(
        None, description="Where a failed or stopped journey ended, relative to the report."
    )


class Finding(_Model):
    rule_id: str
    category: Category
    severity: Severity
    journey: str | None = None
    step: int | None = None
    url: str = ""
    selector: str = ""
    evidence: str = ""
    message: str
    help: str = ""
    refs: list[str] = Field(default_factory=list)
    device: str = "Desktop"
    device_only: bool = Field(
        False, description="Found on this device only, not on the other devices audited."
    )
    box: list[float] | None = Field(
        None, description="x, y, width, height of the element in the step's full-page screenshot."
    )


class Scores(_Model):
    overall: int
    effort: int
    clarity: int
    transparency: int
    control: int


class RuleInfo(_Model):
    """The rules that ran, carried in the report so a re-render needs no rule files."""

    id: str
    category: Category
    severity: Severity
    title: str
    failure_title: str = Field(
        "", description="The title as it reads when the rule fails; {value} is a metric's value."
    )
    help: str = ""
    refs: list[str] = Field(default_factory=list)


class RuleOutcome(_Model):
    """One rule's result on one journey, as Lighthouse keeps one per audit: what the category
    scores are made of, so a re-rendered report can explain every point lost."""

    rule_id: str
    journey: str
    category: Category
    result: Literal["passed", "failed", "inapplicable"]
    score: float | None = Field(None, description="0..1; none when inapplicable.")
    weight: float = Field(0.0, description="The rule's weight in its category.")
    value: float | None = Field(None, description="A metric rule's measured value.")


class Breach(_Model):
    """One budget line that the audit went over."""

    journey: str | None = None
    budget: str
    limit: float | str
    actual: float | str
    message: str
    rule_id: str | None = Field(None, description="The rule, when the line is about findings.")
    step: int | None = Field(None, description="The step that carries the excess, when one does.")
    selectors: list[str] = Field(default_factory=list, description="The elements at fault.")
    preset: str | None = Field(None, description="The gate preset this line comes from.")


class FindingChange(_Model):
    rule_id: str
    journey: str | None = None
    step: int | None = None
    selector: str = ""
    severity: Severity
    message: str = ""


class MetricDelta(_Model):
    journey: str
    metric: str
    base: float
    new: float


class Comparison(_Model):
    """A report held against a baseline: what is new, fixed and unchanged."""

    baseline: str
    new: list[FindingChange] = Field(default_factory=list)
    fixed: list[FindingChange] = Field(default_factory=list)
    unchanged: int = 0
    metric_deltas: list[MetricDelta] = Field(default_factory=list)
    score_deltas: dict[str, int] = Field(default_factory=dict)
    base_scores: dict[str, int] = Field(
        default_factory=dict, description="The baseline's scores: a change reads before → after.")


class Gate(_Model):
    """What CI acts on: budget breaches and regressions, and the verdict."""

    passed: bool = True
    preset: str = Field("none", description="The gate preset applied: recommended or none.")
    fail_on: list[str] = Field(default_factory=lambda: ["budget", "regression"])
    breaches: list[Breach] = Field(default_factory=list)
    comparison: Comparison | None = None
    reasons: list[str] = Field(
        default_factory=list, description="Why the gate failed, one line per failure: JUnit "
        "fails exactly these.")


class LimitHit(_Model):
    """A limit of the tool that fired: what was cut short, where, and why."""

    limit: Literal["step", "journey", "audit", "interrupt", "elements", "text", "html",
                   "response", "dialogs", "screenshot", "fields"]
    journey: str | None = None
    step: int | None = None
    message: str


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: Tool
    target: str
    started_at: datetime
    finished_at: datetime | None = None
    settings: dict[str, str | int | float | bool | list[str] | None] = Field(default_factory=dict)
    journeys: list[Journey] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    scores: Scores
    journey_scores: dict[str, Scores] = Field(default_factory=dict)
    rules: list[RuleInfo] = Field(default_factory=list)
    outcomes: list[RuleOutcome] = Field(default_factory=list)
    gate: Gate = Field(default_factory=Gate)
    limits: list[LimitHit] = Field(
        default_factory=list, description="The tool's own limits that fired: deadlines, "
        "truncated pages, capped dialogs, stopped responses, an interruption.")
