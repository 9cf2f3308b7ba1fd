"""The HTML report: grouped per journey, category and failed rule; self-contained, script-free
and inert whatever the page said; honest about a site it could not audit; and accessible:
axe-core finds nothing on the demo shop's reports, in the real browser, at 1280 and 390 px."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup

from frictionaudit.browser import launched
from frictionaudit.model import Finding, Journey, Step
from frictionaudit.report import view, write_reports
from frictionaudit.report.html import MARK_HEIGHT, MARK_WIDTH, MIN_SCALE, render_html
from frictionaudit.report.images import image_size, jpeg_size, png_size

from .conftest import HEIGHT, HOSTILE, WIDTH, png


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_png_size_reads_the_header():
    assert png_size(png(7, 3, [])) == (7, 3)
    assert png_size(b"GIF89a" + b"\0" * 30) is None


@pytest.mark.parametrize("progressive", [False, True])
def test_jpeg_size_reads_the_frame_after_other_segments(progressive):
    """The recorder's screenshots are JPEG: their size comes from the start-of-frame segment,
    which follows the JFIF, quantisation and (with EXIF) other segments."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (13, 5), "white").save(out, "JPEG", quality=80, progressive=progressive,
                                             exif=Image.Exif())
    assert jpeg_size(out.getvalue()) == image_size(out.getvalue()) == (13, 5)
    assert jpeg_size(png(7, 3, [])) is None and image_size(png(7, 3, [])) == (7, 3)
    assert jpeg_size(b"\xff\xd8\xff") is None  # cut short


def test_report_shows_scores_gate_journeys_and_a_titled_page(report_dir):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["html"])
    soup = soup_of(path.read_text())
    title = "Trust-friction report: shop.example.com · signup, checkout · 2025-03-04"
    assert soup.title.get_text() == title
    assert soup.h1.get_text() == "shop.example.com"
    gauges = [g.get_text() for g in soup.select(".scores .gauge")]
    assert gauges == ["62", "41", "78", "55", "93"]
    assert [" ".join(g["class"]) for g in soup.select(".cats .gauge")] == [
        "gauge fail", "gauge average", "gauge average", "gauge pass",
    ]
    assert soup.select_one(".pill.bad").get_text(strip=True) == "✖ Failed"
    assert "checkout takes 4 steps; the budget is 3" in soup.get_text()
    assert "reports/base/report.json" in soup.get_text()
    headings = [s.select_one("h2").get_text() for s in soup.select("section.journey")]
    assert headings == ["signup", "checkout", "Whole site"]
    assert "1280x800" in soup.select_one(".meta").get_text()
    assert not soup.select(".alert")  # every journey got somewhere


def test_one_entry_per_failed_rule_with_its_elements_numbered_in_reading_order(report_dir):
    report, folder = report_dir
    soup = soup_of(render_html(report, folder))
    checkout = soup.select_one("#j1")
    audits = checkout.select("details.audit")
    titles = [a.select_one("summary h4").get_text() for a in audits]
    # transparency.late-costs failed twice on checkout (steps 2 and 3): one entry, two rows
    assert titles.count("Costs appear only at the last step") == 1
    late = next(a for a in audits if "Costs appear" in a.get_text())
    assert "sev-critical" in late["class"]  # the worst of its findings
    assert len(late.select("table.elements tbody tr")) == 2
    assert late.select_one(".fix").get_text(strip=True) == "How to fix:Show shipping up front."
    numbers = []
    for td in soup.select("td.num"):  # "12", or "28–31": one element, four findings
        first, _, last = td.get_text().partition("–")
        numbers += range(int(first), int(last or first) + 1)
        assert all(soup.select_one(f"#f{n}") for n in range(int(first), int(last or first) + 1))
    assert numbers == list(range(1, len(report.findings) + 1))
    assert numbers == [item.number for item in view.numbered_findings(report)]
    # the site-wide finding has its own section, after the journeys
    assert "No contact details" in soup.select_one("#site").get_text()


def test_failure_titles_say_what_is_wrong_with_a_metric_value(report_dir):
    report, folder = report_dir
    rule = report.rules[0].model_copy(update={"failure_title": "Signup asks for {value} fields"})
    assert view.failure_title(rule, 14.0) == "Signup asks for 14 fields"
    assert view.failure_title(rule, None) == rule.title  # no value: the plain title
    plain = rule.model_copy(update={"failure_title": "Too many fields"})
    assert view.failure_title(plain) == "Too many fields"
    from frictionaudit.model import RuleOutcome

    outcomes = [RuleOutcome(rule_id=rule.id, journey="signup", category="effort",
                            result="failed", score=0.0, weight=7, value=14)]
    changed = report.model_copy(update={"rules": [rule, *report.rules[1:]], "outcomes": outcomes})
    soup = soup_of(render_html(changed, folder))
    assert "Signup asks for 14 fields" in [h.get_text() for h in soup.select("#j0 .audit h4")]


def test_passed_and_inapplicable_rules_are_listed_collapsed(report_dir):
    from frictionaudit.model import RuleOutcome

    report, folder = report_dir
    outcomes = [
        RuleOutcome(rule_id="effort.forced-account", journey="signup", category="effort",
                    result="passed", score=1.0, weight=10),
        RuleOutcome(rule_id="effort.too-many-fields", journey="checkout", category="effort",
                    result="passed", score=0.8, weight=7, value=9),
        RuleOutcome(rule_id="clarity.vague-button", journey="signup", category="clarity",
                    result="inapplicable"),
    ]
    soup = soup_of(render_html(report.model_copy(update={"outcomes": outcomes}), folder))
    passed = soup.select_one("#j0 .cat-effort details.passed")
    assert passed is not None and not passed.has_attr("open")
    assert "Checkout forces account creation" in passed.get_text()
    assert "scored 80" in soup.select_one("#j1 .cat-effort details.passed").get_text()
    inapplicable = soup.select_one("#j0 .cat-clarity details.inapplicable")
    assert "Button text does not say what happens" in inapplicable.get_text()
    # and the overview says what each category lost, and to which rule
    why = soup.select_one(".why").get_text(" ", strip=True)
    assert "The form asks for more than it needs" in why and "scored 80" in why


def test_refs_are_links_to_what_they_cite(report_dir):
    report, folder = report_dir
    soup = soup_of(render_html(report, folder))
    assert soup.select_one("a[href='https://baymard.com/blog/checkout-flow-average-form-fields']")
    wcag = soup.find("a", string="WCAG 2.2 SC 3.3.8")
    assert wcag is None or wcag["href"].startswith("https://www.w3.org/")
    assert view.ref_url("WCAG 2.2 SC 3.3.8 Accessible Authentication (Minimum) (AA): paste") == (
        "https://www.w3.org/WAI/WCAG22/Understanding/accessible-authentication-minimum.html")
    assert view.ref_url("GDPR Art. 7(2) and Recital 43") == "https://gdpr-info.eu/art-7-gdpr/"
    assert view.ref_url("Tinker, Legibility of Print (1963)") is None


def test_filter_by_severity_category_and_journey_needs_no_script(report_dir):
    report, folder = report_dir
    html = render_html(report, folder)
    soup = soup_of(html)
    boxes = {box["id"] for box in soup.select(".filters input[type=checkbox]")}
    assert {"show-critical", "show-minor", "show-effort", "show-control", "show-j0", "show-j1",
            "show-site"} <= boxes
    for box in soup.select(".filters input"):
        assert box.find_parent("label")  # every checkbox has its label
    assert "body:has(#show-minor:not(:checked)) .audit.sev-minor" in html
    with launched() as browser:
        page = browser.new_page()
        page.set_content(html)
        assert not page.locator(".filtered").is_visible()
        assert page.locator(".audit.sev-critical").first.is_visible()
        page.uncheck("#show-critical")
        assert all(not a.is_visible() for a in page.locator(".audit.sev-critical").all())
        assert page.locator(".audit.sev-serious").first.is_visible()
        assert page.locator(".filtered").is_visible()
        assert page.locator("#j1").is_visible()
        page.uncheck("#show-j1")
        assert not page.locator("#j1").is_visible()
        page.uncheck("#show-clarity")
        assert not page.locator("#j0 .cat-clarity").is_visible()
        assert page.locator("#j0 .cat-effort").is_visible()


def test_markers_open_their_screenshot_and_never_overlap(report_dir):
    report, folder = report_dir
    # five findings on nearby elements of one step: one cluster, not five stacked markers
    near = [
        Finding(rule_id="clarity.jargon", category="clarity", severity="minor",
                journey="signup", step=2, selector=f"#f{i}", message="jargon",
                box=[10 + i * 4, 90 + i * 6, 100, 20])
        for i in range(5)
    ]
    far = Finding(rule_id="clarity.jargon", category="clarity", severity="minor",
                  journey="signup", step=2, selector="#far", message="jargon",
                  box=[10, 400, 100, 20])
    report = report.model_copy(update={"findings": [*report.findings, *near, far]})
    soup = soup_of(render_html(report, folder))
    box = soup.select_one("#shot-j0-s2")
    markers = box.select("a.marker")
    assert [m.get_text() for m in markers] == [f"{markers[0].get_text().split('+')[0]}+4",
                                              markers[1].get_text()]
    # each marker leads to a row of the findings table, and each crop back to the screenshot
    for marker in soup.select("a.marker"):
        assert soup.select_one(marker["href"]).find_parent("table", class_="elements")
    crops = soup.select("a.crop")
    assert crops and all(soup.select_one(c["href"])["class"] == ["lightbox"] for c in crops)
    # no two markers overlap at the smallest scale the screenshot is shown at
    for shot in soup.select(".lightbox"):
        stage = shot.select_one(".stage")
        width, height = map(int, re.findall(r"aspect-ratio: (\d+) / (\d+)", stage["style"])[0])
        places = []
        for marker in shot.select("a.marker"):
            left, top = map(float, re.findall(r"([\d.]+)%", marker["style"]))
            places.append((left / 100 * width * MIN_SCALE, top / 100 * height * MIN_SCALE))
        for i, (x1, y1) in enumerate(places):
            for x2, y2 in places[i + 1:]:
                assert abs(x1 - x2) >= MARK_WIDTH or abs(y1 - y2) >= MARK_HEIGHT


def test_outlines_sit_where_the_element_is(report_dir):
    report, folder = report_dir
    soup = soup_of(render_html(report, folder))
    outline = soup.select_one("#shot-j1-s0 .outline")  # forced-account: [10, 260, 300, 40]
    left, top, width, height = map(float, re.findall(r"([\d.]+)%", outline["style"]))
    assert (left, top) == (round(10 / WIDTH * 100, 3), round(260 / HEIGHT * 100, 3))
    assert (width, height) == (round(300 / WIDTH * 100, 3), round(40 / HEIGHT * 100, 3))
    assert len(soup.select(".noshot")) == 2  # one without a path, one whose file is missing


def test_masked_fields_are_drawn_as_masked(report_dir):
    report, folder = report_dir
    (folder / "steps" / "signup-01.html").write_text(
        '<html><body><input type="password" data-fa-secret="1" data-fa-vis="1" '
        'data-fa-box="10,140,300,30"><input name="card_number" data-fa-secret="1" '
        'data-fa-vis="0" data-fa-box="0,0,0,0"><input name="email" data-fa-vis="1" '
        'data-fa-box="10,90,300,30"></body></html>'
    )
    soup = soup_of(render_html(report, folder))
    [mask] = soup.select("#shot-j0-s1 .masked")
    assert mask.get_text() == "masked"
    left, top, *_ = map(float, re.findall(r"([\d.]+)%", mask["style"]))
    assert (left, top) == (round(10 / WIDTH * 100, 3), round(140 / HEIGHT * 100, 3))
    # the paste-blocked crop of that very field shows it masked too
    assert soup.select_one("a.crop .masked")


def test_evidence_is_quoted_once(report_dir):
    report, folder = report_dir
    soup = soup_of(render_html(report, folder))
    cells = [td.get_text() for td in soup.select("td.evidence")]
    assert "Create your account to continue" in cells
    assert not any(cell.startswith("“") and "”" not in cell[1:-1] and cell.endswith("”")
                   and "““" in cell for cell in cells)


def test_a_site_no_journey_got_into_is_not_audited(report_dir):
    report, folder = report_dir
    journeys = [
        Journey(name="signup", kind="signup", status="failed", reason="the start page timed out",
                steps=[]),
        Journey(name="checkout", kind="checkout", status="failed",
                reason="no product link on the start page",
                steps=[Step(index=0, url="https://shop.example.com/")]),
    ]
    failed = report.model_copy(update={"journeys": journeys, "findings": []})
    soup = soup_of(render_html(failed, folder))
    alert = soup.select_one(".alert")
    assert alert.h2.get_text().startswith("Not audited")
    assert "the start page timed out" in alert.get_text()
    assert "no product link on the start page" in alert.get_text()
    assert soup.select_one(".scores .gauge.big").get_text() == "Not audited"
    assert not soup.select(".scores .pass, .scores .average, .scores .fail")


def test_failed_and_interrupted_journeys_are_said_first(report_dir):
    report, folder = report_dir
    broken = report.journeys[1].model_copy(update={"status": "failed", "reason": "timed out"})
    soup = soup_of(render_html(report.model_copy(
        update={"journeys": [report.journeys[0], broken]}), folder))
    assert "1 journey failed" in soup.select_one(".alert h2").get_text()
    assert "timed out" in soup.select_one(".alert").get_text()
    assert soup.select_one(".scores .gauge.big").get_text() == "62"
    stopped = report.journeys[1].model_copy(update={"status": "interrupted",
                                                    "reason": "interrupted by the user"})
    soup = soup_of(render_html(report.model_copy(
        update={"journeys": [report.journeys[0], stopped]}), folder))
    assert soup.select_one(".alert h2").get_text().startswith("Incomplete")
    assert "incomplete" in soup.select_one(".overall .label").get_text()


def test_no_script_no_external_resource_and_a_strict_csp(report_dir):
    report, folder = report_dir
    html = render_html(report, folder)
    soup = soup_of(html)
    assert "<script" not in html.lower()
    csp = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    urls = re.findall(r"url\(([^)]*)\)", soup.style.get_text())
    assert urls and all(url.startswith("data:image/png;base64,") for url in urls)
    assert not soup.find_all("img")
    assert not soup.select("link[rel=stylesheet], iframe, object, embed")
    # each screenshot is embedded once, however many crops and views draw it
    pictures = {(folder / s.screenshot).read_bytes() for j in report.journeys for s in j.steps
                if s.screenshot and (folder / s.screenshot).exists()}
    assert len(urls) == len(set(urls)) == len(pictures)


def test_screenshots_outside_the_report_folder_are_not_read(report_dir, tmp_path):
    report, folder = report_dir
    (tmp_path / "secret.png").write_bytes(png(4, 4, []))
    journey = report.journeys[0]
    steps = [s.model_copy(update={"screenshot": "../secret.png"}) for s in journey.steps]
    journeys = [journey.model_copy(update={"steps": steps}), *report.journeys[1:]]
    html = render_html(report.model_copy(update={"journeys": journeys}), folder)
    assert not soup_of(html).select("#j0 .thumb .pic")
    assert "img-j0-" not in soup_of(html).style.get_text()


def test_page_text_is_never_markup(hostile_dir):
    report, folder = hostile_dir
    [path] = write_reports(report, folder, ["html"])
    soup = soup_of(path.read_text())
    assert not soup.find_all(["script", "svg", "img"])
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


# --- the demo shop's reports in the real browser -------------------------------------------

VIEWPORTS = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")]


@pytest.fixture(scope="module")
def demo_pages(demo_audit, tmp_path_factory):
    """The rough and smooth demo reports as HTML files: {variant: path}."""
    out = tmp_path_factory.mktemp("demo-html")
    pages = {}
    for variant in ("rough", "smooth"):
        report, folder = demo_audit(variant, "en")
        pages[variant] = out / f"{variant}.html"
        pages[variant].write_text(render_html(report, folder), encoding="utf-8")
    return pages


@pytest.mark.e2e
@pytest.mark.parametrize("variant", ["rough", "smooth"])
def test_axe_finds_no_violation(demo_pages, chromium, variant):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for width, scheme in VIEWPORTS:
        context = chromium.new_context(viewport={"width": width, "height": 900},
                                       color_scheme=scheme)
        page = context.new_page()
        page.goto(demo_pages[variant].as_uri())
        # open every collapsed entry, so that what is inside is checked too
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        results = axe.run(page).response
        assert results["testEngine"]["name"] == "axe-core"
        found[f"{width} {scheme}"] = [
            f"{v['id']}: {n['target']}" for v in results["violations"] for n in v["nodes"]
        ]
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing cut
        context.close()
    assert found == {key: [] for key in found}


@pytest.mark.e2e
def test_a_marker_opens_the_finding_and_a_crop_its_screenshot(demo_pages, chromium):
    from axe_playwright_python.sync_playwright import Axe

    for width in (1280, 390):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(demo_pages["rough"].as_uri())
        crop = page.locator("#j1 a.crop").first
        crop.evaluate("c => c.closest('details').open = true")
        target = crop.get_attribute("href")
        crop.click()
        shot = page.locator(target)
        assert shot.is_visible()
        violations = Axe().run(page).response["violations"]  # the open screenshot too
        assert [v["id"] for v in violations] == []
        # markers over the opened screenshot never overlap, whatever the width
        boxes = [m.bounding_box() for m in shot.locator("a.marker").all()]
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                         or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
                assert apart, (a, b)
        marker = shot.locator("a.marker").first
        row = marker.get_attribute("href")
        marker.click()
        assert not shot.is_visible()
        assert page.locator(row).is_visible()  # its collapsed entry opened on the way
        context.close()


@pytest.mark.e2e
def test_the_smooth_shop_explains_its_effort_score(demo_audit):
    report, folder = demo_audit("smooth", "en")
    soup = soup_of(render_html(report, folder))
    effort = report.scores.effort
    assert effort < 100 and not report.findings
    why = next(div for div in soup.select(".why > div")
               if div.h3.get_text().startswith("effort"))
    assert why.select("li"), "a score under 100 says which rule cost what"
    lost = sum(float(li.select_one(".pts").get_text().lstrip("−")) for li in why.select("li"))
    assert abs(lost - (100 - effort)) <= 1.5
