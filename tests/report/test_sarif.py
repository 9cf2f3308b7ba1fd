"""SARIF: valid against the official 2.1.0 schema, within GitHub code scanning's documented
upload limits, located at files of the repository, with fingerprints that survive new hosts,
ports and inserted steps."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft7Validator

from frictionaudit.config import SarifConfig
from frictionaudit.report import write_reports
from frictionaudit.report.sarif import FINGERPRINT, fingerprints, page_uri, sarif_log
from frictionaudit.sources import config_entries, flow_entries, source_settings

ROOT = Path(__file__).parents[2]
SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
SOURCES = {"sources": ["signup=docs/examples/demo-smooth-signup.toml:6",
                       "checkout=docs/examples/demo-smooth-checkout.toml:5"],
           "sarif_fallback": "pyproject.toml"}


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    return Draft7Validator(json.loads(SCHEMA.read_text()))


def located(report):
    return report.model_copy(update={"settings": {**report.settings, **SOURCES}})


def uploadable(log: dict, checkout: Path) -> None:
    """GitHub code scanning's documented limits ("SARIF results exceed limit") and what makes
    an upload fail processing: URIs of another scheme than the checkout's."""
    assert len(log["runs"]) <= 20
    assert len(gzip.compress(json.dumps(log).encode())) < 10 * 1024 * 1024
    for run in log["runs"]:
        assert len(run["results"]) <= 25_000
        assert all(len(rule["properties"]["tags"]) <= 20 for rule in run["tool"]["driver"]["rules"])
        prints = [r["partialFingerprints"][FINGERPRINT] for r in run["results"]]
        assert len(set(prints)) == len(prints), "fingerprints must be unique"
        for result in run["results"]:
            assert 1 <= len(result["locations"]) <= 1000
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert not urlsplit(uri).scheme and not uri.startswith("/") and ".." not in uri
            assert (checkout / uri).is_file(), uri


def test_written_sarif_validates_and_is_uploadable(report_dir, validator):
    report, folder = report_dir
    [path] = write_reports(located(report), folder, ["sarif"])
    log = json.loads(path.read_text())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    uploadable(log, ROOT)


def test_hostile_report_validates_too(hostile_dir, validator):
    report, _ = hostile_dir
    assert not list(validator.iter_errors(sarif_log(located(report))))


def test_results_point_at_the_journeys_entry_with_the_page_in_message_and_properties(report_dir):
    report, _ = report_dir
    results = sarif_log(located(report))["runs"][0]["results"]
    first = results[0]
    physical = first["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "docs/examples/demo-smooth-signup.toml"},
                        "region": {"startLine": 6}}
    assert first["locations"][0]["logicalLocations"] == [{"name": "#email", "kind": "element"}]
    assert "signup, step 1" in first["message"]["text"]
    assert f"{report.target}signup/1 #email" in first["message"]["text"]
    assert first["properties"]["url"].endswith("/signup/1")
    assert first["properties"]["journey"] == "signup" and first["properties"]["step"] == 1
    site = next(r for r in results if r["ruleId"] == "transparency.no-contact")
    assert site["locations"][0]["physicalLocation"] == {"artifactLocation": {
        "uri": "pyproject.toml"}}  # no journey: the fallback
    assert "journey" not in site["properties"]


def test_routes_win_then_journey_entry_then_fallback(report_dir):
    report, _ = report_dir
    routed = report.model_copy(update={"settings": {
        **SOURCES, "sarif_routes": ["/checkout/*=frictionaudit/demo/checkout.py"]}})
    uris = {(r["properties"].get("journey"), r["locations"][0].get("physicalLocation", {})
             .get("artifactLocation", {}).get("uri"))
            for r in sarif_log(routed)["runs"][0]["results"]}
    assert ("checkout", "frictionaudit/demo/checkout.py") in uris
    assert ("signup", "docs/examples/demo-smooth-signup.toml") in uris


def test_with_no_source_file_every_result_is_located_at_its_pages_path(report_dir):
    """An autopilot audit with no config or flow file: code scanning refuses the whole upload
    when one result has no physical location, so each result points at its page's URL path."""
    report, _ = report_dir
    bare = sarif_log(report)["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in bare]
    assert all(uri.startswith("pages/") and not urlsplit(uri).scheme and ".." not in uri
               for uri in uris)
    assert "pages/signup/1" in uris
    site = next(r for r in bare if r["ruleId"] == "transparency.no-contact")
    assert site["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pages/index"


@pytest.mark.parametrize(("url", "uri"), [
    ("http://127.0.0.1:8000/", "pages/index"),
    ("https://shop.example/checkout/address/?step=2#top", "pages/checkout/address"),
    ("https://shop.example/a/../../etc/passwd", "pages/a/etc/passwd"),
    ("https://shop.example/caf%C3%A9/a%20b", "pages/caf%C3%A9/a%20b"),
])
def test_page_uri_is_a_relative_path_without_host_port_query_or_parent_steps(url, uri):
    assert page_uri(url) == uri


def test_rules_carry_level_security_severity_help_uri_and_markdown(report_dir):
    report, _ = report_dir
    rules = {r["id"]: r for r in sarif_log(report)["runs"][0]["tool"]["driver"]["rules"]}
    assert [r for r in rules] == [rule.id for rule in report.rules]
    assert rules["effort.forced-account"]["defaultConfiguration"]["level"] == "error"
    assert rules["effort.forced-account"]["properties"]["security-severity"] == "9.5"
    assert rules["effort.too-many-fields"]["properties"]["security-severity"] == "7.5"
    assert rules["clarity.vague-button"]["defaultConfiguration"]["level"] == "warning"
    assert rules["clarity.jargon"]["defaultConfiguration"]["level"] == "note"
    assert rules["clarity.jargon"]["properties"]["problem.severity"] == "recommendation"
    assert rules["effort.too-many-fields"]["helpUri"].startswith("https://baymard.com/")
    paste = rules["effort.paste-blocked"]
    assert "Let password managers paste." in paste["help"]["markdown"]
    assert "- WCAG 2.2 SC 3.3.8" in paste["help"]["markdown"]
    assert all(r["helpUri"].startswith("https://") and r["help"]["markdown"]
               for r in rules.values())


def test_every_built_in_rule_gets_a_help_uri_and_markdown_with_linked_refs():
    from frictionaudit.check.rules import load_rules
    from frictionaudit.report.sarif import PROJECT_URI, _rule

    descriptors = [_rule(rule.info()) for rule in load_rules()]
    cited = [d for d in descriptors if d["helpUri"] != PROJECT_URI]
    assert len(cited) >= len(descriptors) - 2  # nearly every rule links the source it cites
    wcag = next(d for d in descriptors if d["id"] == "contact-order")
    assert wcag["helpUri"] == "https://www.w3.org/WAI/WCAG22/Understanding/consistent-help.html"
    assert "](https://www.w3.org/WAI/WCAG22/Understanding/consistent-help.html)" in wcag[
        "help"]["markdown"]


def test_fingerprints_survive_hosts_ports_runs_and_inserted_steps(report_dir):
    report, _ = report_dir
    before = fingerprints(report.findings)
    assert len(set(before)) == len(before)

    def moved(f, shift):
        parts = urlsplit(f.url)
        url = parts._replace(netloc="preview-42.example.net:8443").geturl() if f.url else ""
        return f.model_copy(update={"url": url, "step": None if f.step is None
                                    else f.step + shift})

    inserted = report.findings[0].model_copy(update={"url": "https://x/new-step", "step": 0})
    after = fingerprints([inserted, *(moved(f, 1) for f in report.findings)])
    assert after[1:] == before


def test_identical_findings_on_one_element_are_told_apart_by_occurrence(report_dir):
    report, _ = report_dir
    twice = [report.findings[0], report.findings[0]]
    assert len(set(fingerprints(twice))) == 2
    assert fingerprints(twice) == fingerprints(list(twice))


def test_a_finding_whose_rule_is_not_listed_still_gets_a_rule(report_dir):
    report, _ = report_dir
    report = report.model_copy(update={"rules": report.rules[:1]})
    run = sarif_log(report)["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert set(ids) == {f.rule_id for f in report.findings}


def test_sources_come_from_flow_entries_config_tables_and_routes(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    flow = tmp_path / "flows" / "shop.toml"
    flow.parent.mkdir()
    flow.write_text('# shop\n[[journey]]\nname = "signup"\n[[journey.step]]\naction = "click"\n'
                    'role = "button"\nname = "Go"\n\n[[journey]]\nname = "checkout"\n',
                    encoding="utf-8")
    config = tmp_path / "pyproject.toml"
    config.write_text('[project]\nname = "x"\n[tool.frictionaudit.budgets."*"]\nmax_steps = 9\n'
                      '[tool.frictionaudit.journeys.search.context]\nlocale = "fr-FR"\n',
                      encoding="utf-8")
    assert flow_entries(flow) == {"signup": 2, "checkout": 9}
    assert config_entries(config) == {"*": 3, "search": 5}
    monkeypatch.chdir(tmp_path / "flows")
    settings = source_settings([flow], config, SarifConfig(routes={"/cart*": "shop/cart.py"}))
    assert settings == {
        "sources": ["signup=flows/shop.toml:2", "checkout=flows/shop.toml:9",
                    "*=pyproject.toml:3", "search=pyproject.toml:5"],
        "sarif_routes": ["/cart*=shop/cart.py"], "sarif_fallback": "pyproject.toml"}
