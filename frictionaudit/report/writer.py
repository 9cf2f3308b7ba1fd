"""Write a report in the formats asked for, each file atomically, and read one back.

Atomically, because CI steps and file watchers pick files up as soon as they appear: a crash or
a full disk mid-write must leave the previous file or none, never half of one.
"""

from __future__ import annotations

import importlib
import json
import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from frictionaudit.errors import UsageError

if TYPE_CHECKING:
    from frictionaudit.model import Report

Renderer = Callable[["Report", Path], str | bytes]


@dataclass(frozen=True)
class _Lazy:
    """A renderer imported when first used: the PDF one loads the browser driver, and the
    command line's --help and --format checks need none of them."""

    module: str
    name: str
    reads_assets: bool = True

    def load(self) -> ModuleType:
        return importlib.import_module(f"frictionaudit.report.{self.module}")

    def __call__(self, report: Report, assets: Path) -> str | bytes:
        fn = getattr(self.load(), self.name)
        return fn(report, assets) if self.reads_assets else fn(report)


# format -> (file name, renderer taking the report and the folder its screenshots live in)
RENDERERS: dict[str, tuple[str, Renderer]] = {
    "json": ("report.json", lambda report, _: report.model_dump_json(indent=2)),
    "html": ("report.html", _Lazy("html", "render_html")),
    "md": ("report.md", _Lazy("markdown", "render_markdown", reads_assets=False)),
    "summary": ("report.summary.md", _Lazy("markdown", "render_summary", reads_assets=False)),
    "sarif": ("report.sarif", _Lazy("sarif", "render_sarif", reads_assets=False)),
    "junit": ("report.junit.xml", _Lazy("junit", "render_junit", reads_assets=False)),
    "codequality": ("report.codequality.json",
                    _Lazy("codequality", "render_codequality", reads_assets=False)),
    "pdf": ("report.pdf", _Lazy("pdf", "render_pdf")),
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def parse_formats(formats: Iterable[str]) -> list[str]:
    """Format names in the order asked, once each; an item may be a comma list, as --format
    takes. Every name is checked before anything is written."""
    items = [formats] if isinstance(formats, str) else formats
    names = [part.strip().lower() for item in items for part in item.split(",")]
    names = list(dict.fromkeys(name for name in names if name))
    unknown = [name for name in names if name not in RENDERERS]
    if unknown:
        raise UsageError(
            f"unknown report format {', '.join(map(repr, unknown))}; "
            f"valid formats: {', '.join(FORMATS)}"
        )
    return names


def prepare(formats: Iterable[str]) -> None:
    """Load the renderers of `formats` ahead of the first report: their imports, and a
    module's own `prepare()` (the HTML template). An audit calls this from a thread while the
    browser drives, so the report at the end pays none of it."""
    for name in parse_formats(formats):
        renderer = RENDERERS[name][1]
        if isinstance(renderer, _Lazy):
            getattr(renderer.load(), "prepare", lambda: None)()


def write_reports(
    report: Report, out_dir: Path, formats: Iterable[str], *, assets_dir: Path | None = None
) -> list[Path]:
    """Write each asked format into `out_dir` and return the paths written, in order.

    Screenshots are read from `assets_dir`, by default `out_dir` (the audit's own folder); a
    re-render into another folder passes the folder the report came from.
    """
    names = parse_formats(formats)
    out_dir = Path(out_dir)
    assets = Path(assets_dir) if assets_dir is not None else out_dir
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot create the report folder ({exc.strerror})") from exc
    written = []
    for name in names:
        file_name, render = RENDERERS[name]
        written.append(atomic_write(out_dir / file_name, render(report, assets)))
    return written


def atomic_write(path: Path, data: str | bytes) -> Path:
    """Write through a temporary file in the same folder, then rename it over `path`."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        # os.open with 0o666 lets the umask decide the mode, as for any file the user writes.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def load_report(path: Path | str) -> Report:
    """Read a report.json (or the report.json in a folder); any problem is one UsageError line."""
    from pydantic import ValidationError

    from frictionaudit.model import Report

    path = Path(path)
    if path.is_dir():
        path = path / "report.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such report file") from None
    except (OSError, UnicodeError) as exc:
        raise UsageError(f"{path}: cannot read the report ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise UsageError(f"{path}: JSON nested too deeply to be a report") from None
    _check_version(path, data)
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise UsageError(
            f"{path}: not a frictionaudit report: {where}: {' '.join(first['msg'].split())}{more}"
        ) from None


def _check_version(path: Path, data: object) -> None:
    """A report from another major schema version would half-parse: say so instead."""
    from frictionaudit.model import SCHEMA_VERSION

    if not isinstance(data, dict) or "schema_version" not in data:
        return
    major = str(data["schema_version"]).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise UsageError(
            f"{path}: report schema {data['schema_version']} is not supported "
            f"(this frictionaudit reads {SCHEMA_VERSION})"
        )
