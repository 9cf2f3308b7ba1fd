"""The defect manifest and the example flows agree with the shop they describe."""

import re
import tomllib
from pathlib import Path

import pytest
from demo_client import FORMS, PRODUCT, Client

from frictionaudit.demo import LANGS, VARIANTS, load_manifest
from frictionaudit.demo.journeys import demo_flow_paths
from frictionaudit.drive.persona import load_persona

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
KEYS = {"id", "variant", "device", "category", "journey", "path", "rules", "description"}
RULES = {  # the agreed rule ids; a defect may also name an alternative id from a rule pack
    "effort-fields", "forced-account", "confirm-field", "paste-blocked",
    "credential-autocomplete-off", "captcha", "email-verification-gate", "arrival-popup",
    "split-field", "autocomplete-missing", "input-type", "field-label", "required-unmarked",
    "sensitive-required", "vague-button", "error-unhelpful", "jargon", "long-sentence",
    "readability", "consent-preticked", "consent-bundled", "cookie-no-reject", "opt-out-missing",
    "privacy-notice-missing", "contact-hidden", "contact-dropped", "late-fee",
    "paid-addon-preselected", "total-late",
}


def test_every_defect_is_well_formed():
    defects = load_manifest()
    assert len({d["id"] for d in defects}) == len(defects)
    for d in defects:
        assert set(d) == KEYS, d["id"]
        assert d["variant"] in VARIANTS and d["device"] in ("any", "mobile")
        assert d["category"] in ("effort", "clarity", "transparency", "control")
        assert d["journey"] in ("signup", "checkout")
        assert set(d["rules"]) & RULES, d["id"]
        assert d["path"] == "*" or d["path"].startswith("/"), d["id"]
        assert d["description"].strip()


def test_the_seeded_defects_are_all_listed():
    listed = {(rule, d["journey"], d["path"]) for d in load_manifest() for rule in d["rules"]}
    for expected in [
        ("forced-account", "checkout", "/account/register"),
        ("consent-preticked", "signup", "/account/register"),
        ("consent-preticked", "checkout", "/account/register"),
        ("jargon", "checkout", "/checkout/details"),
        ("arrival-popup", "checkout", "/"),
        ("email-verification-gate", "signup", "/account/verify"),
        ("late-fee", "checkout", "/checkout/review"),
        ("paid-addon-preselected", "checkout", "/checkout/shipping"),
        ("cookie-no-reject", "signup", "/"),
        ("effort-fields", "checkout", "*"),
    ]:
        assert expected in listed
    assert set().union(*(d["rules"] for d in load_manifest())) >= RULES


def test_filters():
    assert {d["variant"] for d in load_manifest("smooth")} == {"smooth"}
    assert load_manifest("smooth", device="any") == []
    assert [d["device"] for d in load_manifest("smooth", device="mobile")] == ["mobile"]
    rough = load_manifest("rough")
    assert load_manifest("rough", device="mobile") == load_manifest("rough", device="any") == rough
    load_manifest()[0]["rules"].append("mutated")
    assert "mutated" not in load_manifest()[0]["rules"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_defect_path_is_served(start_shop, variant):
    """Each path is a page of its own: with the state the journey brings, it needs no redirect."""
    shop = start_shop(variant)
    shopper, newcomer = Client(shop), Client(shop)
    shopper.prepare_order(variant)
    newcomer.post("/account/register", FORMS[variant]["register"])
    for path in {d["path"] for d in load_manifest(variant)} - {"*"}:
        reply = (newcomer if path == "/account/verify" else shopper).get(path, follow=False)
        assert reply.status == 200, path


def test_the_demo_runs_the_documented_example_flows():
    """One set of flow files: the demo's built-in driver is docs/examples, shipped in the
    wheel as frictionaudit/demo/flows."""
    assert {p.resolve() for v in VARIANTS for p in demo_flow_paths(v)} == {
        p.resolve() for p in EXAMPLES.glob("demo-*.toml")}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("kind", ["signup", "checkout"])
def test_example_flows_address_elements_the_shop_has(start_shop, variant, kind):
    flow = tomllib.loads((EXAMPLES / f"demo-{variant}-{kind}.toml").read_text())["journey"][0]
    assert (flow["kind"], flow["start"], flow["allow_irreversible"]) == (kind, "/", True)
    shop = start_shop(variant)
    html = "".join(page.body for page in Client(shop).checkout(variant).values())
    newcomer = Client(shop)
    html += "".join(newcomer.get(path).body for path in ("/", f"/product/{PRODUCT}",
                                                         "/account/register"))
    html += newcomer.post("/account/register", FORMS[variant]["register"]).body
    for step in flow["step"]:
        if step.get("optional"):
            continue  # for elements the shop shows only sometimes (a pop-up, ask_phone)
        if "testid" in step:
            assert f'data-testid="{step["testid"]}"' in html, step
        if "css" in step:
            name = re.fullmatch(r"\[name=(\w+)\](?:\[value=(\w+)\])?", step["css"])
            assert f'name="{name[1]}"' in html, step
            if name[2]:
                assert f'value="{name[2]}"' in html, step
        for persona in map(load_persona, LANGS):  # values are language-independent
            value = persona.expand(step.get("value", ""))
            if step["action"] == "select":
                assert f'<option value="{value}"' in html, (step, persona.locale)
