"""The CI examples in docs/ci call the command line with options it really has."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from frictionaudit.cli import build_parser

CI_DIR = Path(__file__).parents[1] / "docs" / "ci"


def commands(text: str) -> list[list[str]]:
    """Every `frictionaudit ...` command line; a folded YAML block (`run: >`) is joined back
    into one line from the lines indented under it."""
    lines = text.splitlines()
    found, i = [], 0
    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip())
        body = line.strip().removeprefix("- ").removeprefix("run: ")
        if body == ">":
            block = []
            while i + 1 < len(lines) and (len(lines[i + 1]) - len(lines[i + 1].lstrip()) > indent
                                          and lines[i + 1].strip()):
                i += 1
                block.append(lines[i].strip())
            body = " ".join(block)
        if body.startswith("frictionaudit "):
            found.append(shlex.split(body)[1:])
        i += 1
    return found


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_example_commands_parse(name):
    found = commands((CI_DIR / name).read_text(encoding="utf-8"))
    assert found, f"no frictionaudit command in {name}"
    for argv in found:
        args = build_parser().parse_args(argv)
        assert args.command == "audit"
        assert "json" in args.format and "md" in args.format


def test_github_example_uploads_the_sarif_it_writes():
    text = (CI_DIR / "github-actions.yml").read_text(encoding="utf-8")
    argv = commands(text)[0]
    assert "sarif" in build_parser().parse_args(argv).format
    assert "sarif_file: friction/report.sarif" in text
    assert "GITHUB_STEP_SUMMARY" in text


def test_gitlab_example_reports_the_files_it_writes():
    text = (CI_DIR / "gitlab-ci.yml").read_text(encoding="utf-8")
    args = build_parser().parse_args(commands(text)[0])
    written = {"junit": "report.junit.xml", "codequality": "report.codequality.json"}
    for fmt, name in written.items():
        assert fmt in args.format
        assert f"{fmt}: {args.out}/{name}" in text
