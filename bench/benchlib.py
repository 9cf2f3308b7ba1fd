"""What every benchmark here shares: appending a run to results.jsonl and keeping its table
in README.md (between `<!-- NAME:start -->` and `<!-- NAME:end -->`, the rest left alone)."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from frictionaudit import __version__

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.jsonl"
README = HERE / "README.md"


def append_result(bench: str, record: dict) -> None:
    head = {"bench": bench, "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "version": __version__, "machine": platform.machine(), "cpus": os.cpu_count(),
            "load": [round(x, 1) for x in os.getloadavg()]}
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({**head, **record}) + "\n")


def write_section(name: str, text: str) -> None:
    """Replace the README's section `name` with `text` (appended if the markers are absent)."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    readme = README.read_text(encoding="utf-8")
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in readme and end in readme:
        before, rest = readme.split(start, 1)
        readme = before + block + rest.split(end, 1)[1]
    else:
        readme = readme.rstrip() + "\n\n" + block + "\n"
    README.write_text(readme, encoding="utf-8")


def stamp() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, frictionaudit {__version__}, "
            f"{os.cpu_count()} cores, load average {load}")
