"""friction.toml: budgets, fail_on, the customer's situation per site and per journey."""

from __future__ import annotations

import pytest

from frictionaudit.config import load_config, parse_fail_on
from frictionaudit.errors import UsageError

CONFIG = """
fail_on = ["budget"]
[budgets.checkout]
max_fields = 12
[context]
devices = ["Desktop", "iPhone 13"]
locale = "en-GB"
[journeys.checkout.context]
throttle = "slow-4g"
[sites."https://staging.example.com".context]
locale = "fr-FR"
auth_file = "staging-auth.toml"
[sites."https://staging.example.com".budgets.checkout]
max_fields = 10
[sites."https://staging.example.com".journeys.signup.context]
viewport = "390x844"
"""


def test_site_sections_layer_on_top_of_the_defaults(tmp_path):
    (tmp_path / "friction.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(cwd=tmp_path)
    other = config.for_site("https://shop.example.com/")
    assert other.context.locale == "en-GB" and other.budgets["checkout"].max_fields == 12
    staging = config.for_site("https://staging.example.com/cart")
    assert staging.context.locale == "fr-FR"
    assert staging.context.devices == ["Desktop", "iPhone 13"]
    assert str(staging.context.auth_file) == "staging-auth.toml"
    assert staging.budgets["checkout"].max_fields == 10
    assert staging.journeys["checkout"].context.throttle == "slow-4g"
    assert staging.journeys["signup"].context.viewport == "390x844"
    assert parse_fail_on(None, config) == ["budget"]


def test_pyproject_section_is_read_when_there_is_no_friction_toml(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.frictionaudit.budgets."*"]\nmax_steps = 7\n',
        encoding="utf-8")
    assert load_config(cwd=tmp_path).budgets["*"].max_steps == 7


@pytest.mark.parametrize("text, words", [
    ('[budgets.checkout]\nmax_fieldz = 3\n', "budgets.checkout.max_fieldz"),
    ('[journeys.checkout.context]\ndevices = ["iPhone 13"]\n', "not per journey"),
    ('[context]\nviewport = "huge"\n', "context.viewport"),
    ('fail_on = ["sometimes"]\n', "fail_on"),
    ('[budgets\n', "not valid TOML"),
])
def test_bad_config_is_one_clear_usage_error(tmp_path, text, words):
    path = tmp_path / "friction.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as err:
        load_config(path)
    assert str(path) in str(err.value) and words in str(err.value)
