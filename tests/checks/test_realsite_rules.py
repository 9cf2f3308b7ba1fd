"""Rules that fired falsely or missed on the real sites (realsites/FINDINGS.md), each with a
page where the rule must fire and one where it must not: a custom dropdown button takes no
autocomplete (EverShop), two address lines are two values (EverShop, Oscar), ordinary words
are no jargon (Oscar de, es), help on another site is no contact (MediaWiki), and a field
outside the journey's counts still needs a label (Oscar's basket, EverShop's coupon)."""

from __future__ import annotations

from collections import defaultdict

from frictionaudit.check.engine import run_checks
from frictionaudit.check.rules import load_rules
from frictionaudit.model import LinkedPage

RULES = {r.id: r for r in load_rules()}


def page_html(body: str, lang: str = "en") -> str:
    return (f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>Shop</title>'
            f'<body>{body}</body></html>')


def found(journey_of, body: str, rules: set[str], *, lang: str = "en", kind: str = "checkout",
          url: str = "http://shop.test/checkout") -> dict[str, list]:
    view = journey_of([(url, page_html(body, lang))], kind=kind, name=kind)
    out: dict[str, list] = defaultdict(list)
    for finding in run_checks([view], [RULES[r] for r in rules]).findings:
        out[finding.rule_id].append(finding)
    return out


def selectors(findings: list) -> set[str]:
    return {f.selector for f in findings}


# --- autocomplete applies to input, select and textarea (HTML; W3C ACT 73f2c2) -----------------

DROPDOWNS = """<main><form novalidate>
<label for=street>Address *</label><input id=street name="shippingAddress.address_1">
<label for=country>Country *</label>
<button type=button id=country role=combobox aria-haspopup=listbox>Country</button>
<label for=region>Province *</label>
<div id=region role=combobox tabindex=0 aria-label="Province">Province</div>
<label for=land>Country (menu)</label><select id=land name=country><option>UK</select>
<button type=submit>Place order</button></form></main>"""


def test_a_dropdown_button_takes_no_autocomplete_but_a_select_does(journey_of):
    """causes/combobox-label-for.html: EverShop's Country and Province are buttons."""
    hits = found(journey_of, DROPDOWNS, {"autocomplete-missing"})
    assert selectors(hits["autocomplete-missing"]) == {"#street", "#land"}


def test_invalid_autocomplete_is_judged_only_where_act_73f2c2_applies(journey_of):
    hits = found(journey_of, """<main><form>
      <label for=a>Name</label><input id=a autocomplete=banana>
      <label for=b>Notes</label><textarea id=b autocomplete=banana></textarea>
      <label for=c>Gift</label><input id=c type=checkbox autocomplete=banana>
      <label for=d>Photo</label><input id=d type=file autocomplete=banana>
      <label for=e>Country</label><button type=button id=e role=combobox
        autocomplete=banana>UK</button>
      <label for=f>Town</label><input id=f role=note tabindex=-1 autocomplete=banana>
      <label for=g>Street</label><input id=g role=combobox tabindex=-1 autocomplete=banana>
      </form></main>""", {"autocomplete-invalid"})
    # a file or check box has a fixed value, a button is no input, a note out of the tab
    # order is static; a widget role out of the tab order still applies
    assert selectors(hits["autocomplete-invalid"]) == {"#a", "#b", "#g"}


def test_the_act_73f2c2_examples(journey_of):
    """The rule's published cases (passed p*, failed f*, inapplicable i*) on one page."""
    hits = found(journey_of, """<main><form>
      <label>Username<input id=p1 autocomplete="username"></label>
      <label>Birthday month<select id=p2 autocomplete="bday-month"><option>January</select>
      </label>
      <label>Street address<textarea id=p3 autocomplete="Street-Address"></textarea></label>
      <label>Work email<input id=p4 autocomplete="Work Email"></label>
      <label>Partner's email<input id=p5 autocomplete="section-partner email"></label>
      <label>Billing line 1<input id=p6 autocomplete="section-primary billing address-line1">
      </label>
      <label>Office email<input id=p7 autocomplete="section-primary shipping work email">
      </label>
      <label>Birthday day<input id=p8 name=bdayday type=tel autocomplete="bday-day"></label>
      <label>Username<input id=f1 autocomplete="badterm"></label>
      <label>Photo<input id=f2 autocomplete="work photo"></label>
      <label>Email<input id=f3 autocomplete="work shipping email"></label>
      <label>Email<input id=f4 autocomplete="work,email"></label>
      <label>Username<input id=f5 role=banner tabindex=0 autocomplete="banner"></label>
      <label>Username<input id=i1 autocomplete=""></label>
      <label>Username<input id=i2 autocomplete=" "></label>
      <label>Username<input id=i3 autocomplete="banana" style="display:none"></label>
      <label>Username<input id=i4 autocomplete="banana" disabled></label>
      <label>Username<input id=i5 autocomplete="banana" aria-disabled="true"></label>
      <label>Username<input id=i6 role=none disabled autocomplete="banana"></label>
      <label>First name<input id=i7 autocomplete="off"></label>
      </form></main>""", {"autocomplete-invalid"})
    assert selectors(hits["autocomplete-invalid"]) == {"#f1", "#f2", "#f3", "#f4", "#f5"}


# --- two address lines are two values ---------------------------------------------------------

def test_address_and_an_optional_address_2_are_not_one_split_value(journey_of):
    """EverShop: "Address *" then "Address 2" (optional), named shippingAddress.address_1/2;
    Oscar: line1 (required), line2, line3."""
    hits = found(journey_of, """<main><form novalidate>
      <div><label for=a1>Address *</label>
        <input id=a1 name="shippingAddress.address_1" placeholder="Address"></div>
      <div><label for=a2>Address 2</label>
        <input id=a2 name="shippingAddress.address_2" placeholder="Address 2"></div>
      <label for=l1>First line of address</label><input id=l1 name=line1 required>
      <label for=l2>Second line of address</label><input id=l2 name=line2>
      <label for=l3>Third line of address</label><input id=l3 name=line3>
      <button type=submit>Continue</button></form></main>""",
                 {"split-field", "autocomplete-missing"})
    assert hits["split-field"] == []
    wanted = {f.selector: f.message.rsplit("autocomplete=", 1)[1]
              for f in hits["autocomplete-missing"]}
    assert wanted["#a2"] == '"address-line2".'  # the field's own key, not "shipping address"
    assert wanted["#a1"] == '"address-line1".'


def test_a_phone_number_in_required_parts_is_still_split(journey_of):
    hits = found(journey_of, """<main><form><fieldset><legend>Phone number</legend>
      <input name=phone1 size=3 required aria-label="Area code" autocomplete=tel-area-code>
      <input name=phone2 size=4 required aria-label="Number" autocomplete=tel-local>
      </fieldset><button type=submit>Continue</button></form></main>""", {"split-field"})
    assert [f.message for f in hits["split-field"]] == [
        "“Phone number” is split over 2 boxes."]


# --- jargon: ordinary words are not jargon ----------------------------------------------------

def test_ordinary_german_and_spanish_shop_words_are_no_jargon(journey_of):
    """Oscar's German shipping page heading and its Spanish catalogue facets."""
    de = found(journey_of, """<main><h1>Lieferanschrift</h1><h2>Rechnungsanschrift</h2>
      <p>Die Lieferung erfolgt gemäß unseren Bedingungen an Ihre Adresse.</p></main>""",
               {"jargon"}, lang="de")
    assert [f.evidence.split(" in ")[0] for f in de["jargon"]] == ["“gemäß”"]
    es = found(journey_of, """<main><aside><h4>Refinar mediante</h4></aside>
      <p>Puede pagar mediante tarjeta, en virtud de las condiciones.</p></main>""",
               {"jargon"}, lang="es")
    assert [f.evidence.split(" in ")[0] for f in es["jargon"]] == ["“en virtud de”"]


# --- contact: another site's help is documentation --------------------------------------------

WIKI = """<header><a href="/index.php?title=Special:CreateAccount">Create account</a></header>
<main><h1>Main Page</h1><p>See <a href="{help}">Help about MediaWiki</a> and the
<a href="{faq}">MediaWiki FAQ</a>.</p></main>
<footer><a href="/index.php?title=Project:Privacy_policy">Privacy policy</a></footer>"""


def test_help_on_another_site_is_no_contact(journey_of):
    """MediaWiki: the main page links the software's manual and FAQ on mediawiki.org."""
    body = WIKI.format(help="https://www.mediawiki.org/wiki/Help:Contents",
                       faq="https://www.mediawiki.org/wiki/Manual:FAQ")
    hits = found(journey_of, body, {"contact-missing"}, kind="signup",
                 url="http://wiki.test/index.php?title=Main_Page")
    assert len(hits["contact-missing"]) == 1


def test_the_sites_own_help_page_unread_keeps_the_rule_silent(journey_of):
    body = WIKI.format(help="/index.php?title=Help:Contents",
                       faq="https://www.mediawiki.org/wiki/Manual:FAQ")
    url = "http://wiki.test/index.php?title=Main_Page"
    assert found(journey_of, body, {"contact-missing"}, kind="signup", url=url) == {}
    # read by the recorder and without contact, it decides: no contact
    view = journey_of([(url, page_html(body))], kind="signup", name="signup")
    view.journey.linked.append(LinkedPage(
        url="http://wiki.test/index.php?title=Help:Contents", clicks=1, from_step=0))
    view.linked_pages.append(view.pages[0])
    rules = [RULES["contact-missing"]]
    assert [f.rule_id for f in run_checks([view], rules).findings] == ["contact-missing"]


# --- field-label: every field the customer may use --------------------------------------------

def test_furniture_fields_need_a_label_too(journey_of):
    """Oscar's basket quantity (a grid with a heading row, no table) and EverShop's coupon box
    (a placeholder only) are left out of the journey's counts but are judged for labels;
    labelled furniture (Sort by, a language menu in the header, the site search) is not."""
    hits = found(journey_of, """
      <header><form action="/i18n/setlang/" method=post><label for=lang>Language</label>
        <select id=lang name=language><option>English<option>Deutsch</select>
        <button>Go</button></form>
        <form action="/search/"><input type=search name=q placeholder="Search"></form></header>
      <main><form method=get><label for=sort>Sort by</label>
        <select id=sort name=sort_by onchange="this.form.submit()">
        <option>Relevance<option>Price</select></form>
      <form action="/basket/" method=post><div class=row><h4>Items</h4><h4>Quantity</h4></div>
        <div class=row><div><a href="/p/1/">The Pocket Fern</a></div>
        <div><input id=qty type=number name="form-0-quantity" value=1 min=0></div></div>
        <button>Update</button></form>
      <aside><form class=coupon-form><input id=coupon name=coupon
        placeholder="Enter coupon code"><button type=button>Apply</button></form></aside>
      </main>""", {"field-label"}, url="http://shop.test/basket/")
    assert selectors(hits["field-label"]) == {"#qty", "#coupon"}
