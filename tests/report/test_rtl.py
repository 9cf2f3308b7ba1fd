"""Right-to-left page text in the HTML report: an Arabic step title and the autopilot's Arabic
targets get their own direction (dir="auto" or <bdi>), and page text quoted (“…”) in the
report's English evidence and messages is isolated, so the English sentence around it keeps
its order and a title such as "مرحبًا، Ahmad!" reads right."""

from __future__ import annotations

from bs4 import BeautifulSoup

from frictionaudit.model import Decision
from frictionaudit.report.html import render_html

from .conftest import build_report

TITLE = "مرحبًا، Ahmad.mahmoud.test! - Realsites Wiki"
TARGET = "أكد كلمة السر"
QUOTED = "أكد كلمة السر"
EVIDENCE = f"“{QUOTED}” asks for the password again <b>"  # the tool's English, page text quoted


def _isolated(tag) -> bool:
    """The tag, or an element around it, sets its own direction."""
    return any(t.name == "bdi" or t.get("dir") == "auto" for t in [tag, *tag.parents])


def test_arabic_page_text_gets_its_own_direction(tmp_path):
    report = build_report(tmp_path / "audit")
    signup, checkout = report.journeys
    signup = signup.model_copy(update={
        "steps": [s.model_copy(update={"title": TITLE, "lang": "ar"}) for s in signup.steps],
        "decisions": [Decision(step=1, action="fill", target=TARGET, reason="asks for password")],
    })
    findings = [f.model_copy(update={"evidence": EVIDENCE}) if f.journey == "signup" else f
                for f in report.findings]
    arabic = report.model_copy(update={"journeys": [signup, checkout], "findings": findings})
    soup = BeautifulSoup(render_html(arabic, tmp_path / "audit"), "html.parser")
    places = {text: [s.parent for s in soup.find_all(string=lambda s, t=text: s and t in s)]
              for text in (TITLE, TARGET, QUOTED)}
    assert all(places.values()), {t: len(p) for t, p in places.items()}
    unisolated = {t: [p.name for p in tags if not _isolated(p)] for t, tags in places.items()}
    assert unisolated == {TITLE: [], TARGET: [], QUOTED: []}
    # the sentence around the quote stays left to right, and is still text, not markup
    cells = [td for td in soup.select("td.evidence") if QUOTED in td.get_text()]
    assert cells and all(td.get_text() == f"{EVIDENCE}" for td in cells)
    assert not [t for td in cells for t in td.find_all(True) if t.get("dir")]
    assert not soup.select("td.evidence b")
    assert soup.html["lang"] == "en"  # the report itself stays English, left to right
