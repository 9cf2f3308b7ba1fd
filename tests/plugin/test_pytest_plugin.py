"""The pytest plugin, tested the way pytest plugins are: pytester runs a team's own test file
that drives the demo shop with pytest-playwright's `page` and measures it with `friction`."""

from __future__ import annotations

import json

import pytest

from frictionaudit.demo import DemoShop

pytest_plugins = ["pytester"]

CONFTEST = """
import pytest
from frictionaudit.pytest_plugin import launch_args

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, **launch_args()}
"""

TEST = """
SHOP = "{url}"

def test_signup(page, friction):
    with friction.journey("signup", kind="signup", {budget}):
        page.goto(SHOP + "/")
        page.get_by_test_id("cookie-reject").click()
        page.goto(SHOP + "/account/register")
        page.fill("[name=email]", "alex.taylor@example.com")
        page.fill("[name=password]", "Frict1on-Audit-Pass!")
        page.get_by_test_id("register").click()
        page.wait_for_url("**/account/welcome")
"""


@pytest.fixture(scope="module")
def shop():
    with DemoShop(variant="smooth", lang="en") as running:
        yield running


def run(pytester, shop, budget: str):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_journey=TEST.format(url=shop.url, budget=budget))
    return pytester.runpytest_subprocess("-p", "playwright", "--friction-report", "out")


def test_a_journey_within_budget_passes_and_writes_a_report(pytester, shop):
    result = run(pytester, shop, "max_fields=5, max_steps=4")
    result.assert_outcomes(passed=1)
    report = json.loads((pytester.path / "out" / "report.json").read_text())
    assert report["gate"]["passed"] is True and report["gate"]["preset"] == "none"
    assert report["settings"]["sources"][0].startswith("signup=")
    assert report["settings"]["sources"][0].endswith("test_journey.py:4")
    journey = report["journeys"][0]
    assert journey["name"] == "signup"
    assert journey["metrics"]["steps"] == 3
    assert journey["metrics"]["fields"] == 2
    assert (pytester.path / "out" / "report.html").is_file()


def test_a_journey_over_budget_fails_at_the_tests_line_and_the_report_agrees(pytester, shop):
    result = run(pytester, shop, "max_fields=1, max_steps=2")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "friction budget exceeded" in out
    assert "signup: 2 fields > budget 1" in out
    assert "step 1" in out  # the step that carries the fields is named
    assert "signup: 3 steps > budget 2" in out
    assert "test_journey.py:4: AssertionError" in out  # the test's own `with` line
    assert "pytest_plugin.py" not in out
    gate = json.loads((pytester.path / "out" / "report.json").read_text())["gate"]
    assert gate["passed"] is False
    assert [r.split(" (")[0] for r in gate["reasons"]] == ["signup: 3 steps > budget 2",
                                                           "signup: 2 fields > budget 1"]


def test_an_unknown_budget_key_fails_on_one_line_before_the_journey_runs(pytester, shop):
    result = run(pytester, shop, "max_feilds=3")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "friction.journey('signup'): unknown budget key(s) max_feilds; known keys: " in out
    assert "ValidationError" not in out and "Traceback" not in out
    assert not (pytester.path / "out" / "report.json").exists()  # nothing was driven


def test_budgets_come_from_the_projects_config(pytester, shop):
    pytester.makefile(".toml", friction="[budgets.signup]\nmax_fields = 1\n")
    result = run(pytester, shop, "kind='signup'".replace("kind='signup'", "max_steps=10"))
    result.assert_outcomes(failed=1)
    assert "2 fields > budget 1" in result.stdout.str()
