"""The booking forms and their rules fit together (bot/domain/booking.yml, bot/data/rules/booking.yml)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Action

import actions
from actions.booking.state import BOOKING_FORM_SLOTS, DIGRESSION_INTENTS

REPO = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((REPO / "bot" / "domain" / "booking.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((REPO / "bot" / "data" / "rules" / "booking.yml").read_text(encoding="utf-8"))["rules"]


def intents_of(step: dict) -> list[str]:
    if "intent" in step:
        return [step["intent"]]
    return [item["intent"] for item in step.get("or", []) if "intent" in item]


def rule_intents(form: str) -> set[str]:
    found: set[str] = set()
    for rule in RULES:
        steps = rule["steps"]
        if {"active_loop": form} in (rule.get("condition") or []) and "action" not in steps[0]:
            # A digression rule answers and then resumes the form.
            assert {"action": form} in steps and steps[-1] == {"active_loop": form}, rule["rule"]
            for step in steps:
                found |= set(intents_of(step))
    return found


@pytest.mark.parametrize("form", ["booking_form", "manage_form"])
def test_every_digression_a_form_leaves_to_the_rules_has_a_rule(form):
    assert sorted(DIGRESSION_INTENTS - rule_intents(form)) == []


def action_names() -> set[str]:
    names = set()
    for module in pkgutil.walk_packages(actions.__path__, "actions."):  # actions.booking.* too
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, Action) and cls.__module__ == loaded.__name__ and not inspect.isabstract(cls):
                names.add(cls().name())
    return names


def test_every_declared_booking_action_exists_and_every_question_has_an_asker():
    assert sorted(set(DOMAIN["actions"]) - action_names()) == []
    assert DOMAIN["forms"]["booking_form"]["required_slots"] == list(BOOKING_FORM_SLOTS)
    for form, spec in DOMAIN["forms"].items():
        for slot in spec["required_slots"]:
            assert f"action_ask_{slot}" in DOMAIN["actions"], (form, slot)


def test_form_slots_are_filled_only_by_their_form():
    for form, spec in DOMAIN["forms"].items():
        for slot in spec["required_slots"]:
            [mapping] = DOMAIN["slots"][slot]["mappings"]
            assert mapping == {"type": "custom", "conditions": [{"active_loop": form}]}, slot
