"""The HTML report: self-contained, script-free, complete, and inert whatever the page said."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from frictionaudit.browser import launched
from frictionaudit.report import write_reports
from frictionaudit.report.html import render_html
from frictionaudit.report.images import png_size

from .conftest import HEIGHT, HOSTILE, WIDTH, png


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def boxed_on_existing_shots(report, folder: Path) -> list:
    shots = {(j.name, s.index): s.screenshot for j in report.journeys for s in j.steps}
    return [
        f
        for f in report.findings
        if f.box
        and shots.get((f.journey, f.step))
        and (folder / shots[(f.journey, f.step)]).exists()
    ]


def test_png_size_reads_the_header():
    assert png_size(png(7, 3, [])) == (7, 3)
    assert png_size(b"GIF89a" + b"\0" * 30) is None


def test_report_shows_scores_gate_journeys_and_findings(report_dir):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["html"])
    soup = soup_of(path.read_text())
    gauges = [g.get_text() for g in soup.select(".scores .gauge")]
    assert gauges == ["62", "41", "78", "55", "93"]
    assert "big" in soup.select_one(".scores .gauge")["class"]
    assert [" ".join(g["class"]) for g in soup.select(".cats .gauge")] == [
        "gauge fail",
        "gauge average",
        "gauge average",
        "gauge pass",
    ]
    assert soup.select_one(".pill.bad").get_text(strip=True) == "✖ Failed"
    assert "checkout takes 4 steps; the budget is 3" in soup.get_text()
    assert "reports/base/report.json" in soup.get_text()
    assert [s.select_one("h2").get_text() for s in soup.select("section.journey")] == [
        "signup",
        "checkout",
    ]
    assert "1280x800" in soup.select_one(".meta").get_text()
    findings = soup.select("article.finding")
    assert [int(a["id"][1:]) for a in findings] == list(range(1, len(report.findings) + 1))
    assert findings[0].select_one(".badge").get_text() == "critical"  # effort, critical first
    assert soup.select_one("a[href='https://baymard.com/blog/checkout-flow-average-form-fields']")


def test_filmstrip_marks_every_boxed_finding_with_its_number(report_dir):
    report, folder = report_dir
    soup = soup_of(render_html(report, folder))
    frames = soup.select(".filmstrip .frame")
    assert len(frames) == sum(len(j.steps) for j in report.journeys)
    assert all(f.select_one(".cap .idx") for f in frames)
    marks = soup.select(".shot .box .mark")
    assert len(marks) == len(boxed_on_existing_shots(report, folder)) == 5
    for mark in marks:
        card = soup.select_one(mark["href"])  # the marker links to its numbered finding
        assert card.select_one(".num").get_text() == mark.get_text()
        assert soup.select_one(card.select_one("a.num")["href"]).select_one(".box")
    box = soup.select_one("#j1-s0 .box")  # forced-account: [10, 260, 300, 40]
    left, top, width, height = map(float, re.findall(r"([\d.]+)%", box["style"]))
    assert (left, top) == (round(10 / WIDTH * 100, 3), round(260 / HEIGHT * 100, 3))
    assert (width, height) == (round(300 / WIDTH * 100, 3), round(40 / HEIGHT * 100, 3))
    assert len(soup.select(".noshot")) == 2  # one without a path, one whose file is missing


def test_no_script_no_external_resource_and_a_strict_csp(report_dir):
    report, folder = report_dir
    html = render_html(report, folder)
    soup = soup_of(html)
    assert "<script" not in html.lower()
    csp = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert all(img["src"].startswith("data:image/png;base64,") for img in soup.find_all("img"))
    assert not soup.select("link[rel=stylesheet], iframe, object, embed")


def test_screenshots_outside_the_report_folder_are_not_read(report_dir, tmp_path):
    report, folder = report_dir
    (tmp_path / "secret.png").write_bytes(png(4, 4, []))
    journey = report.journeys[0]
    steps = [s.model_copy(update={"screenshot": "../secret.png"}) for s in journey.steps]
    journeys = [journey.model_copy(update={"steps": steps}), *report.journeys[1:]]
    soup = soup_of(render_html(report.model_copy(update={"journeys": journeys}), folder))
    assert len(soup.select("#j0 img")) == 0


def test_page_text_is_never_markup(hostile_dir):
    report, folder = hostile_dir
    [path] = write_reports(report, folder, ["html"])
    soup = soup_of(path.read_text())
    assert not soup.find_all(["script", "svg"])
    assert all(img["src"].startswith("data:") for img in soup.find_all("img"))
    handlers = [
        (tag.name, name)
        for tag in soup.find_all(True)
        for name in tag.attrs
        if name.lower().startswith("on")
    ]
    assert not handlers
    assert not soup.select('a[href^="javascript"]')
    text = soup.get_text()
    assert text.count(HOSTILE) >= 8  # step titles, URLs, evidence, selector, message, help...

    requests, errors, dialogs = [], [], []
    with launched() as browser:
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate("document.querySelectorAll('script, svg').length") == 0
    assert not errors and not dialogs
    assert all(url == path.as_uri() or url.startswith("data:") for url in requests)
