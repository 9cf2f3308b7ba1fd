"""The recorder counts the same way whatever drives the page: a multi-page checkout and its
single-page twin (steps by pushState) give the same steps and fields."""

from __future__ import annotations

import pytest
from fixture_sites import serve

from frictionaudit.drive.flow import FlowFile, drive_flow
from frictionaudit.drive.persona import load_persona
from frictionaudit.record.recorder import Recorder

FORM = """<form method="post" action="{action}" {attrs}><h1>{title}</h1>{fields}
<button type="submit" data-testid="next">{button}</button></form>"""
STEPS = [
    ("Your details", '<label for=e>Email</label><input id=e name=email type=email required>'
                     '<label for=n>Name</label><input id=n name=name required>', "Continue"),
    ("Delivery", '<label for=a>Address</label><input id=a name=address required>'
                 '<label for=p>Postcode</label><input id=p name=postcode required>'
                 '<label for=c>City</label><input id=c name=city required>', "Continue"),
    ("Review", "<p>Total £12.00</p>", "Place order"),
]


def multi_page() -> dict[str, str]:
    pages = {}
    for i, (title, fields, button) in enumerate(STEPS):
        path = f"/step{i}"
        pages[path] = (f"<html lang=en><title>{title}</title><body>"
                       + FORM.format(action=f"/post{i}", attrs="", title=title, fields=fields,
                                     button=button) + "</body></html>")
        pages[f"POST /post{i}"] = f"/step{i + 1}" if i + 1 < len(STEPS) else "/done"
    pages["/done"] = "<html lang=en><title>Thanks</title><body><h1>Thank you</h1></body></html>"
    return pages


def single_page() -> dict[str, str]:
    """The same three steps and confirmation, switched in place with history.pushState."""
    screens = [FORM.format(action="#", attrs=f'data-i="{i}"', title=t, fields=f, button=b)
               for i, (t, f, b) in enumerate(STEPS)]
    script = """<script>
    const screens = SCREENS;
    const show = (i) => {
      const root = document.getElementById('app');
      if (i >= screens.length) {
        fetch('/post' + (i - 1), {method: 'POST'});
        root.innerHTML = '<h1>Thank you</h1>'; history.pushState({}, '', '/done'); return;
      }
      root.innerHTML = screens[i];
      if (i > 0) history.pushState({}, '', '/step' + i);
      root.querySelector('form').addEventListener('submit', (e) => {
        e.preventDefault();
        if (!e.target.reportValidity()) return;
        show(i + 1);
      });
    };
    show(0);
    </script>""".replace("SCREENS", repr(screens).replace("</", "<\\/"))
    html = f"<html lang=en><title>Shop</title><body><div id=app></div>{script}</body></html>"
    return {"/step0": html}


FLOW = FlowFile.model_validate({"journey": [{
    "name": "checkout", "kind": "checkout", "start": "/step0", "allow_irreversible": True,
    "step": [
        {"action": "fill", "label": "Email", "value": "{persona.email}"},
        {"action": "fill", "label": "Name", "value": "{persona.name}"},
        {"action": "click", "testid": "next"},
        {"action": "fill", "label": "Address", "value": "{persona.address.line1}"},
        {"action": "fill", "label": "Postcode", "value": "{persona.address.postcode}"},
        {"action": "fill", "label": "City", "value": "{persona.address.city}"},
        {"action": "click", "testid": "next"},
        {"action": "click", "testid": "next"},
        {"action": "expect", "text": "Thank you"},
    ]}]}).journey[0]


def record(chromium, tmp_path, pages, allow: bool):
    with serve(pages) as (url, posts):
        page = chromium.new_page()
        recorder = Recorder(tmp_path, "checkout", "checkout", allow_irreversible=allow)
        recorder.attach(page)
        status, reason = drive_flow(page, FLOW, url, load_persona, recorder.checkpoint)
        journey = recorder.finish(status, reason)
        page.close()
        return journey, posts["/post2"]  # the order: the last step's submit


SLOW_SCREEN = """<html lang=en><title>Shop</title><body><h1>Basket</h1>
<button id=go onclick="fetch('/api').then((r) => r.text()).then((t) => { document.body.innerHTML =
  '<h1>' + t + '</h1><label for=e>Email</label><input id=e name=email>'; })">Go</button>"""


def test_a_screen_drawn_after_a_slow_request_is_read_once_drawn(chromium, tmp_path):
    """The read after an action waits for the fetch it set off, then for the page to hold
    still: a reply 300 ms late (longer than any fixed quiet window) still makes its step."""
    with serve({"/": SLOW_SCREEN, "/api": (0.3, "Your details")}) as (url, _):
        page = chromium.new_page()
        recorder = Recorder(tmp_path, "checkout", "checkout")
        recorder.attach(page)
        page.goto(url)
        assert recorder.checkpoint() is not None
        page.click("#go")
        step = recorder.checkpoint()
        recorder.finish("completed", "")
        page.close()
    assert step is not None and step.fields_visible == 1 and step.trigger == "screen"


@pytest.mark.parametrize("twin", [multi_page, single_page])
def test_spa_and_multi_page_twins_count_the_same(chromium, tmp_path, twin):
    journey, _ = record(chromium, tmp_path, twin(), allow=True)
    assert journey.status == "completed", journey.reason
    assert [s.fields_visible for s in journey.steps] == [2, 3, 0, 0]
    assert journey.metrics.steps == 4
    assert journey.metrics.fields == 5
    assert journey.metrics.keystrokes > 0
    assert journey.steps[0].trigger == "start"
    expected = "navigation" if twin is multi_page else "history"
    assert {s.trigger for s in journey.steps[1:]} == {expected}


@pytest.mark.parametrize("twin", [multi_page, single_page])
def test_place_order_is_pressed_once_with_the_flag_and_never_without(chromium, tmp_path, twin):
    journey, presses = record(chromium, tmp_path / "allowed", twin(), allow=True)
    assert presses == 1
    journey, presses = record(chromium, tmp_path / "guarded", twin(), allow=False)
    assert presses == 0
    assert journey.status == "stopped"
    assert "Place order" in journey.reason
    assert journey.metrics.steps == 3  # details, delivery, review: all counted


def test_the_guard_holds_even_when_a_test_clicks_directly(chromium, tmp_path):
    """A team's own test calls page.click itself: the in-page guard still stops the order."""
    with serve(multi_page()) as (url, posts):
        page = chromium.new_page()
        recorder = Recorder(tmp_path, "checkout", "checkout")
        recorder.attach(page, follow_loads=True)
        page.goto(url + "/step2")
        page.get_by_test_id("next").click()
        page.wait_for_timeout(300)
        journey = recorder.finish()
        page.close()
    assert posts["/post2"] == 0
    assert journey.status == "stopped" and "Place order" in journey.reason


def drive_by_hand(chromium, tmp_path, pages, start, actions):
    """Record a journey while `actions(page)` drives it, checkpointing after each one."""
    with serve(pages) as (url, _):
        page = chromium.new_page()
        recorder = Recorder(tmp_path, "j", "custom")
        recorder.attach(page)
        page.goto(url + start)
        recorder.checkpoint()
        for action in actions:
            action(page)
            recorder.checkpoint()
        journey = recorder.finish()
        page.close()
    return journey


def test_retry_of_the_same_screen_is_not_a_new_step(chromium, tmp_path):
    page_html = ("<html lang=en><title>Form</title><body><h1>Details</h1><form method=post "
                 "action=/post><label for=e>Email</label><input id=e name=email>"
                 "<button>Continue</button></form></body></html>")
    journey = drive_by_hand(chromium, tmp_path, {"/form": page_html, "POST /post": "/form"},
                            "/form", [lambda page: page.click("button")])
    assert journey.metrics.steps == 1
    assert journey.steps[0].clicks == 1


def test_dialogs_and_popups_are_recorded_not_hung_on(chromium, tmp_path):
    html = ("<html lang=en><title>D</title><body><h1>Hi</h1>"
            "<button id=a onclick=\"alert('Are you sure?')\">Alert</button>"
            "<a id=w href='/other' target=_blank>Open</a></body></html>")

    def open_tab(page):
        with page.expect_popup():
            page.click("#w")

    journey = drive_by_hand(chromium, tmp_path, {"/": html, "/other": "<h1>Other</h1>"}, "/",
                            [lambda page: page.click("#a"), open_tab])
    step = journey.steps[0]
    assert step.dialogs == ["alert: Are you sure?"]
    assert step.popups and step.popups[0].startswith("http")


def test_a_driver_that_crashes_fails_its_journey_and_the_audit_goes_on(tmp_path):
    from frictionaudit.audit import AuditOptions, JourneyPlan, run_audit

    def crash(page, ctx):
        page.goto(url + "/step0")
        ctx.checkpoint()
        raise ValueError("boom")

    def fine(page, ctx):
        page.goto(url + "/step0")
        ctx.checkpoint()
        return "completed", ""

    with serve(multi_page()) as (url, _):
        report = run_audit(url, [JourneyPlan("broken", "custom", crash),
                                 JourneyPlan("fine", "custom", fine)],
                           AuditOptions(out_dir=tmp_path))
    broken, ok = report.journeys
    assert (broken.status, ok.status) == ("failed", "completed")
    assert "ValueError: boom" in broken.reason and broken.metrics.steps == 1
    assert broken.end_screenshot and (tmp_path / broken.end_screenshot).is_file()
    assert (tmp_path / "report.json").is_file()


def test_ctrl_c_leaves_a_report_of_what_was_measured(tmp_path):
    from frictionaudit.audit import AuditOptions, JourneyPlan, run_audit
    from frictionaudit.report.writer import load_report

    def interrupted(page, ctx):
        page.goto(url + "/step0")
        ctx.checkpoint()
        raise KeyboardInterrupt

    with serve(multi_page()) as (url, _), pytest.raises(KeyboardInterrupt):
        run_audit(url, [JourneyPlan("checkout", "checkout", interrupted)],
                  AuditOptions(out_dir=tmp_path))
    [journey] = load_report(tmp_path / "report.json").journeys
    assert journey.status == "interrupted" and journey.reason == "interrupted by SIGINT"
    assert journey.metrics.steps == 1


def test_secret_looking_url_parameters_are_blanked():
    from frictionaudit.record.recorder import redact_url

    url = "http://shop.test/done?email=a%40example.com&pw=hunter22&card_number=4242&q=mugs"
    assert redact_url(url) == ("http://shop.test/done?email=a%40example.com&pw=[redacted]"
                               "&card_number=[redacted]&q=mugs")
    assert redact_url("http://shop.test/cart") == "http://shop.test/cart"


@pytest.mark.parametrize(("addresses", "reason"), [
    (["/loop"] * 5, "the page kept reloading itself (5 loads) at the start page"),
    (["/a", "/b", "/c", "/a"], "the start page kept navigating away before it could be read"),
    (["/a", "/a"], "the start page could not be read"),
])
def test_a_start_page_never_read_says_why(tmp_path, addresses, reason):
    """No screen read at all (each read cut short by the next load, as on a loaded machine):
    the documents the page loaded meanwhile say whether it reloaded itself or moved on."""
    from types import SimpleNamespace

    recorder = Recorder(tmp_path, "signup", "signup")
    for path in addresses:
        recorder._on_document(SimpleNamespace(url=f"http://shop.test{path}"))
    journey = recorder.finish("completed")
    assert (journey.status, journey.reason) == ("failed", f"not audited: {reason}")


@pytest.mark.parametrize(("actions", "screens", "fault_path", "reason"), [
    (0, ["/loop"], "/loop", "not audited: the page kept reloading itself at the start page"),
    (0, ["/loop", "/loop"], "/loop",  # read between two pairs of its loads
     "not audited: the page kept reloading itself at the start page"),
    (1, ["/loop"], "/loop", "the page kept reloading itself on /loop"),  # the customer acted
    (0, ["/loop"], "/other", "the page kept reloading itself on /other"),
    (0, ["/loop", "/next"], "/loop", "the page kept reloading itself on /loop"),  # it moved on
])
def test_a_start_page_read_then_lost_was_not_got_past(tmp_path, actions, screens, fault_path,
                                                        reason):
    """A start page read between its own reloads (a race a loaded machine may win or lose,
    once or more) is, like one never read, a journey that got no further than its start page:
    `not audited`, its screens kept. Once the customer acted, or at another address, a fault
    is the journey's own."""
    from frictionaudit.model import Step

    recorder = Recorder(tmp_path, "signup", "signup")
    recorder.checkpoint()  # the start page opened (no page here: nothing to read)
    for index, path in enumerate(screens):
        recorder.journey.steps.append(Step(index=index, url=f"http://shop.test{path}",
                                           trigger="start" if index == 0 else "navigation"))
    for _ in range(actions):
        recorder.checkpoint()
    recorder.watch.fail(f"the page kept reloading itself "
                        f"{recorder.watch.where(f'http://shop.test{fault_path}')}")
    journey = recorder.finish("completed")
    assert (journey.status, journey.reason) == ("failed", reason)
    assert len(journey.steps) == len(screens)
