"""The chat gateway's routes with the bot faked: sessions, forwarding, regrouping, errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.app.chat.sessions import SessionIds
from locales.widget import CHAT_ERRORS, chat_error
from tests.api.chat.conftest import rasa_reply

SOURCE = {"id": "lovisa-minutes-2025", "title": "Lovisa minutes", "url": "https://example.org/m"}


# --- sessions ---------------------------------------------------------------------------------


def test_a_session_is_public_and_negotiates_its_language(chat):
    response = chat.http.post("/v1/chat/sessions", headers={"Accept-Language": "ar,en;q=0.5"})
    assert response.status_code == 201
    body = response.json()
    assert body["language"] == "ar"
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)


def test_the_body_language_wins_over_the_header(chat):
    response = chat.http.post(
        "/v1/chat/sessions", json={"language": "sv-FI", "municipality": "porvoo"},
        headers={"Accept-Language": "ru"},
    )
    assert response.json()["language"] == "sv"
    assert response.json()["municipality"] == "porvoo"


def test_without_any_hint_the_session_is_in_the_default_language(chat):
    assert chat.http.post("/v1/chat/sessions").json()["language"] == "fi"


@pytest.mark.parametrize(
    "body", [{"language": "de"}, {"municipality": "<script>"}, {"municipality": "x" * 80}]
)
def test_bad_session_requests_are_422(chat, body):
    response = chat.http.post("/v1/chat/sessions", json=body)
    assert response.status_code == 422


def test_session_ids_are_unguessable_and_distinct(chat):
    ids = {chat.start() for _ in range(5)}
    assert len(ids) == 5
    assert all(len(session_id) >= 40 for session_id in ids)


def test_session_ids_are_signed_and_dated():
    ids = SessionIds("secret-one", timedelta(days=1))
    session_id, _ = ids.new()
    assert ids.is_valid(session_id)
    assert not SessionIds("secret-two", timedelta(days=1)).is_valid(session_id)
    random_part, stamp, signature = session_id.split(".")
    assert not ids.is_valid(f"{random_part}x.{stamp}.{signature}")
    assert not ids.is_valid("")
    assert not ids.is_valid("a" * 500)
    assert not SessionIds("secret-one", timedelta(seconds=-1)).is_valid(session_id)  # expired


# --- forwarding and regrouping ------------------------------------------------------------------


def test_text_is_forwarded_with_the_session_as_sender(chat):
    session_id = chat.start()
    response = chat.say(session_id, text="  who organises integration services?  ")
    assert response.status_code == 200
    # A session started without a language takes the default (no Accept-Language): its hint.
    assert chat.bot.received == [(session_id, "who organises integration services?", {"session_language": "fi"})]
    assert response.json() == {
        "messages": [{"text": "Hello!", "buttons": []}],
        "opas": {"kind": "smalltalk", "topic": None, "language": "en", "municipality": None,
                 "provider": None, "sources": [], "fallback_language": None},
        "handoff": None,  # set only during a live handoff
    }


def test_a_picked_language_goes_to_the_bot_as_metadata(chat):
    session_id = chat.start()
    chat.say(session_id, text="hello", language="so")
    assert chat.bot.received[-1][2] == {"language": "so", "session_language": "so"}


def test_every_message_carries_the_sessions_language_as_a_hint(chat):
    session_id = chat.start("uk")
    chat.say(session_id, payload='/inform{"municipality":"porvoo"}')
    assert chat.bot.received[-1][2] == {"session_language": "uk"}


def test_a_button_payload_is_forwarded_as_the_message(chat):
    session_id = chat.start()
    payload = '/inform{"municipality":"askola"}'
    assert chat.say(session_id, payload=payload).status_code == 200
    assert chat.bot.received[-1][1] == payload


def test_a_turn_is_regrouped_into_bubbles_buttons_and_opas(chat):
    buttons = [{"title": "Askola", "payload": '/inform{"municipality":"askola"}'}]
    chat.bot.reply = [
        {"recipient_id": "x", "text": "First part."},
        {"recipient_id": "x", "text": "Second part.", "buttons": buttons},
        {"recipient_id": "x", "custom": {"opas": {"kind": "clarify", "language": "fi"}}},
        {"recipient_id": "x", "image": "https://example.org/x.png"},
        "not a message",
        {"recipient_id": "x", "text": "Answer.", "buttons": [{"title": 1}, "junk"]},
        {"recipient_id": "x", "custom": {"opas": {"kind": "answer", "language": "fi",
                                                  "sources": [SOURCE], "extra": 1}}},
    ]
    turn = chat.say(chat.start(), text="hei").json()
    assert [m["text"] for m in turn["messages"]] == ["First part.", "Second part.", "Answer."]
    assert turn["messages"][1]["buttons"] == buttons
    assert turn["messages"][2]["buttons"] == []
    assert turn["opas"]["kind"] == "answer"  # the last opas describes the turn
    assert turn["opas"]["sources"] == [SOURCE]
    assert turn["opas"]["extra"] == 1  # unknown contract fields pass through


def test_the_bots_queued_turn_carries_its_handoff_to_the_widget(chat):
    # The bot's NLG puts the handoff inside custom.opas (actions/handoff.py: the user was queued).
    handoff = {"id": 7, "status": "queued", "position": 2, "estimate_seconds": 120}
    chat.bot.reply = [
        {"recipient_id": "x", "text": "You are number 2 in the queue."},
        {"recipient_id": "x", "custom": {"opas": {"kind": "handoff", "topic": "human_handoff",
                                                  "language": "en", "handoff": handoff}}},
    ]
    turn = chat.say(chat.start(), text="yes, share it").json()
    assert turn["opas"]["kind"] == "handoff"
    assert turn["handoff"] == handoff


def test_a_turn_without_opas_has_null(chat):
    chat.bot.reply = []
    assert chat.say(chat.start(), text="hei").json() == {"messages": [], "opas": None, "handoff": None}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": "hi", "payload": "/greet"},
        {"text": "   "},
        {"payload": "greet"},
        {"payload": "/inform" + "{" + '"municipality":"' + "x" * 60 + '"}'},  # over 64 bytes
        {"text": "hi", "language": "de"},
    ],
)
def test_bad_messages_are_422_and_not_forwarded(chat, body):
    response = chat.say(chat.start(), **body)
    assert response.status_code == 422
    assert chat.bot.received == []


# --- errors in the conversation's language -------------------------------------------------------


def test_an_unknown_session_is_404_in_the_requests_language(chat):
    response = chat.say("made-up-id", text="hei", headers={"Accept-Language": "sv"})
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "unknown_chat_session",
        "message": chat_error("unknown_chat_session", "sv"),
    }
    assert chat.bot.received == []


def test_a_too_long_message_is_413_in_the_session_language(chat):
    session_id = chat.start(language="uk")
    response = chat.say(session_id, text="я" * 1001)
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "message_too_long"
    assert error["message"] == chat_error("message_too_long", "uk", max_length=1000)
    assert "1000" in error["message"] and "message" not in error["message"]
    assert chat.say(session_id, text="я" * 1000).status_code == 200


def test_the_session_language_follows_the_bot(chat):
    session_id = chat.start(language="fi")
    chat.bot.reply = rasa_reply("Привіт", language="uk")
    chat.say(session_id, text="привіт")
    chat.bot.down = True
    response = chat.say(session_id, text="привіт")
    assert response.json()["error"]["message"] == chat_error("bot_unavailable", "uk")


def test_rasa_down_is_503_and_the_next_try_goes_through(chat):
    session_id = chat.start(language="ar")
    chat.bot.down = True
    response = chat.say(session_id, text="مرحبا")
    assert response.status_code == 503
    assert response.json()["error"] == {
        "code": "bot_unavailable",
        "message": chat_error("bot_unavailable", "ar"),
    }
    chat.bot.down = False
    assert chat.say(session_id, text="مرحبا").status_code == 200


@pytest.mark.parametrize("language", ["fi", "sv", "en", "uk", "ru", "ar", "so", "fa"])
def test_every_error_is_translated(language):
    for key, msgid in CHAT_ERRORS.items():
        text = chat_error(key, language, max_length=1000)
        assert text and "{" not in text
        if language != "en":
            assert text != msgid.format(max_length=1000), (language, key)


# --- limits ---------------------------------------------------------------------------------


def test_messages_per_minute_per_session(chat_for):
    chat = chat_for(chat_messages_per_minute_per_session=3)
    chat.bot.reply = rasa_reply("Moi!", language="fi")
    session_id = chat.start(language="fi")
    for _ in range(3):
        assert chat.say(session_id, text="hei").status_code == 200
    response = chat.say(session_id, text="hei")
    assert response.status_code == 429
    assert response.json()["error"] == {
        "code": "too_many_requests",
        "message": chat_error("too_many_requests", "fi"),
    }
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert len(chat.bot.received) == 3
    assert chat.say(chat.start(), text="hei").status_code == 200  # other sessions go on


def test_messages_per_minute_per_address(chat_for):
    chat = chat_for(chat_messages_per_minute_per_address=4)
    sessions = [chat.start() for _ in range(3)]
    statuses = [chat.say(s, text="hei").status_code for s in sessions + sessions]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_sessions_per_minute_per_address(chat_for):
    chat = chat_for(chat_sessions_per_minute_per_address=2)
    chat.start()
    chat.start()
    response = chat.http.post("/v1/chat/sessions", headers={"Accept-Language": "fa"})
    assert response.status_code == 429
    assert response.json()["error"]["message"] == chat_error("too_many_requests", "fa")


def test_the_message_limit_is_a_setting(chat_for):
    chat = chat_for(chat_max_message_chars=10)
    session_id = chat.start(language="en")
    error = chat.say(session_id, text="x" * 11).json()["error"]
    assert error["message"] == chat_error("message_too_long", "en", max_length=10)
