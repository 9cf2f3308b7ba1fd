"""The autopilot reads forms inside open shadow roots, and goes on in the tab its own click
opened, not in an advert's window opened by the same page just before or just after."""

from __future__ import annotations

from fixture_sites import serve

from frictionaudit.audit import AuditOptions, run_audit
from frictionaudit.drive.autopilot import autopilot_plan

FORM = ("<form method=post action=/register><label for=e>Email</label>"
        "<input id=e name=email type=email required autocomplete=email>"
        "<label for=p>Password</label><input id=p name=password type=password required "
        "autocomplete=new-password><button type=submit>Create account</button></form>")
PAGES = {
    "/": ("<html lang=en><title>Shop</title><body><h1>Shop</h1><a href=/join target=_blank "
          "onclick=\"window.open('/advert?a', 'a'); "
          "setTimeout(() => window.open('/advert?b', 'b'), 100)\">Sign up</a>"
          "</body></html>"),
    "/join": ("<html lang=en><title>Join</title><body><h1>Create your account</h1>"
              "<signup-form></signup-form><script>customElements.define('signup-form', "
              "class extends HTMLElement { connectedCallback() { this.attachShadow({mode: "
              f"'open'}}).innerHTML = '{FORM}'; }} }});</script></body></html>"),
    "POST /register": "/welcome",
    "/welcome": "<html lang=en><title>Welcome</title><body><h1>Welcome aboard</h1></body></html>",
    "/advert": ("<html lang=en><title>Prize</title><body><h1>You won</h1>"
                "<a href=/prize>Sign up for the prize draw</a></body></html>"),
}


def test_a_shadow_form_in_the_tab_the_click_opened(tmp_path):
    with serve(PAGES) as (url, posts):
        report = run_audit(url + "/", [autopilot_plan("signup", url + "/")],
                           AuditOptions(out_dir=tmp_path, formats=["json"]))
    [journey] = report.journeys
    paths = [step.url.removeprefix(url) for step in journey.steps]
    assert journey.status == "completed", (journey.reason, paths)
    assert paths == ["/", "/join", "/welcome"]
    assert posts["/register"] == 1
    assert journey.steps[1].fields_visible == 2
