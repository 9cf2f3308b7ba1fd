"""Rule parameters are typed: each check declares its parameters with their defaults once; a
rule pack's typo, wrong type or unknown message placeholder is an error naming the file and
the rule, and the built-in rules load with every default filled in."""

from __future__ import annotations

import pytest

from frictionaudit.check.registry import all_checks
from frictionaudit.check.rules import load_rules
from frictionaudit.errors import UsageError


def pack(tmp_path, text: str):
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_builtin_rules_get_their_checks_defaults():
    rules = {r.id: r for r in load_rules()}
    for rule in rules.values():
        declared = all_checks()[rule.check].params.model_fields
        assert set(rule.params) == set(declared), rule.id
    assert rules["readability"].params["min_words"] == 40


def test_a_typo_in_a_users_params_names_file_and_rule(tmp_path):
    folder = pack(tmp_path, '[[rule]]\nid = "readability"\n[rule.params]\nmin_wrods = 10\n')
    with pytest.raises(UsageError) as caught:
        load_rules([folder])
    said = str(caught.value)
    assert "mine.toml" in said and "'readability'" in said and "min_wrods" in said


def test_a_wrong_type_is_refused(tmp_path):
    folder = pack(tmp_path, '[[rule]]\nid = "shouting"\n[rule.params]\nmin_words = "many"\n')
    with pytest.raises(UsageError, match="min_words"):
        load_rules([folder])


def test_a_message_may_name_only_what_the_check_supplies(tmp_path):
    folder = pack(tmp_path, '[[rule]]\nid = "vague-button"\nmessage = "{label} is {colour}"\n')
    with pytest.raises(UsageError, match="colour"):
        load_rules([folder])
    ok = pack(tmp_path, '[[rule]]\nid = "vague-button"\nmessage = "The button {label} is vague"\n')
    assert any(r.id == "vague-button" for r in load_rules([ok]))


def test_a_users_params_merge_over_the_defaults(tmp_path):
    folder = pack(tmp_path, '[[rule]]\nid = "readability"\n[rule.params]\nmin_words = 10\n')
    rule = next(r for r in load_rules([folder]) if r.id == "readability")
    assert rule.params == {"min_words": 10, "tolerance": 0.15}
