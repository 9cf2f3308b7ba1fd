"""Form rules on pages rendered in Chromium: each rule fires where a customer would struggle
and stays quiet on the ways good forms are built, in English, French, German and Chinese.

Pages are few and hold several cases each (one rendered page costs more than all its checks).
"""

from __future__ import annotations

import pytest

from frictionaudit.check.form_autofill import valid_autocomplete
from frictionaudit.check.rules import load_rules

FORM_RULES = {"field-label", "required-unmarked", "autocomplete-missing", "autocomplete-invalid",
              "input-type", "confirm-field", "split-field", "sensitive-required", "vague-button",
              "error-unhelpful"}
RULES = [r for r in load_rules() if r.id in FORM_RULES]


@pytest.fixture
def audit(findings_on):
    """Findings of the form rules on one page, by rule id."""

    def run(body: str, lang: str = "en") -> dict[str, list]:
        html = f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><body>{body}</body>'
        return findings_on(html, RULES, "http://shop.test/form", kind="signup")

    return run


def evidence(found: dict, rule_id: str) -> set[str]:
    return {f.evidence for f in found.get(rule_id, [])}


def test_rules_are_declared():
    assert {r.id for r in RULES} == FORM_RULES


ROUGH = """<main><h1>Register</h1>
<form>
  <input name="first_name" placeholder="First name" required>
  <label for="email">Email</label><input id="email" name="email" type="text" required>
  <input name="email_confirm" type="text" placeholder="Confirm email" required>
  <label for="pw">Password</label><input id="pw" name="password" type="password"
     autocomplete="new-password" required>
  <label for="tel">Phone</label><input id="tel" name="phone" type="text" required
     autocomplete="mobile">
  <p class="error">Invalid input.</p>
  <fieldset><legend>Date of birth</legend>
    <input name="dob_day" size="2" placeholder="DD" required>
    <input name="dob_month" size="2" placeholder="MM" required>
    <input name="dob_year" size="4" placeholder="YYYY" required></fieldset>
  <label for="co">Company</label><input id="co" name="company">
  <button type="submit">Submit</button>
</form></main>"""

SMOOTH = """<main><h1>Create an account</h1>
<form>
  <label for="n">Full name</label><input id="n" name="name" autocomplete="name" required>
  <label for="e">Email address</label>
  <input id="e" name="email" type="email" autocomplete="email" required
     aria-invalid="true" aria-describedby="e-err">
  <p id="e-err" class="error">Enter an email address like name@example.com</p>
  <label for="p">Create a password</label>
  <input id="p" name="password" type="password" autocomplete="new-password" required>
  <label for="t">Phone (optional)</label>
  <input id="t" name="phone" type="tel" autocomplete="tel">
  <p id="t-h">We only use this to call you about your delivery.</p>
  <label for="c">Company (optional)</label><input id="c" name="company"
     autocomplete="organization">
  <label for="d">Date of birth (optional)</label>
  <input id="d" name="dob" type="date" autocomplete="bday">
  <label for="m">Postcode</label><input id="m" name="postcode" autocomplete="postal-code"
     required>
  <fieldset><legend>Delivery</legend>
    <label><input type="radio" name="ship" value="std" required> Standard</label>
    <label><input type="radio" name="ship" value="exp"> Express</label></fieldset>
  <input type="checkbox" id="news" name="news"><label for="news">Email me offers</label>
  <button type="submit">Create account</button>
</form></main>"""


def test_a_rough_form_breaks_every_form_rule(audit):
    found = audit(ROUGH)
    assert set(found) == FORM_RULES
    # The date-of-birth boxes are left to split-field.
    assert evidence(found, "field-label") == {"input “First name”: no visible label",
                                              "input “Confirm email”: no visible label"}
    assert "only a placeholder" in found["field-label"][0].message
    [unmarked] = found["required-unmarked"]  # once per form
    assert unmarked.message == ("Nothing on this form says which fields are required "
                                "(8 required, 1 optional).")
    assert evidence(found, "input-type") == {
        "“Email” is an input of type text", "“Confirm email” is an input of type text",
        "“Phone” is an input of type text"}
    assert evidence(found, "autocomplete-invalid") == {"“Phone” has autocomplete=“mobile”"}
    missing = evidence(found, "autocomplete-missing")
    assert {"“Email” has no autocomplete", "“DD” has no autocomplete"} <= missing
    assert not any("Company" in e or "Password" in e for e in missing)
    assert [f.message for f in found["confirm-field"]] == [
        "“Confirm email” makes the customer type the email address a second time."]
    assert [f.message for f in found["split-field"]] == [
        "“Date of birth” is split over 3 boxes."]
    assert evidence(found, "sensitive-required") == {
        "“Phone” is required; no reason is given",
        "“Date of birth” is required; no reason is given"}
    assert [f.message for f in found["vague-button"]] == [
        "The button that sends this form says only “Submit”."]
    assert [f.message for f in found["error-unhelpful"]] == [
        "The error message “Invalid input.” says something is wrong but not what to do "
        "(1× on this page)."]


def test_a_well_built_form_passes_every_form_rule(audit):
    assert dict(audit(SMOOTH)) == {}


FR_ROUGH = """<main><form>
  <input name="prenom" placeholder="Prénom" autocomplete="given-name" required>
  <label for="c">Courriel</label><input id="c" name="champ1" required
    aria-invalid="true" aria-describedby="c-e"><span id="c-e">Champ invalide</span>
  <label for="k">Confirmez votre adresse e-mail</label><input id="k" name="champ2"
    type="email" required>
  <label for="t">Téléphone</label><input id="t" name="champ3" type="tel" required>
  <label for="p">Code postal</label><input id="p" name="cp" required>
  <label for="s">Société</label><input id="s" name="societe">
  <button>Envoyer</button></form></main>"""
FR_SMOOTH = """<main><form>
  <label for="c">Adresse e-mail</label><input id="c" name="champ1" type="email"
    autocomplete="email" aria-invalid="true" aria-describedby="c-e" required>
  <span id="c-e">Saisissez une adresse e-mail comme nom@exemple.fr</span>
  <label for="t">Téléphone (facultatif)</label><input id="t" name="champ3" type="tel"
    autocomplete="tel">
  <label for="p">Code postal</label><input id="p" name="cp" autocomplete="postal-code" required>
  <button>Créer mon compte</button></form></main>"""


def test_french_forms(audit):
    rough, smooth = audit(FR_ROUGH, "fr"), audit(FR_SMOOTH, "fr")
    assert evidence(rough, "input-type") == {"“Courriel” is an input of type text"}
    assert evidence(rough, "confirm-field") == {
        "“Confirmez votre adresse e-mail” asks for the email address again"}
    assert evidence(rough, "sensitive-required") == {
        "“Téléphone” is required; no reason is given"}
    assert {"“Code postal” has no autocomplete", "“Courriel” has no autocomplete"} <= evidence(
        rough, "autocomplete-missing")
    assert evidence(rough, "vague-button") == {"“Envoyer”"}
    assert evidence(rough, "error-unhelpful") == {"“Champ invalide”"}
    assert evidence(rough, "field-label") == {"input “Prénom”: no visible label"}
    assert "required-unmarked" in rough
    assert dict(smooth) == {}


DE_ROUGH = """<main><form>
  <label for="a">Name</label><input id="a" name="name" autocomplete="vorname" required>
  <label for="b">Firma</label><input id="b" name="firma" autocomplete="organization">
  <label for="t">Telefonnummer</label><input id="t" name="telefon" type="tel"
    autocomplete="tel" required aria-invalid="true" aria-errormessage="t-e">
  <p id="t-e">Ungültige Eingabe</p>
  <label for="p">Passwort</label><input id="p" name="pw1" type="password" required
    autocomplete="new-password">
  <label for="q">Passwort wiederholen</label><input id="q" name="pw2" type="password"
    autocomplete="new-password" required>
  <button>Absenden</button></form></main>"""
DE_SMOOTH = """<main><form>
  <label for="a">Name (Pflichtfeld)</label><input id="a" name="name" autocomplete="name"
    required>
  <label for="b">Firma</label><input id="b" name="firma" autocomplete="organization">
  <label for="t">Telefonnummer</label><input id="t" name="telefon" type="tel"
    autocomplete="tel" required aria-invalid="true" aria-errormessage="t-e">
  <p>Nur für Rückfragen zur Lieferung.</p>
  <p id="t-e">Geben Sie eine Telefonnummer ein, z. B. 030 1234567</p>
  <label for="p">Passwort</label><input id="p" name="pw1" type="password" required
    autocomplete="new-password">
  <button>Konto anlegen</button></form></main>"""


def test_german_forms(audit):
    rough, smooth = audit(DE_ROUGH, "de"), audit(DE_SMOOTH, "de")
    assert set(rough) == {"required-unmarked", "sensitive-required", "confirm-field",
                          "vague-button", "error-unhelpful", "autocomplete-invalid"}
    assert [f.message for f in rough["sensitive-required"]] == [
        "“Telefonnummer” (phone) is required, and nothing says why it is needed."]
    assert [f.message for f in rough["confirm-field"]] == [
        "“Passwort wiederholen” makes the customer type the password a second time."]
    assert evidence(rough, "error-unhelpful") == {"“Ungültige Eingabe”"}
    assert dict(smooth) == {}


def test_field_label(audit):
    found = audit("""<style>.sr{position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;
      overflow:hidden}</style>
      <header><form role="search"><input name="q" placeholder="Search"><button>Go</button>
      </form></header>
      <main><form>
      <fieldset><legend>Title</legend><input type="radio" name="t" value="mr"> Mr
        <input type="radio" name="t" value="ms"> Ms</fieldset>
      <span id="qty-l">Quantity</span><input name="qty" aria-labelledby="qty-l">
      <table><tr><th>Product</th><th>Amount</th></tr>
        <tr><td>Mug</td><td><input name="amount" aria-label="Amount"></td></tr></table>
      <div><span>Email</span><input name="mail" placeholder="you@example.com"></div>
      <div><input type="checkbox" name="agree"> I agree to the terms</div>
      <div><input name="zip" placeholder="Postcode"><p class="error">Enter a postcode</p></div>
      <input name="coupon" aria-label="Voucher code">
      <label class="sr" for="c">City</label><input id="c" name="city">
      <input name="x">
      <button>Update basket</button></form></main>""")
    assert {f.message for f in found["field-label"]} == {
        "“Voucher code” has no visible label: the customer gets a name only screen readers "
        "announce.",
        "“City” has no visible label: the customer gets a name only screen readers announce.",
        "“x” has no visible label: the customer gets nothing at all.",
        "“Postcode” has no visible label: the customer gets only a placeholder, which "
        "disappears as soon as they type."}


def test_required_unmarked(audit):
    required = ('<label for="{0}{1}">{1}</label><input id="{0}{1}" name="{1}" required>')
    long = "".join(required.format("l", n) for n in ("name", "street", "town", "postcode",
                                                    "country", "company"))
    forms = {
        "short": '<label for="e">Email</label><input id="e" name="email" type="email" required>'
                 '<label for="p">Password</label><input id="p" name="pw" type="password" '
                 "required>",  # short and all required: GOV.UK's way, nothing to mark
        "long": long,
        "star": '<label for="a">Name *</label><input id="a" name="name" required>'
                '<label for="b">Company</label><input id="b" name="company">',
        "css": '<label for="c" class="is-required">Name</label><input id="c" name="name" '
               'required><label for="d">Company</label><input id="d" name="company">',
        "plain": '<label for="f">Name</label><input id="f" name="name" required>'
                 '<label for="g">Company</label><input id="g" name="company">',
    }
    body = "".join(f'<form id="{k}">{v}<button>Save</button></form>' for k, v in forms.items())
    found = audit(f"<main>{body}</main>")
    assert {f.selector for f in found["required-unmarked"]} == {"#long", "#plain"}
    stated = audit(f"<main><p>All fields are required.</p><form>{long}<button>Save</button>"
                   "</form></main>")
    assert "required-unmarked" not in stated


@pytest.mark.parametrize(("value", "valid"), [
    ("email", True), ("section-blue shipping address-line1", True),
    ("billing work email webauthn", True), ("home tel", True), ("mobile tel-national", True),
    ("SHIPPING Postal-Code", True), ("nope", False), ("home address-line1", False),
    ("shipping billing email", False), ("email shipping", False), ("webauthn", False),
    ("section-a section-b email", False), ("impp email", False),
])
def test_autocomplete_token_grammar(value, valid):
    assert valid_autocomplete(value) is valid


def test_autocomplete_and_keyboards(audit):
    found = audit("""<main><form>
      <label for="e">Email</label><input id="e" name="email" type="email" autocomplete="off">
      <label for="g">Given name</label><input id="g" name="given" autocomplete="first-name">
      <label for="s">Street</label><input id="s" name="street"
        autocomplete="section-a shipping address-line1">
      <label for="x">Town</label><input id="x" name="town" autocomplete="nope" disabled>
      <label for="m">Your message</label><textarea id="m" name="message"></textarea>
      <label for="k">Type the characters you see</label><input id="k" name="captcha">
      <label for="u">Email or username</label><input id="u" name="login"
        autocomplete="username">
      <label for="p">Postcode</label><input id="p" name="postcode" autocomplete="postal-code">
      <label for="c">Card number</label><input id="c" name="cardnumber" autocomplete="cc-number">
      <label for="v">Security code</label><input id="v" name="cvc" autocomplete="cc-csc"
        inputmode="numeric">
      <label for="t">Mobile</label><input id="t" name="mobile" type="number" autocomplete="tel">
      <button>Pay now</button></form></main>""")
    assert [f.message for f in found["autocomplete-missing"]] == [
        "“Email” has autocomplete=\"off\", so the browser cannot fill it in; it should say "
        "autocomplete=\"email\"."]
    assert evidence(found, "autocomplete-invalid") == {"“Given name” has autocomplete=“first-name”"}
    assert {f.message for f in found["input-type"]} == {
        "“Card number” is an input of type text; with inputmode=\"numeric\" phones would show "
        "the right keyboard.",
        "“Mobile” is an input of type number; with type=\"tel\" phones would show the right "
        "keyboard."}


def test_confirm_field_leaves_change_password_and_separate_forms_alone(audit):
    found = audit("""<main><form><label for="a">Current password</label>
      <input id="a" name="old" type="password" autocomplete="current-password">
      <label for="b">New password</label>
      <input id="b" name="new" type="password" autocomplete="new-password">
      <button>Change password</button></form>
      <div><label for="c">Email</label><input id="c" name="email" type="email">
      <label for="d">Password</label><input id="d" name="pw" type="password"></div>
      <div><label for="e">Email</label><input id="e" name="signup_email" type="email">
      <button>Sign in</button></div></main>""")
    assert "confirm-field" not in found


def test_split_field(audit):
    found = audit("""<main><form>
      <fieldset><legend>Card number</legend>
        <input name="cc1" size="4" autocomplete="cc-number"><input name="cc2" size="4">
        <input name="cc3" size="4"><input name="cc4" size="4"></fieldset>
      <fieldset><legend>Date of birth</legend>
        <div><label for="d">Day</label><input id="d" name="dob-day" size="2"></div>
        <div><label for="m">Month</label><input id="m" name="dob-month" size="2"></div>
        <div><label for="y">Year</label><input id="y" name="dob-year" size="4"></div></fieldset>
      <fieldset><legend>Your details</legend>
        <div style="display:flex;gap:8px">
          <div><label for="h">Home phone</label><input id="h" name="phone_home" type="tel"
            style="width:300px"></div>
          <div><label for="w">Mobile phone</label><input id="w" name="phone_work" type="tel"
            style="width:300px"></div></div>
        <label for="a1">Address line 1</label><input id="a1" name="address1">
        <label for="a2">Address line 2</label><input id="a2" name="address2">
        <label for="em">Expiry month</label><input id="em" name="exp_mm" size="2">
        <label for="ey">Expiry year</label><input id="ey" name="exp_yy" size="2"></fieldset>
      <fieldset><legend>Anniversary</legend>
        <select name="ann_day"><option>1</option></select>
        <select name="ann_month"><option>1</option></select>
        <select name="ann_year"><option>1990</option></select></fieldset>
      <button>Continue</button></form></main>""")
    assert {f.message for f in found["split-field"]} == {
        "“Card number” is split over 4 boxes.", "“Date of birth” is split over 3 boxes."}


def test_sensitive_required_wants_a_reason(audit):
    found = audit("""<main><form>
      <label for="t">Phone</label><input id="t" name="phone" type="tel" autocomplete="tel"
        required aria-describedby="t-h"><p id="t-h">In case the courier needs to reach you.</p>
      <fieldset><legend>Gender</legend>
        <label><input type="radio" name="gender" value="f" required> Female</label>
        <label><input type="radio" name="gender" value="m" required> Male</label></fieldset>
      <label for="r">Review title</label><input id="r" name="title" required>
      <label for="b">Date of birth</label><input id="b" name="dob" type="date"
        autocomplete="bday">
      <button>Save details</button></form></main>""")
    assert evidence(found, "sensitive-required") == {"“Gender” is required; no reason is given"}


def test_vague_button(audit):
    labels = ["Submit", "OK", "Create account", "Submit order", "Send message"]
    forms = "".join(f'<form><label for="e{i}">Email</label><input id="e{i}" name="email" '
                    f'type="email" autocomplete="email"><button>{label}</button></form>'
                    for i, label in enumerate(labels))
    found = audit(f"""<header><form><input type="search" name="q" aria-label="Search">
      <button>Go</button></form></header>
      <div role="dialog" aria-modal="true"><p>Saved.</p><button>OK</button></div>
      <main>{forms}</main><footer><p>Nothing to fill in.</p><button>Submit</button></footer>""")
    assert evidence(found, "vague-button") == {"“Submit”", "“OK”"}
    assert len(found["vague-button"]) == 2


def test_error_unhelpful(audit):
    messages = {"Invalid input.": True, "Error": True, "Invalid email address": False,
                "Enter your postcode, like BS1 4XY": False, "Something went wrong.": True}
    fields = "".join(
        f'<label for="f{i}">Field {i}</label><input id="f{i}" name="f{i}" aria-invalid="true" '
        f'aria-errormessage="f{i}-e"><span id="f{i}-e">{message}</span>'
        for i, message in enumerate(messages))
    found = audit(f"""<main><div role="alert"><h2>There is a problem</h2>
      <ul><li><a href="#f3">Enter your postcode, like BS1 4XY</a></li></ul></div>
      <form>{fields}<p class="error" hidden>Invalid input.</p><div class="has-error">
      <label for="z">Name</label><input id="z" name="z"></div><button>Continue</button>
      </form></main>""")
    assert evidence(found, "error-unhelpful") == {f"“{m}”" for m, bad in messages.items() if bad}


def test_error_unhelpful_in_chinese(audit):
    found = audit("""<main><form><label for="p">邮政编码</label><input id="p" name="postcode"
      aria-invalid="true" aria-errormessage="p-e"><span id="p-e">输入无效</span>
      <label for="q">手机号码</label><input id="q" name="phone" type="tel"
      aria-invalid="true" aria-errormessage="q-e"><span id="q-e">请输入11位手机号码</span>
      <button>下一步</button></form></main>""", "zh")
    assert evidence(found, "error-unhelpful") == {"“输入无效”"}
