"""POST /v1/nlg: Rasa 3.6's NLG protocol and the bot's compact form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from locales.languages import SUPPORTED
from locales.responses import RESPONSES
from tests.api.conftest import TOKEN

ARABIC = re.compile(r"[\u0600-\u06ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def rasa_request(response: str, slots: dict[str, Any], arguments: dict | None = None) -> dict:
    """A request as Rasa 3.6's CallbackNaturalLanguageGenerator sends it."""
    return {
        "response": response,
        "id": None,
        "arguments": arguments or {},
        "tracker": {
            "sender_id": "a1b2c3",
            "slots": {"municipality": None, "jobseeker": None, **slots},
            "latest_message": {
                "text": "مرحبا",
                "intent": {"name": "greet", "confidence": 0.98},
                "entities": [],
                "metadata": {},
            },
            "latest_event_time": 1763827200.0,
            "followup_action": None,
            "paused": False,
            "events": [
                {"event": "action", "name": "action_session_start", "timestamp": 1763827199.0},
                {"event": "user", "text": "مرحبا", "timestamp": 1763827200.0, "parse_data": {}},
            ],
            "latest_input_channel": "rest",
            "active_loop": {},
            "latest_action": {"action_name": "action_listen"},
            "latest_action_name": "action_listen",
        },
        "channel": {"name": "collector"},
    }


def nlg(client: TestClient, body: Any, **kwargs: Any) -> dict[str, Any]:
    response = client.post("/v1/nlg", json=body, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def test_rasa_request_with_the_token_in_the_query(small_client: TestClient) -> None:
    body = nlg(
        small_client,
        rasa_request("utter_greet", {"language": "ar"}),
        params={"token": TOKEN},
        headers={"Authorization": ""},
    )
    assert ARABIC.search(body["text"])
    assert body["buttons"] and all(set(b) == {"title", "payload"} for b in body["buttons"])
    assert all(b["payload"].startswith("/") for b in body["buttons"])


def test_arguments_language_wins_over_the_slot(small_client: TestClient) -> None:
    body = nlg(small_client, rasa_request("utter_greet", {"language": "ar"}, {"language": "ru"}))
    assert CYRILLIC.search(body["text"]) and not ARABIC.search(body["text"])


def test_compact_request(small_client: TestClient) -> None:
    body = nlg(small_client, {"response": "utter_greet", "arguments": {}, "language": "uk"})
    assert CYRILLIC.search(body["text"])
    assert body == nlg(small_client, rasa_request("utter_greet", {"language": "uk"}))


@pytest.mark.parametrize(
    "slots", [{}, {"language": None}, {"language": "de"}, {"language": 7}, {"language": ""}]
)
def test_no_or_unsupported_language_gives_finnish(small_client: TestClient, slots: dict) -> None:
    finnish = nlg(small_client, {"response": "utter_greet", "language": "fi"})
    assert nlg(small_client, rasa_request("utter_greet", slots)) == finnish


def test_tracker_and_arguments_may_be_null(small_client: TestClient) -> None:
    body = nlg(
        small_client, {"response": "utter_goodbye", "arguments": None, "tracker": None, "id": None}
    )
    assert body["text"]


def test_old_template_field(small_client: TestClient) -> None:
    assert nlg(small_client, {"template": "utter_thank", "language": "sv"})["text"]


def test_unknown_response_is_404(small_client: TestClient) -> None:
    response = small_client.post("/v1/nlg", json=rasa_request("utter_no_such_thing", {}))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_response"


def test_answer_with_fallback_note(small_client: TestClient) -> None:
    arguments = {"answer": "Civic orientation is a course.", "fallback_language": "en"}
    body = nlg(small_client, rasa_request("utter_answer", {"language": "so"}, arguments))
    assert body["text"].endswith("Civic orientation is a course.")
    assert body["text"] != "Civic orientation is a course."  # the note about the language


def test_odd_arguments_do_not_break_rendering(small_client: TestClient) -> None:
    arguments = {"topics": {"not": "a list"}, "count": [1, 2], "answer": None, "place": {"x": 1}}
    for name in ("utter_suggestions", "utter_out_of_coverage", "utter_answer"):
        body = nlg(small_client, rasa_request(name, {"language": "fa"}, arguments))
        assert isinstance(body.get("text"), str)


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_response_renders_without_null_keys(small_client: TestClient, language: str) -> None:
    for name in sorted(RESPONSES):
        response = small_client.post("/v1/nlg", json=rasa_request(name, {"language": language}))
        assert response.status_code == 200, (name, response.text)
        body = response.json()
        assert body.get("text"), name
        assert None not in body.values(), name
        assert "buttons" not in body or body["buttons"], name
