from pathlib import Path

import pytest
import yaml

from locales.responses import KINDS, RESPONSES, VALID_KINDS, kind_of

ROOT = Path(__file__).resolve().parents[2]

# Rasa's built-in actions ask the NLG for these (reference/rasa-notes.md).
RASA_BUILT_INS = {"utter_default", "utter_ask_rephrase", "utter_restart", "utter_back"}


def declared_responses() -> set[str]:
    names: set[str] = set()
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names |= set(domain.get("responses") or {})
    return names


def test_every_declared_response_has_a_kind_and_a_text():
    declared = declared_responses()
    if not declared:
        pytest.skip("no responses declared in bot/domain yet")
    assert sorted(declared - set(KINDS)) == []


def test_built_in_responses_are_in_the_table():
    assert set(RESPONSES) >= RASA_BUILT_INS


def test_kinds_are_those_of_the_contract():
    assert set(KINDS.values()) <= VALID_KINDS
    assert kind_of("utter_answer") == "answer"
    assert kind_of("utter_ask_municipality") == "clarify"
    assert kind_of("utter_out_of_coverage") == "out_of_coverage"
    assert kind_of("utter_default") == "fallback"
    assert kind_of("utter_suggestions") == "fallback"
    assert kind_of("utter_language_changed") == "language"
    assert kind_of("utter_booking_done") == "booking"
    assert kind_of("utter_ask_booking_slot") == "booking"
    assert kind_of("utter_greet") == "smalltalk"


def test_unknown_response_has_no_kind():
    with pytest.raises(KeyError):
        kind_of("utter_does_not_exist")
