"""A form's sending buttons found without soupsieve are the ones its selector finds: the same
elements in the same order, on tricky markup and on the forms of the real pages."""

from __future__ import annotations

from pathlib import Path

from frictionaudit.snapshot.forms import SENDS, sends
from frictionaudit.snapshot.page import PageSnapshot

PAGES = Path(__file__).parent.parent / "data" / "real-pages"
TRICKY = """<html><body><form>
<button>plain</button><button type="BUTTON">shout</button><button type="reset">reset</button>
<button type="Reset ">spaced</button><button type="button&#10;">newline</button>
<button type="">empty</button><button type="submit">submit</button>
<input type="SUBMIT" value="s"><input type="image" src="x"><input type="text"><input>
<input type="submit&#10;"><input type="submitx"><input type="ſubmit"><div><button>deep</button>
<input type="Image"></div><select><option>1</option></select>
<form><button>nested</button></form></form></body></html>"""


def _forms(html: str) -> list:
    return PageSnapshot.from_html(html).tree.named("form")


def test_tricky_markup():
    forms = _forms(TRICKY)
    assert forms
    for form in forms:
        assert sends(form) == form.select(SENDS)
        assert sends(form, buttons=True) == form.select(f"{SENDS}, button")
    assert [t.get_text() or t.get("type") for t in sends(forms[0])][:5] == [
        "plain", "spaced", "newline", "empty", "submit"]  # a type is not trimmed


def test_every_form_of_the_real_pages_under_120_kb():
    checked = 0
    for path in sorted(p for p in PAGES.glob("*.html") if p.stat().st_size < 120_000):
        html = path.read_text(encoding="utf-8")
        for form in _forms(html) if "<form" in html.lower() else []:
            assert sends(form) == form.select(SENDS), path.name
            assert sends(form, buttons=True) == form.select(f"{SENDS}, button"), path.name
            checked += 1
    assert checked >= 10
