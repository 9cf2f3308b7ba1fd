"""Writing every format atomically, and reading a report back with one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from frictionaudit.errors import UsageError
from frictionaudit.report import FORMATS, load_report, write_reports

TEXT_FORMATS = ["json", "html", "md", "sarif", "junit"]


def test_json_round_trips(report_dir):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["json"])
    assert load_report(path) == report
    assert load_report(folder) == report  # a folder means its report.json


def test_writes_each_format_once_in_order_and_leaves_no_temp_files(report_dir):
    report, folder = report_dir
    paths = write_reports(report, folder, ["json, MD", "html", "sarif", "junit", "json"])
    assert [p.name for p in paths] == [
        "report.json",
        "report.md",
        "report.html",
        "report.sarif",
        "report.junit.xml",
    ]
    assert all(p.stat().st_size > 0 for p in paths)
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_a_crash_mid_write_keeps_the_previous_file_and_no_temp(report_dir, monkeypatch):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["json"])
    before = path.read_bytes()

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    changed = report.model_copy(update={"target": "https://other.example/"})
    with pytest.raises(UsageError, match="No space left"):
        write_reports(changed, folder, ["json"])
    assert path.read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_unknown_format_names_the_valid_ones_and_writes_nothing(report_dir):
    report, folder = report_dir
    with pytest.raises(UsageError) as caught:
        write_reports(report, folder, ["json", "xml"])
    assert "'xml'" in str(caught.value)
    assert ", ".join(FORMATS) in str(caught.value)
    assert not (folder / "report.json").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such report file"),
        ("{not json", "not valid JSON (line 1"),
        (json.dumps({"tool": {"version": "1"}}), "not a frictionaudit report"),
        (json.dumps({"schema_version": "2.0"}), "report schema 2.0 is not supported"),
        (b"\xff\xfe\x00garbage", "cannot read the report"),
    ],
)
def test_load_report_says_what_is_wrong_in_one_line(tmp_path, content, words):
    path = tmp_path / "report.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(UsageError) as caught:
        load_report(path)
    message = str(caught.value)
    assert words in message
    assert message.startswith(str(path))
    assert "\n" not in message


def test_prepare_loads_the_asked_renderers_only_and_compiles_the_html_template():
    code = ("import sys; from frictionaudit.report.writer import prepare;"
            "prepare(['json', 'html']);"
            "from frictionaudit.report import html;"
            "print('frictionaudit.report.markdown' in sys.modules, html._environment.cache_info()"
            ".currsize, len(html._environment().cache))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "1", "1"]  # markdown not loaded; the template compiled and kept
