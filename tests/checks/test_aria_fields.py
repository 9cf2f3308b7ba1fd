"""ARIA widgets are fields (W3C ACT rules e086e5 and 73f2c2): custom text boxes, comboboxes,
spin buttons and check boxes are counted, named and judged like native ones; a landmark role
on a field does not hide it; an aria-disabled field is not judged; a form section's heading
button is not the shop's contact."""

from __future__ import annotations

from collections import defaultdict

from frictionaudit.check.contact import mechanisms
from frictionaudit.check.engine import run_checks
from frictionaudit.check.pagefacts import Noticeable
from frictionaudit.check.rules import load_rules

NOTICEABLE = Noticeable().model_dump()
RULES = [r for r in load_rules() if r.id in {"field-label", "autocomplete-invalid"}]

WIDGETS = """<form><h1>Delivery</h1>
<div id=street role=textbox contenteditable aria-label="Street and number"></div>
<div id=notes role=textbox aria-multiline=true contenteditable aria-label="Notes"></div>
<div id=country role=combobox aria-label="Country" aria-expanded=false>
  <ul role=listbox><li role=option>France</li><li role=option>Spain</li></ul></div>
<div id=qty role=spinbutton tabindex=0 aria-valuenow=1 aria-label="Quantity">1</div>
<div id=gift role=checkbox tabindex=0 aria-checked=true aria-label="Gift wrap"></div>
<div role=searchbox contenteditable aria-label="Search"></div>
<button>Continue</button></form>"""


def page_html(body: str) -> str:
    style = "<style>[role]{display:block;min-width:120px;min-height:24px}</style>"
    return f'<!doctype html><html lang="en"><meta charset="utf-8">{style}<body><main>{body}</main>'


def test_aria_widgets_are_counted_like_native_fields(snapshot):
    page = snapshot(page_html(WIDGETS))
    kinds = {f.tag.get("id"): f.kind for f in page.content_fields}
    assert kinds == {"street": "textbox", "notes": "textarea", "country": "combobox",
                     "qty": "spinbutton", "gift": "checkbox"}
    assert [f.tag.get("id") for f in page.counted_fields()] == ["street", "notes", "country",
                                                                "qty"]
    gift = next(f for f in page.fields if f.tag.get("id") == "gift")
    assert gift.checked and gift.label_or_name == "Gift wrap"


def _found(journey_of, body: str) -> dict[str, set[str]]:
    view = journey_of([("http://shop.test/form", page_html(body))], kind="signup", name="signup")
    found = defaultdict(set)
    for finding in run_checks([view], RULES).findings:
        found[finding.rule_id].add(finding.selector)
    return found


def test_an_unnamed_widget_is_reported_and_a_named_one_is_not(journey_of):
    found = _found(journey_of, """<form>
      <div><div id=bare role=textbox contenteditable></div></div>
      <div><span id=lbl>Colour</span><div id=byref role=listbox aria-labelledby=lbl></div></div>
      <div><label for=fake>Quantity</label><div id=fake role=spinbutton tabindex=0></div></div>
      <div><div id=heard role=combobox aria-label="Size"></div></div>
      </form>""")
    # <label for> names only labelable elements, and an aria-label is heard, not seen
    assert found["field-label"] == {"#bare", "#fake", "#heard"}


def test_a_landmark_role_does_not_hide_a_field_and_aria_disabled_is_not_judged(journey_of):
    found = _found(journey_of, """<form>
      <label for=a>Email</label><input id=a role=banner tabindex=0 autocomplete=banana>
      <label for=b>Name</label><input id=b autocomplete=banana aria-disabled=true>
      <label for=c>Phone</label><input id=c autocomplete="home tel">
      </form>""")
    assert found["autocomplete-invalid"] == {"#a"}


def test_a_form_section_heading_is_not_the_shops_contact(snapshot):
    page = snapshot(page_html("""<form><details open>
      <summary role=button>Contact information</summary>
      <label for=e>Email</label><input id=e type=email name=email></details>
      <button type=submit>Contact details saved: continue</button></form>"""))
    assert mechanisms(page, NOTICEABLE) == []
    linked = snapshot(page_html('<p><button type=button>Contact us</button></p>'))
    assert [m.kind for m in mechanisms(linked, NOTICEABLE)] == ["contact_link"]


def test_a_disabled_field_asks_nothing(journey_of):
    """Oscar's checkout gateway: the password box is disabled until "I have an account" is
    chosen; it is neither counted nor judged for its label."""
    found = _found(journey_of, """<form>
      <label for=e>Email</label><input id=e type=email name=username autocomplete=email>
      <label><input type=radio name=options value=guest checked> I am a new customer</label>
      <label><input type=radio name=options value=existing> I am a returning customer</label>
      <input id=pw type=password name=password disabled></form>""")
    assert "#pw" not in found["field-label"]
    view = journey_of([("http://shop.test/form", page_html(
        '<form><input id=pw type=password name=password disabled>'
        '<label for=e>Email</label><input id=e type=email name=email></form>'))])
    assert [f.tag.get("id") for f in view.pages[0].counted_fields()] == ["e"]
