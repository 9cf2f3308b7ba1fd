"""What every hostile test checks after a run: a report valid against the schema, and no
browser of ours left running."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import psutil

from frictionaudit.browser import RUN_SWITCH
from frictionaudit.model import Report


def browsers_of(pid: int) -> list[int]:
    """Chromium processes launched by process `pid` that are still alive, wherever they are
    now (a browser that outlived its parent is adopted by init)."""
    switch = f"{RUN_SWITCH}={pid}"
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        if switch in (proc.info["cmdline"] or []):
            found.append(proc.info["pid"])
    return found


def valid_report(folder: Path) -> dict:
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, Report.model_json_schema())
    return data


def journeys(report: dict) -> dict[str, dict]:
    return {j["name"]: j for j in report["journeys"]}


def limits(report: dict, journey: str) -> set[str]:
    return {hit["limit"] for hit in report["limits"] if hit["journey"] == journey}
