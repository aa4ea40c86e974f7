from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.language import ActionChangeLanguage
from actions.slots import decide_language
from tests.actions.conftest import make_tracker, run


def test_change_language_confirms_in_the_new_language():
    dispatcher = CollectingDispatcher()
    run(ActionChangeLanguage(), dispatcher, make_tracker(
        "svara på engelska", "change_language", [{"entity": "requested_language", "value": "en"}],
        slots={"language": "sv"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_language_changed" and message["language"] == "en"


def test_change_language_without_a_language_offers_the_menu():
    dispatcher = CollectingDispatcher()
    run(ActionChangeLanguage(), dispatcher, make_tracker("vaihda kieli", "change_language", slots={"language": "fi"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_language_menu"]


def detection(language, words, confidence=0.95, method="lingua", request=False):
    return {"language_detection": {"language": language, "words": words, "confidence": confidence,
                                   "method": method, "request": request}}


def test_first_message_sets_the_language():
    assert decide_language(None, detection("so", 2, method="vocabulary"), "greet", None, False) == "so"


def test_place_names_numbers_and_ok_keep_the_language():
    assert decide_language("ar", detection(None, 0, 0.0, "none"), "inform", None, False) == "ar"
    assert decide_language("ar", detection("fi", 1, 0.99, "vocabulary"), "affirm", None, False) == "ar"


def test_a_long_confident_message_in_another_language_switches():
    assert decide_language("sv", detection("fi", 7, 0.97), "ask_integration_plan", None, False) == "fi"
    assert decide_language("sv", detection("fi", 7, 0.55), "ask_integration_plan", None, False) == "sv"


def test_explicit_request_switches_even_when_short():
    assert decide_language("uk", detection("en", 5), "change_language", "en", False) == "en"


def test_client_picker_wins_and_payloads_keep():
    latest = {**detection("fi", 9), "metadata": {"language": "fa"}}
    assert decide_language("sv", latest, "greet", None, False) == "fa"
    assert decide_language("sv", detection("en", 9), "inform", None, True) == "sv"


def test_a_named_language_in_a_question_is_not_a_request():
    # "Are there Finnish courses?" names Finnish but asks about training.
    assert decide_language("en", detection("en", 5, request=False), "ask_other_training", "fi", False) == "en"


def test_the_sessions_language_decides_a_first_message_that_shows_none():
    latest = {**detection(None, 0, 0.0, "none"), "metadata": {"session_language": "uk"}}
    assert decide_language(None, latest, "inform", None, False) == "uk"  # "Porvoo"
    assert decide_language(None, {"metadata": {"session_language": "uk"}}, "inform", None, True) == "uk"  # a button


def test_the_users_own_words_win_over_the_sessions_language():
    latest = {**detection("sv", 6, 0.97), "metadata": {"session_language": "uk"}}
    assert decide_language(None, latest, "ask_integration_plan", None, False) == "sv"
    unsure = {**detection("so", 1, 0.4, "vocabulary"), "metadata": {"session_language": "uk"}}
    assert decide_language(None, unsure, "greet", None, False) == "uk"


def test_a_session_hint_never_switches_a_running_conversation():
    latest = {**detection(None, 0, 0.0, "none"), "metadata": {"session_language": "uk"}}
    assert decide_language("fi", latest, "inform", None, False) == "fi"
