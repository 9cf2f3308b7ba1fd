"""The autopilot's decisions on single screens: what a control means, which one wins, what goes
into each field, and the saved flow's text. Screens are rendered and annotated once by the
real browser (the `snapshot` fixture), then everything runs offline."""

from __future__ import annotations

import pytest

from frictionaudit.drive.autopilot_screen import Screen, intent
from frictionaudit.drive.filler import main_form, plan
from frictionaudit.drive.finder import products, rank, unchosen_option
from frictionaudit.drive.flow import FlowJourney, FlowStep, load_flow
from frictionaudit.drive.persona import for_journey, load_persona
from frictionaudit.drive.save_flow import to_toml


@pytest.mark.parametrize(("text", "lang", "meant"), [
    ("Continue as guest", "en", "guest"),
    ("Checkout as guest", "en", "guest"),
    ("Add to basket", "en", "add_to_cart"),
    ("Proceed to checkout", "en", "checkout"),
    ("Cart (2)", "en", "cart"),
    ("Sign up for our newsletter", "en", "newsletter"),
    ("Create an account", "en", "signup"),
    ("Reject all", "en", "reject"),
    ("Manage settings", "en", "settings"),
    ("×", "en", "close"),
    ("Place order", "en", "place_order"),
    ("Ajouter au panier", "fr", "add_to_cart"),
    ("Tout refuser", "fr", "reject"),
    ("In den Warenkorb", "de", "add_to_cart"),
    ("Zahlungspflichtig bestellen", "de", "place_order"),
    ("Our story", "en", None),
])
def test_intent(text, lang, meant):
    assert intent(text, lang) == meant


def test_the_prominent_main_button_wins_over_a_footer_link(snapshot):
    screen = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><main>
        <a href="/cart" style="font-size:12px;color:#bbb">checkout</a>
        <a href="/checkout" style="display:inline-block;padding:16px 40px;background:#060;
           color:#fff">Proceed to checkout</a></main>
        <footer><a href="/checkout">Checkout</a></footer></body></html>"""))
    best, *rest = rank(screen, "checkout")
    assert best.control.text == "Proceed to checkout"
    assert "in the main" in best.why and "contrast" in best.why
    assert rest[-1].control.region == "footer"


def test_products_by_address_or_priced_card(snapshot):
    screen = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><main><ul>
        <li><img src="data:," width="50" height="50" alt=""><a href="/lamp">Desk lamp</a>
            <span>€39.00</span></li>
        <li><a href="/product/vase">Vase</a></li>
        <li><a href="/about">About us</a></li></ul></main>
        <a href="https://elsewhere.example/product/x">Partner product</a></body></html>"""))
    assert sorted(ch.control.text for ch in products(screen)) == ["Desk lamp", "Vase"]


FORM = """<html lang="en"><meta charset="utf-8"><body><main><h1>Create your account</h1><form>
  <label for="e">Email</label><input id="e" name="email" type="email" required>
  <label for="p">Password</label><input id="p" name="pw" type="password" required>
  <fieldset><legend>Date of birth</legend>
    <input name="dob_day" placeholder="DD" aria-label="Day">
    <input name="dob_month" placeholder="MM" aria-label="Month">
    <input name="dob_year" placeholder="YYYY" aria-label="Year"></fieldset>
  <label for="c">Country</label>
  <select id="c" name="country"><option value="">Choose</option><option value="FR">France</option>
    <option value="GB">United Kingdom</option></select>
  <label for="g">Gender</label>
  <select id="g" name="gender"><option value="">-</option><option value="x">Diverse</option>
  </select>
  <label><input type="radio" name="ship" value="fast"> Express £9.00</label>
  <label><input type="radio" name="ship" value="slow"> Standard £2.50</label>
  <label><input type="checkbox" name="terms" required> I accept the terms and conditions</label>
  <label><input type="checkbox" name="news"> Send me the newsletter</label>
  <label><input type="checkbox" name="deals" checked> Email me special offers</label>
  <label><input type="checkbox" name="cover" checked> Delivery insurance +£4.99</label>
  <button>Create account</button></form></main></body></html>"""


def test_a_form_filled_like_a_customer(snapshot):
    screen = Screen(snapshot(FORM))
    form = main_form(screen)
    assert (form.intent, form.submit.text, form.is_login()) == ("signup", "Create account", False)
    done = {(f.field.name, f.action, f.value) for f in plan(form, load_persona("en"), "en")}
    assert done == {
        ("email", "fill", "{persona.email}"),
        ("pw", "fill", "{persona.password}"),
        ("dob_day", "fill", "{persona.birth_date.day}"),
        ("dob_month", "fill", "{persona.birth_date.month}"),
        ("dob_year", "fill", "{persona.birth_date.year}"),
        ("country", "select", "{persona.address.country}"),  # the persona's ISO code
        ("gender", "select", "x"),  # no option for the persona's: the first choice
        ("ship", "check", "slow"),  # the cheaper delivery
        ("terms", "check", ""),  # required
        ("news", "note", ""),  # optional marketing: never ticked
        ("deals", "note", ""),  # ticked in advance: left, and said so
        ("cover", "uncheck", ""),  # a paid add-on ticked in advance: unticked
    }


def test_captcha_typed_only_when_printed_as_text(snapshot):
    shown = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><form><div>
        <label for="c">Type the characters you see</label>
        <p class="captcha-code"><span>Q</span><span>4</span><span>Z</span><span>8</span></p>
        <input id="c" name="captcha" required></div><button>Send</button></form></body></html>"""))
    (fill,) = plan(main_form(shown), load_persona("en"), "en")
    assert (fill.action, fill.value) == ("fill", "Q4Z8")
    image = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><form><div>
        <img src="data:," alt="security code" width="120" height="40">
        <label for="c">Enter the characters</label><input id="c" name="captcha" required></div>
        <button>Send</button></form></body></html>"""))
    (fill,) = plan(main_form(image), load_persona("en"), "en")
    assert fill.action == "blocked"


def test_newsletter_and_search_forms_are_not_the_journey(snapshot):
    screen = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body>
        <form role="search"><input type="search" name="q"><button>Search</button></form>
        <main><h1>Welcome</h1></main>
        <footer><form><label for="n">Email</label><input id="n" name="email" type="email">
        <button>Subscribe</button></form></footer></body></html>"""))
    assert main_form(screen) is None


def test_saved_flow_text_reads_back(tmp_path):
    journey = FlowJourney(name="checkout", kind="checkout", start="/shop?x=1", step=[
        FlowStep(action="click", testid="cookie-reject", optional=True),
        FlowStep(action="click", role="button", name='Say "hi" \\ ☕', exact=True),
        FlowStep(action="fill", css='[name="a[b]"]', value="{persona.email}"),
        FlowStep(action="check", css='[name="ship"][value="slow"]'),
    ])
    path = tmp_path / "flow.toml"
    path.write_text(to_toml([journey], "http://shop.test/"))
    assert load_flow(path).journey == [journey]


def test_script_links_are_buttons_and_other_sites_are_left_out(snapshot):
    screen = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><main>
        <a href="#" onclick="return false">Add to cart</a>
        <a href="#/basket">Basket</a>
        <a href="mailto:shop@example.com">Email us</a>
        <a href="https://elsewhere.example/checkout">Checkout</a></main></body></html>"""))
    assert [(c.text, c.role) for c in screen.controls] == [("Add to cart", "button"),
                                                           ("Basket", "link")]
    assert rank(screen, "add_to_cart")[0].control.role == "button"


def test_sort_language_and_filter_forms_are_not_the_journey(snapshot):
    """Django-style catalogue (every select `required`): a header language form with a button,
    a sort menu sent by script, a price filter; in German, with no English to lean on."""
    options = "".join(f"<option value='l{i}'>Sprache {i}</option>" for i in range(100))
    screen = Screen(snapshot(f"""<html lang="de"><meta charset="utf-8"><body>
        <header><form method="post" action="/i18n/"><select name="language" required>{options}
        </select><button>Los</button></form></header><main><h1>Alle Produkte</h1>
        <form method="get"><input type="hidden" name="q"><label for="s">Sortieren nach</label>
        <select id="s" name="sort_by" required onchange="this.form.submit()">
        <option>Relevanz</option><option>Preis</option></select></form>
        <form method="get"><label for="a">Preis von</label><input id="a" name="min">
        <label for="b">bis</label><input id="b" name="max"><button>Anwenden</button></form>
        <form action="/basket/add/3/" method="post"><input type="hidden" name="qty" value="1">
        <button>In den Warenkorb</button></form></main></body></html>"""))
    form = main_form(screen)
    assert (form.submit.text, form.sure) == ("Anwenden", False)  # taken only if nothing else
    assert rank(screen, "add_to_cart")[0].control.text == "In den Warenkorb"


def test_a_quantity_at_zero_is_set_to_one_before_adding(snapshot):
    screen = Screen(snapshot("""<html lang="fr"><meta charset="utf-8"><body><main><form>
        <label>Adulte <select name="q1"><option>0</option><option>1</option></select></label>
        <label>Enfant <input type="number" name="q2" value="0"></label>
        <button>Ajouter au panier</button></form></main></body></html>"""))
    form = main_form(screen)
    assert [(f.field.name, f.action, f.value) for f in plan(form, load_persona("fr"), "fr")] == [
        ("q1", "select", "1")]


def test_a_signup_never_sends_a_shopping_form(snapshot):
    screen = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><main><form>
        <label for="e">Email for your e-ticket</label><input id="e" name="email" type="email">
        <input type="number" name="qty" value="1"><button>Add to cart</button></form>
        </main></body></html>"""))
    assert main_form(screen).intent == "add_to_cart"
    assert main_form(screen, skip=frozenset({"add_to_cart"})) is None


def test_a_log_in_button_sends_only_a_form_that_asks_who_you_are(snapshot):
    """Beside a checkout's address, "Log in" is a way to sign in, not the form's send button;
    the form is kept for its own button, disabled until it is filled (realsites EverShop)."""
    checkout = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><main><form>
        <label for="e">Email</label><input id="e" name="email" type="email">
        <button type="button">Log in</button>
        <label for="a">Street address</label><input id="a" name="address" required>
        <label for="p">Postcode</label><input id="p" name="postcode" required>
        <button type="submit" disabled>Select a payment method</button></form>
        </main></body></html>"""))
    form = main_form(checkout)
    assert (form.submit, [f.name for f in form.fields]) == (None, ["email", "address", "postcode"])
    login = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><main><form>
        <label for="e">Email</label><input id="e" name="email" type="email">
        <label for="p">Password</label><input id="p" name="password" type="password">
        <button type="button">Log in</button></form></main></body></html>"""))
    assert main_form(login).submit.text == "Log in"


def test_radios_without_a_name_are_grouped_by_their_radiogroup(snapshot):
    """A script's radios carry no name: the billing choice, "same as shipping" ticked, is left
    as it is; the payment method, alone in its group, is chosen (realsites EverShop)."""
    screen = Screen(snapshot("""<html lang="en"><meta charset="utf-8"><body><main><form>
        <label for="e">Email</label><input id="e" name="email" type="email" required>
        <div role="radiogroup">
          <label><input type="radio" id="same" value="same" checked> Same as shipping
            address</label>
          <label><input type="radio" id="other" value="different"> Use a different billing
            address</label></div>
        <div role="radiogroup"><label><input type="radio" id="cod" value="cod"> Cash on
          delivery</label></div>
        <button>Place order</button></form></main></body></html>"""))
    fills = plan(main_form(screen), load_persona("en"), "en")
    assert [(f.field.name, f.action) for f in fills if f.field.kind == "radio"] == [
        ("cod", "check")]


def test_a_checkout_has_its_own_address_so_a_signup_has_not_taken_it():
    base = load_persona("en")
    assert for_journey(base, "checkout").email == "alex.taylor+checkout@example.com"
    assert for_journey(base, "signup") is base


OPTIONS = """<html lang="en"><meta charset="utf-8"><body><main><form>
  <div class="sizes">{sizes}</div>
  <span><button type="button" aria-label="Fewer">−</button><input name="qty" value="1">
  <button type="button" aria-label="More">+</button></span>
  <button type="button">Add to cart</button></form>
  <ul><li><button type="button">Red</button></li><li><button type="button">Blue</button></li></ul>
</main></body></html>"""


@pytest.mark.parametrize(("sizes", "first"), [
    ('<button type="button">S</button><button type="button">M</button>', "S"),
    ('<button type="button">S</button><button type="button" class="selected">M</button>', None),
    ('<button type="button" aria-pressed="true">S</button><button type="button">M</button>',
     None),
    ("", None),  # the quantity's − and + (named Fewer/More) and a row outside the form: none
])
def test_a_row_of_options_unchosen_beside_add_to_cart(snapshot, sizes, first):
    screen = Screen(snapshot(OPTIONS.format(sizes=sizes)))
    (add,) = [c for c in screen.controls if c.text == "Add to cart"]
    option = unchosen_option(screen, add)
    assert (option.control.text if option else None) == first


def test_a_saved_flow_keeps_the_planned_order_whichever_journey_ended_first(tmp_path):
    """Journeys side by side (--jobs) may begin in any order: the flow file lists them as
    they were planned, so a replay walks them the same way."""
    from frictionaudit.drive.autopilot import autopilot_plans
    from frictionaudit.drive.save_flow import Trail

    trail = Trail("http://shop.test/")
    assert [p.name for p in autopilot_plans("http://shop.test/", ["auto"], trail=trail)] == [
        "signup", "checkout"]
    trail.begin("checkout", "checkout", "/")  # the checkout's lane began first
    trail.begin("signup", "signup", "/")
    trail.write(tmp_path / "flow.toml")
    assert [j.name for j in load_flow(tmp_path / "flow.toml").journey] == ["signup", "checkout"]
