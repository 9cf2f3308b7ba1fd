"""The command line's contract: its own exit codes, one-line errors, never a traceback; machine
output on stdout, human output on stderr and unwrapped; help on every option. The CLI runs
in-process (`main`), except where a process of its own is what is tested (a closed pipe, stderr
that is no terminal)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable

import pytest

from frictionaudit.cli import main

FLOW = "docs/examples/demo-smooth-signup.toml"


@pytest.fixture
def run(capsys) -> Callable[..., subprocess.CompletedProcess]:
    """`frictionaudit *args` in-process: its exit code, stdout and stderr."""

    def call(*args: str) -> subprocess.CompletedProcess:
        code = main(list(args))
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.out, out.err)

    return call


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_not_a_url_exits_2_with_one_line(run, tmp_path):
    proc = run("audit", "not-a-url", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert "not a URL" in one_line_error(proc)


def test_unreachable_url_exits_3_with_one_line(run, tmp_path):
    proc = run("audit", "http://127.0.0.1:9/", "--flow", "docs/examples/demo-smooth-signup.toml",
               "--out", str(tmp_path))
    assert proc.returncode == 3
    assert "cannot reach http://127.0.0.1:9/" in one_line_error(proc)


@pytest.mark.parametrize("args, expected", [
    (["demo", "--format", "json,docx"], "unknown report format 'docx'"),
    (["demo", "--lang", "xx"], "not 'xx'"),
    (["demo", "--variant", "shiny"], "invalid choice"),
    (["report", "missing.json"], "missing.json"),
    (["audit", "http://127.0.0.1:9/", "--flow", FLOW, "--device", "Nokia 3310x"],
     "unknown device"),
    (["audit", "http://127.0.0.1:9/", "--flow", FLOW, "--throttle", "carrier-pigeon"],
     "unknown --throttle"),
    (["audit", "http://127.0.0.1:9/", "--flow", FLOW, "--viewport", "big"],
     "--viewport: expected WIDTHxHEIGHT, e.g. 1280x800 (got 'big')"),
    (["audit", "http://127.0.0.1:9/", "--flow", FLOW, "--preset", "lax"], "invalid choice"),
    (["audit", "http://127.0.0.1:9/", "--flow", FLOW, "--fail-on", "moon"], "--fail-on"),
    (["audit", "http://127.0.0.1:9/", "--flow", FLOW, "--jobs", "0"],
     "expected a whole number from 1 to 64, got '0'"),
    (["demo", "--jobs", "many"], "expected a whole number from 1 to 64, got 'many'"),
    (["nonsense"], "invalid choice"),
])
def test_usage_errors_exit_2(run, args, expected):
    proc = run(*args)
    assert proc.returncode == 2, proc.stderr
    assert expected in one_line_error(proc)


@pytest.mark.parametrize("text, line, words", [
    ('[[journey]]\nname = "x"\n\n[[journey.step]]\naction = "click"\ntestid = "a"\n\n'
     '[[journey.step]]\naction = "fly"\n', 8, "action"),
    ('[[journey]]\nname = "x"\n[[journey.step]]\naction = "fill"\ncss = "#e"\n'
     'value = "{persona.shoe_size}"\n', 6, "shoe_size"),
    ('[[journey]]\nname = "x"\n[[journey.step]]\naction = "click"\n', 3, "locator"),
    ('[[journey]\nname = "x"\n', 1, "TOML"),
])
def test_malformed_flow_file_names_file_and_line(run, tmp_path, text, line, words):
    flow = tmp_path / "bad.toml"
    flow.write_text(text, encoding="utf-8")
    proc = run("audit", "http://127.0.0.1:9/", "--flow", str(flow))
    assert proc.returncode == 2
    message = one_line_error(proc)
    assert str(flow) in message and words in message
    assert f"{flow}:{line}:" in message or f"line {line}" in message


def test_schema_prints_the_report_json_schema(run):
    proc = run("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["title"] == "Report"
    assert {"schema_version", "tool", "journeys", "findings", "scores"} <= set(schema["properties"])


def test_rules_lists_every_rule_with_its_title_and_as_json(run):
    proc = run("rules")
    assert proc.returncode == 0
    for rule_id in ("effort-fields", "effort-steps"):
        assert rule_id in proc.stdout
    rules = json.loads(run("rules", "--json").stdout)
    fields = next(r for r in rules if r["id"] == "effort-fields")
    assert fields["title"] in proc.stdout  # the table shows titles, unwrapped
    assert {"title", "category", "severity", "languages", "journeys", "params", "refs"} <= set(
        fields)
    assert fields["curve"]["median"] > 0 and len(rules) == len({r["id"] for r in rules})
    assert any(r["params"] for r in rules)


def test_a_closed_pipe_ends_quietly():
    """`frictionaudit schema | head -1`: the reader goes away before the output is written."""
    proc = subprocess.Popen([sys.executable, "-m", "frictionaudit", "schema"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_every_option_and_argument_has_help():
    from frictionaudit.cli import build_parser

    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    missing = [f"{name} {action.dest}" for name, command in sub.choices.items()
               for action in command._actions
               if not isinstance(action, argparse._HelpAction) and not action.help]
    assert not missing


def test_scan_runs_page_rules_on_saved_html_without_a_browser(tmp_path):
    page = tmp_path / ("signup-" + "long-name-" * 12 + ".html")
    page.write_text(
        "<html lang=de><head><title>Registrierung</title></head><body><h1>Konto anlegen</h1>"
        "<form><input name=email placeholder='E-Mail'><input type=password name=pw "
        "placeholder='Passwort'><button>Absenden</button></form></body></html>",
        encoding="utf-8")
    env_browser = {"FRICTIONAUDIT_BROWSER": str(tmp_path / "no-such-browser")}
    proc = subprocess.run(
        [sys.executable, "-m", "frictionaudit", "scan", str(page), "--out", str(tmp_path / "out"),
         "--format", "json,md"], capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, **env_browser})
    assert proc.returncode == 0, proc.stderr
    assert page.name in proc.stderr  # not cut to fit 80 columns when stderr is no terminal
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["journeys"][0]["kind"] == "page"
    assert report["journeys"][0]["steps"][0]["lang"] == "de"
    rules = {f["rule_id"] for f in report["findings"]}
    assert {"field-label", "vague-button"} <= rules
