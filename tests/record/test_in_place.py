"""A screen read again in place (same document, same address, its fields still there) is one
step, counted as it stands last; its first reading stays as its arrival for the cost rules,
and what the customer ticked or typed since is not taken for the site's. A log-in screen a
signup passes without filling anything is not the signup's form."""

from __future__ import annotations

from fixture_sites import serve

from frictionaudit.check.engine import run_checks
from frictionaudit.check.registry import JourneyView
from frictionaudit.check.rules import load_rules
from frictionaudit.drive.flow import FlowFile, drive_flow
from frictionaudit.drive.persona import load_persona
from frictionaudit.record.arrival import mark_since_arrival
from frictionaudit.record.recorder import Recorder
from frictionaudit.snapshot.page import PageSnapshot

# One screen: the e-mail first; the rest of the form opens below it once it is typed, and a
# service fee joins the summary once the address is complete. Place order is the last button.
ONE_PAGE = """<!doctype html><html lang=en><title>Checkout</title><body><main>
<h1>Checkout</h1>
<form onsubmit="return false">
  <label for=e>Email</label><input id=e name=email type=email>
  <div id=more hidden>
    <label for=n>Full name</label><input id=n name=name>
    <label for=a>Address</label><input id=a name=address>
    <label for=p>Postcode</label><input id=p name=postcode>
  </div>
  <label><input type=checkbox id=news name=news> Email me offers and news</label>
  <button type=button id=go>Place order</button>
</form>
<aside><table><tr><th>Subtotal</th><td>£20.00</td></tr><tbody id=fees></tbody>
  <tr><th>Total</th><td id=total>£20.00</td></tr></table></aside>
</main><script>
  const $ = (id) => document.getElementById(id);
  $("e").addEventListener("input", () => { $("more").hidden = false; });
  for (const id of ["a", "p"]) $(id).addEventListener("input", () => {
    if (!$("a").value || !$("p").value || $("fees").children.length) return;
    $("fees").innerHTML = "<tr><th>Service fee</th><td>£1.50</td></tr>";
    $("total").textContent = "£21.50";
  });
</script></body></html>"""
# The same address, its form replaced by another: a new step, as before.
WIZARD = """<!doctype html><html lang=en><title>Sign up</title><body><main><h1>Sign up</h1>
<form id=f onsubmit="return false"><label for=e>Email</label><input id=e name=email>
<label for=n>Name</label><input id=n name=name>
<button type=button id=next onclick="document.getElementById('f').innerHTML =
  '<label for=pw>Password</label><input id=pw name=pw type=password>'">Next</button></form>
</main></body></html>"""


def journey(chromium, tmp_path, html, steps, kind="checkout"):
    pages = html if isinstance(html, dict) else {"/": html}
    flow = FlowFile.model_validate({"journey": [{
        "name": kind, "kind": kind, "start": "/", "step": steps}]}).journey[0]
    with serve(pages) as (url, _):
        page = chromium.new_page()
        recorder = Recorder(tmp_path, kind, kind)
        recorder.attach(page)
        status, reason = drive_flow(page, flow, url, load_persona, recorder.checkpoint)
        journey = recorder.finish(status, reason)
        page.close()
    return journey, recorder


def test_a_screen_that_grows_in_place_is_one_step_read_as_it_stands(chromium, tmp_path):
    journey_, recorder = journey(chromium, tmp_path, ONE_PAGE, [
        {"action": "fill", "css": "#e", "value": "{persona.email}"},
        {"action": "check", "css": "#news"},  # read: the form grew in place (1 field, then 4)
        {"action": "fill", "css": "#n", "value": "{persona.name}"},
        {"action": "fill", "css": "#a", "value": "{persona.address.line1}"},
        {"action": "fill", "css": "#p", "value": "{persona.address.postcode}"},
        {"action": "click", "css": "#go"}])  # the guard: read as it stands, with the fee
    assert journey_.status == "stopped", journey_.reason
    assert [s.fields_visible for s in journey_.steps] == [4]  # not 1 (arrival) + 4
    assert journey_.metrics.fields == 4
    last, arrival = recorder.snapshots[0], recorder.arrival_snapshots[0]
    assert "£21.50" in last.visible_text and "£21.50" not in arrival.visible_text
    assert (tmp_path / journey_.steps[0].snapshot).read_text().count("Service fee") == 1
    news = next(f for f in last.fields if f.name == "news")
    assert news.checked and not news.ticked_on_arrival  # the customer ticked it
    view = JourneyView(journey_, list(recorder.snapshots),
                       arrival_pages=dict(recorder.arrival_snapshots))
    found = {f.rule_id for f in run_checks([view], load_rules()).findings}
    assert {"late-fee", "total-rises"} <= found  # the fee that appeared before Place order
    assert not found & {"consent-preticked", "effort-fields", "redundant-entry"}


def test_a_form_replaced_on_the_same_address_is_a_new_step(chromium, tmp_path):
    journey_, recorder = journey(chromium, tmp_path, WIZARD, [
        {"action": "fill", "css": "#e", "value": "{persona.email}"},
        {"action": "click", "css": "#next"},
        {"action": "fill", "css": "#pw", "value": "{persona.password}"}])
    assert [(s.fields_visible, s.trigger) for s in journey_.steps] == [(2, "start"),
                                                                      (1, "screen")]
    assert not recorder.arrival_snapshots


def test_values_typed_and_boxes_ticked_since_arrival_are_marked():
    arrival = PageSnapshot.from_html(
        '<html lang=en><body><input id=e name=email data-fa-vis="1">'
        '<input id=c name=city data-fa-value="Leeds" data-fa-vis="1">'
        '<input type=radio id=r1 name=ship data-fa-checked="0">'
        '<input type=radio id=r2 name=ship data-fa-checked="1"></body></html>')
    later = ('<input id="e" name="email" data-fa-value="a@example.com">'
             '<input id="c" name="city" data-fa-value="Leeds">'
             '<input type="radio" id="r1" name="ship" data-fa-checked="1">'
             '<input type="radio" id="r2" name="ship" data-fa-checked="0">')
    marked = mark_since_arrival(later, arrival)
    assert marked.count('data-fa-arrival="empty"') == 1 and 'name="email" data-fa-value' \
        in marked.split('data-fa-arrival="empty"')[0]
    assert marked.count('data-fa-arrival="unticked"') == 1 and 'id="r1"' in marked.split(
        'data-fa-arrival="unticked"')[0].rsplit("<input", 1)[1]


def screen(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=en><title>{title}</title><body><main>{body}</main>"
            "</body></html>")


ACCOUNT = ('<label for=e>Email</label><input id=e name=email type=email>'
           '<label for=pw>Password</label><input id=pw name=password type=password>')
SIGNUP_SITE = {
    "/": screen("Shop", '<h1>Shop</h1><a href="/login">Sign in</a>'),
    "/login": screen("Sign in", f'<h1>Sign in</h1><form method=post action="/login">{ACCOUNT}'
                     '<button>Sign in</button></form><a href="/register">Create an account</a>'),
    "/register": screen("Create account", '<h1>Create account</h1><form method=post '
                        'action="/register"><label for=n>Full name</label><input id=n name=name>'
                        f'{ACCOUNT}<button>Create account</button></form>'),
    "POST /register": "/welcome",
    "/welcome": screen("Welcome", "<h1>Welcome</h1>"),
}
FILL_ACCOUNT = [{"action": "fill", "css": "#e", "value": "{persona.email}"},
                {"action": "fill", "css": "#pw", "value": "{persona.password}"}]


def test_a_log_in_screen_passed_on_the_way_to_registering_is_not_the_signups(chromium,
                                                                              tmp_path):
    journey_, recorder = journey(chromium, tmp_path, SIGNUP_SITE, [
        {"action": "click", "css": "a[href='/login']"},
        {"action": "click", "css": "a[href='/register']"},
        {"action": "fill", "css": "#n", "value": "{persona.name}"}, *FILL_ACCOUNT,
        {"action": "click", "css": "button"}, {"action": "expect", "text": "Welcome"}],
        kind="signup")
    assert journey_.status == "completed", journey_.reason
    assert [(s.fields_visible, s.passed_through) for s in journey_.steps] == [
        (0, False), (0, True), (3, False), (0, False)]
    assert journey_.metrics.fields == 3
    view = JourneyView(journey_, list(recorder.snapshots))
    found = {f.rule_id for f in run_checks([view], load_rules()).findings}
    assert "redundant-entry" not in found  # the e-mail was typed once, on the signup form


def test_a_lone_small_form_the_customer_fills_is_the_signups(chromium, tmp_path):
    """E-mail and one password under "Continue" look like a sign-in form; filled, they are
    the signup's."""
    site = {"/": screen("Join", f'<h1>Join</h1><form method=post action="/join">{ACCOUNT}'
                        '<button>Continue</button></form>'),
            "POST /join": "/welcome", "/welcome": SIGNUP_SITE["/welcome"]}
    journey_, _ = journey(chromium, tmp_path, site, [
        *FILL_ACCOUNT, {"action": "click", "css": "button"},
        {"action": "expect", "text": "Welcome"}], kind="signup")
    assert [(s.fields_visible, s.passed_through) for s in journey_.steps] == [(2, False),
                                                                             (0, False)]
