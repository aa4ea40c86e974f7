"""The intent guard moves systematic misreadings down the classifier's own ranking."""
from __future__ import annotations

from components.intent_guard import IntentGuard
from rasa.shared.nlu.training_data.message import Message


def classified(text: str, *ranking: tuple[str, float], entities: list | None = None) -> Message:
    items = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={"text": text, "intent": dict(items[0]), "intent_ranking": items,
                            "entities": entities or []})
    IntentGuard({}).process([message])
    return message


def test_a_long_greeting_is_the_question_it_also_is():
    message = classified("Hei! Muutettiin Loviisaan viime viikolla, mistä kannattaa aloittaa?",
                         ("greet", 0.55), ("ask_first_steps", 0.3), ("goodbye", 0.1))
    assert message.get("intent") == {"name": "ask_first_steps", "confidence": 0.3}
    assert [i["name"] for i in message.get("intent_ranking")] == ["ask_first_steps", "greet", "goodbye"]


def test_a_short_greeting_stays_a_greeting():
    message = classified("hei hei!", ("goodbye", 0.8), ("greet", 0.2))
    assert message.get("intent")["name"] == "goodbye"


def test_a_question_about_studying_a_language_is_no_language_switch():
    message = classified("Могу ли я изучать финский язык?", ("change_language", 0.6), ("ask_other_training", 0.3))
    assert message.get("intent")["name"] == "ask_other_training"


def test_learning_to_speak_a_language_is_no_switch_either():
    message = classified("haluan oppia puhumaan suomea", ("change_language", 0.7), ("ask_other_training", 0.2))
    assert message.get("intent")["name"] == "ask_other_training"


def test_asking_to_be_answered_in_a_language_still_switches():
    message = classified("answer in Finnish please", ("change_language", 0.9), ("ask_other_training", 0.05))
    assert message.get("intent")["name"] == "change_language"


def test_payloads_are_left_alone():
    message = classified('/greet', ("greet", 1.0))
    assert message.get("intent")["name"] == "greet"


def test_a_place_alone_tells_where_the_user_lives():
    place = [{"entity": "municipality", "value": "vihti", "start": 0, "end": 5}]
    message = classified("فيهتي", ("affirm", 0.6), ("deny", 0.2), entities=place)
    assert message.get("intent") == {"name": "inform", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "inform"


def test_thanks_with_a_question_about_a_place_is_left_to_the_ranking():
    place = [{"entity": "municipality", "value": "porvoo", "start": 20, "end": 26}]
    message = classified("kiitos, entä jos asun Porvoossa ja haen töitä?", ("thank", 0.5), ("ask_followup", 0.3),
                         entities=place)
    assert message.get("intent")["name"] == "ask_followup"
