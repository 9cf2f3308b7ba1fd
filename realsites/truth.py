"""Ground truth: read an application's truth.toml and compare one audited journey with it."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

SERIOUS = ("serious", "critical")


@dataclass
class Truth:
    """One journey's hand-counted facts (see truth.toml for what each word means)."""

    name: str
    kind: str
    end: str
    final_button: str
    screens: list[dict]
    judge: dict[str, str] = field(default_factory=dict)
    expect: list[str] = field(default_factory=list)  # rules that must fire on this journey

    @property
    def steps(self) -> tuple[int, int]:
        """Fewest and most screens: a screen marked optional may be skipped (an add-to-cart
        button on the listing skips the product page)."""
        return sum(1 for s in self.screens if not s.get("optional")), len(self.screens)

    @property
    def fields(self) -> int:
        return sum(s.get("fields", 0) for s in self.screens)

    @property
    def required(self) -> int:
        return sum(s.get("required", 0) for s in self.screens)


def load(path: Path) -> dict[str, Truth]:
    data = tomllib.loads(path.read_text())
    judge = data.get("judge", {})
    return {j["name"]: Truth(j["name"], j["kind"], j["end"], j.get("final_button", ""),
                             j["screen"], {**judge, **j.get("judge", {})}, j.get("expect", []))
            for j in data["journey"]}


def reached_end(truth: Truth, journey: dict) -> bool:
    """Did the journey get where a customer's would: stopped by the guard at the final button
    (checkout), or the account created or waiting at a named e-mail verification (signup)?"""
    status = journey["status"]
    url = unquote(journey["steps"][-1]["url"]) if journey["steps"] else ""
    want = truth.screens[-1]["path"]  # the same path in every language
    # a path with a query (MediaWiki's /index.php?title=...) is looked for in the whole URL
    there = want in url if "?" in want else url.split("?")[0].endswith(want)
    if truth.end == "guard":
        return status == "stopped" and there
    if truth.end == "account":  # signed in: nothing left for the journey to stop at
        return status == "completed" and there
    return status in ("completed", "stopped") and there


def verdict(truth: Truth, finding: dict) -> str:
    """'true', 'false' or '?' (not judged yet) for one finding, from the judge table: a key
    "rule@text" judges the findings of that rule whose evidence contains the text, a key
    "rule" the others."""
    rule, evidence = finding["rule_id"], finding.get("evidence", "")
    said = next((v for k, v in truth.judge.items()
                 if k.startswith(rule + "@") and k.split("@", 1)[1] in evidence),
                truth.judge.get(rule, "?"))
    return said.split(":", 1)[0].strip() if said != "?" else "?"


@dataclass
class Row:
    """One line of the table: what the tool measured on one journey, set against the truth."""

    app: str
    journey: str
    lang: str
    driver: str
    status: str
    end: str = ""
    steps: str = ""
    fields: str = ""
    required: str = ""
    findings: str = ""
    orders: str = ""
    note: str = ""
    ok: bool = False
    false_serious: int = 0
    problems: list[str] = field(default_factory=list)


def compare(row: Row, truth: Truth, journey: dict, findings: list[dict]) -> Row:
    """Fill a row's figures: tool/truth, a mark when off (steps ±1, fields exact)."""
    m = journey["metrics"]
    end = reached_end(truth, journey)
    row.end = "yes" if end else "no"
    row.steps = _vs(m["steps"], truth.steps, 1)
    row.fields = _vs(m["fields"], truth.fields, 0)
    row.required = _vs(m["required_fields"], truth.required, 0)
    mine = [f for f in findings if f.get("journey") in (journey["name"], None)]
    verdicts = [(f, verdict(truth, f)) for f in mine]
    row.false_serious = sum(1 for f, v in verdicts if v == "false" and f["severity"] in SERIOUS)
    counts = {k: sum(1 for _, v in verdicts if v == k) for k in ("true", "false", "?")}
    row.findings = f"{len(mine)} ({counts['true']} true, {counts['false']} false, {counts['?']} ?)"
    missed = sorted(set(truth.expect) - {f["rule_id"] for f in mine})
    if missed:
        row.findings += f", missed: {', '.join(missed)}"
    row.ok = end and all("!" not in x for x in (row.steps, row.fields, row.required))
    doubtful = Counter(f"{f['rule_id']} {v}" for f, v in verdicts if v != "true")
    row.note = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in doubtful.items())
    return row


def _vs(got: int, want: int | tuple[int, int], slack: int) -> str:
    low, high = want if isinstance(want, tuple) else (want, want)
    shown = f"{low}" if low == high else f"{low}-{high}"
    return f"{got}/{shown}" + ("" if low - slack <= got <= high + slack else " !")
