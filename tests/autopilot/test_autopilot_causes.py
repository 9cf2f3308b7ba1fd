"""The autopilot on fixture sites that each reproduce one cause of failure met on real shops
(tests/autopilot/sites), in real Chromium, through the same recording as an audit."""

from __future__ import annotations

from frictionaudit.audit import Audit, AuditOptions
from frictionaudit.drive import autopilot_act
from frictionaudit.drive.autopilot import autopilot_plan


def test_a_box_the_customer_ticked_is_not_pre_ticked_on_the_retry(serve, chromium, tmp_path):
    shop = serve("retry")
    audit = Audit(shop.url, AuditOptions(out_dir=tmp_path, formats=["json"]))
    journey = audit.record(chromium, autopilot_plan("signup", shop.url))
    assert (journey.status, journey.metrics.steps) == ("completed", 3), journey.reason
    assert journey.steps[1].error_snapshot  # the form came back once with an error
    ticked = [(f.selector, f.step) for f in audit.report().findings
              if f.rule_id == "consent-preticked"]
    assert set(ticked) == {("#offers", 1)}  # the site's box, not the terms box ticked by us


GUARD = 'stopped before the final action "Place order"'


def test_catalogue_forms_are_not_the_journey(serve, record):
    """Sort menu sent by script, header language form, add-to-basket forms of hidden inputs."""
    shop = serve("catalogue")
    journey = record(shop.url, autopilot_plan("checkout", shop.url))
    assert (journey.status, journey.reason[:len(GUARD)], shop.orders) == ("stopped", GUARD, 0)
    assert [s.url.removeprefix(shop.url).split("?")[0] for s in journey.steps] == [
        "", "basket.html", "checkout.html", "review.html"]
    assert [d.target for d in journey.decisions if d.action == "add to cart"] == ["Add to basket"]


def test_signup_follows_the_header_login_or_register_link(serve, record):
    shop = serve("catalogue")
    journey = record(shop.url, autopilot_plan("signup", shop.url))
    assert (journey.status, journey.metrics.steps) == ("completed", 3), journey.reason
    assert [d.target for d in journey.decisions if d.action == "signup"] == ["Login or register"]
    # counted: the register form only, not the sort menu nor the log-in form beside it
    assert [(s.fields_visible, s.fields_required) for s in journey.steps] == [(0, 0), (3, 3),
                                                                               (0, 0)]
    assert {d.target for d in journey.decisions if d.action == "submit"} == {"Register"}


def test_cookie_wall_accepted_as_last_resort_review_stopped_by_guard(serve, chromium, tmp_path):
    """German shop: a cookie wall with only "Alle akzeptieren" and "Einstellungen" (no refusal
    in its settings either); the review page's one button is "Jetzt kaufen"."""
    shop = serve("kasse")
    audit = Audit(shop.url, AuditOptions(out_dir=tmp_path, formats=["json"]))
    journey = audit.record(chromium, autopilot_plan("checkout", shop.url))
    assert (journey.status, shop.orders) == ("stopped", 0)
    assert journey.reason.startswith('stopped before the final action "Jetzt kaufen"')
    assert journey.metrics.steps == 4  # shop, basket, address, review
    cookies = [(d.target, d.reason) for d in journey.decisions if d.action == "cookie banner"]
    assert [t for t, _ in cookies] == ["", "Einstellungen", "Alle akzeptieren"]
    assert "last resort" in cookies[-1][1]
    assert not [d for d in journey.decisions if d.action == "pop-up"]  # not a sales pop-up
    walls = [f.step for f in audit.report().findings if f.rule_id == "cookie-no-reject"]
    assert walls and walls[0] == 0


def test_ticket_shop_follows_tickets_and_sets_a_quantity(serve, record):
    shop = serve("tickets")
    journey = record(shop.url, autopilot_plan("checkout", shop.url))
    assert (journey.status, journey.reason[:len(GUARD)], shop.orders) == ("stopped", GUARD, 0)
    assert journey.steps[2].url == shop.url + "basket.html?item_1=1&item_2=0"
    assert [d.target for d in journey.decisions if d.action == "product"] == ["Tickets"]
    (quantity,) = [d for d in journey.decisions if d.action == "fill" and d.step == 1]
    assert quantity.target == "Adult ticket, quantity" and "quantity at 0" in quantity.reason


def test_signup_on_a_site_without_accounts_says_so(serve, record):
    shop = serve("tickets")
    for start in (shop.url, shop.url + "summer-concert/"):  # organizer page, event page
        journey = record(start, autopilot_plan("signup", start))
        assert (journey.status, journey.metrics.steps) == ("stopped", 1)
        assert journey.reason.startswith("the site offers no signup"), journey.reason
        assert not [d for d in journey.decisions if d.action == "submit"]


def test_added_toast_and_dialog_then_mini_cart_drawer(serve, record):
    """The toast is no refusal (the form is not sent again), the dialog is closed, the cart's
    icon opens a drawer with the checkout link."""
    shop = serve("drawer")
    journey = record(shop.url, autopilot_plan("checkout", shop.url))
    assert (journey.status, journey.reason[:len(GUARD)], shop.orders) == ("stopped", GUARD, 0)
    steps = [s.url.removeprefix(shop.url).split("?")[0] for s in journey.steps]
    assert steps == ["", "product/pocket-knife.html", "checkout.html", "review.html"]
    actions = [(d.action, d.target) for d in journey.decisions if d.step == 1]
    assert actions == [("submit", "Add to cart"), ("close dialog", "Continue shopping"),
                       ("cart", "🛒 1"), ("checkout", "Checkout")]


def test_oscar_german_product_page_adds_and_never_writes_a_review(serve, record):
    """"In Warenkorb legen" is an add-to-cart wording; the review link beside the price and the
    picture is not a product (a page below the product's own)."""
    shop = serve("buch")
    journey = record(shop.url, autopilot_plan("checkout", shop.url))
    assert (journey.status, journey.reason[:len(GUARD)], shop.orders) == ("stopped", GUARD, 0)
    assert [(d.action, d.target) for d in journey.decisions if d.step < 2] == [
        ("product", "Der Taschenfarn"), ("add to cart", "In Warenkorb legen")]


def test_guest_email_box_named_username_gets_the_email(serve, record):
    """django-oscar's checkout gateway: <input type=email name=username>, guest preselected,
    a disabled password box."""
    shop = serve("gateway", gate="/gateway.html", gate_cookies=("account", "guest"))
    journey = record(shop.url, autopilot_plan("checkout", shop.url))
    assert (journey.status, journey.reason[:len(GUARD)], shop.orders) == ("stopped", GUARD, 0)
    assert journey.metrics.steps == 6  # shop, product, basket, gateway, details, review
    (fill,) = [d for d in journey.decisions if d.step == 3 and d.action == "fill"]
    assert fill.target == "My email address is" and fill.reason.endswith("{persona.email}")
    assert not [d for d in journey.decisions if d.action == "retry"]


def test_a_delete_profile_link_is_never_followed(serve, record):
    shop = serve("profilo")
    journey = record(shop.url, autopilot_plan("signup", shop.url))
    assert (journey.status, journey.metrics.steps) == ("stopped", 1), journey.reason
    assert not [d for d in journey.decisions if d.target == "Cancella profilo"]


def test_an_optional_field_refused_is_emptied(serve, record):
    """An optional phone the site refuses (Oscar's phone check on a fictional number)."""
    shop = serve("phone")
    journey = record(shop.url, autopilot_plan("signup", shop.url))
    assert (journey.status, journey.metrics.steps) == ("completed", 3), journey.reason
    emptied = [d.reason for d in journey.decisions if d.action == "fill"
               and d.target == "Phone number (optional)"]
    assert len(emptied) == 2 and emptied[1].startswith("optional, and refused as typed")


def test_spanish_checkout_now_link_is_followed_and_the_added_total_counts(serve, chromium,
                                                                          tmp_path):
    """django-oscar in Spanish: "Realizar pedido ahora" is a link to the checkout, not the
    final action; the basket total that the message said after "Añadir al carrito" (the same
    screen, re-shown) equals the order's, so the customer saw the total before the review."""
    shop = serve("pedido")
    audit = Audit(shop.url, AuditOptions(out_dir=tmp_path, formats=["json"]))
    journey = audit.record(chromium, autopilot_plan("checkout", shop.url))
    final = 'stopped before the final action "Realizar pedido"'
    assert (journey.status, journey.reason[:len(final)], shop.orders) == ("stopped", final, 0)
    assert [s.url.removeprefix(shop.url).split("?")[0] for s in journey.steps] == [
        "", "checkout.html", "review.html"]
    assert [d.target for d in journey.decisions if d.action == "place order"] == [
        "Realizar pedido ahora", "Realizar pedido"]
    assert "total-late" not in {f.rule_id for f in audit.report().findings}


def test_a_signup_sent_by_script_records_the_screen_it_moves_to(serve, record):
    """"Sign up" posts with fetch() and the page moves on by script a second later: the
    screen it moves to ends the journey as its last step (realsites EverShop 8)."""
    shop = serve("scriptmove")
    journey = record(shop.url, autopilot_plan("signup", shop.url))
    assert journey.status == "completed", (journey.reason, journey.decisions)
    assert [s.url.removeprefix(shop.url) for s in journey.steps] == [
        "", "join.html", "welcome.html"]


def test_a_log_in_button_is_not_the_send_button_of_a_form_sent_once_filled(serve, record):
    """The form's own button is disabled until a payment method is chosen; "Log in" beside
    the e-mail is a way to sign in, not the way on for a guest."""
    shop = serve("onepage")
    journey = record(shop.url, autopilot_plan("checkout", shop.url))
    assert (journey.status, journey.reason[:len(GUARD)], shop.orders) == ("stopped", GUARD, 0)
    assert "Log in" not in [d.target for d in journey.decisions if d.action == "submit"]
    assert journey.steps[-1].url == shop.url + "checkout.html"
    assert journey.steps[-1].fields_visible == 4  # no password box: nobody asked to log in


def test_a_signup_answered_late_is_waited_for(serve, record, monkeypatch):
    """The site answers the sent signup 2.5 s later, after the autopilot's look for a move
    by script (shortened here): the form is still shown, with no message. The autopilot waits
    for the answer and ends on it (realsites MediaWiki de, under load: the journey ended
    "found no product to add to the cart")."""
    monkeypatch.setattr(autopilot_act, "MOVE_MS", 200)
    shop = serve("slowanswer")
    journey = record(shop.url, autopilot_plan("signup", shop.url))
    assert journey.status == "completed", (journey.reason, journey.decisions)
    assert [s.url.removeprefix(shop.url) for s in journey.steps] == [
        "", "join.html", "welcome.html"]
