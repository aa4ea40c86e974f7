"""Redis (Rasa's conversations and locks) or PostgreSQL (the API's data) briefly unreachable: the
user gets an apology in the conversation's language, and once the store is back the same
conversation goes on where it was."""
from __future__ import annotations

import time

import httpx

from locales.responses import RESPONSES
from locales.widget import chat_error

ENGLISH_APOLOGY = RESPONSES["utter_service_unavailable"].text


def new_session(faults, language: str) -> str:
    created = httpx.post(f"{faults.stack.api_url}/v1/chat/sessions", json={"language": language}, timeout=10)
    created.raise_for_status()
    return created.json()["session_id"]


def send(faults, session: str, text: str) -> httpx.Response:
    return httpx.post(f"{faults.stack.api_url}/v1/chat/sessions/{session}/messages", json={"text": text}, timeout=40)


def until_answered(faults, session: str, text: str, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        response = send(faults, session, text)
        if response.status_code == 200 and (response.json().get("opas") or {}).get("kind") == "answer":
            return response.json()
        assert time.monotonic() < deadline, f"no recovery: {response.status_code} {response.text[:300]}"
        time.sleep(0.5)


def test_redis_unreachable_gives_a_finnish_apology_then_the_conversation_goes_on(faults):
    session = new_session(faults, "fi")
    first = until_answered(faults, session, "mitä on monikielinen yhteiskuntaorientaatio?")
    assert first["opas"]["topic"] == "civic_orientation"
    faults.redis.close()
    try:
        down = send(faults, session, "kuinka kauan se kestää?")
    finally:
        faults.redis.open()
    assert down.status_code == 503
    message = down.json()["error"]["message"]
    assert message == chat_error("bot_unavailable", "fi") != chat_error("bot_unavailable", "en")
    again = until_answered(faults, session, "kuinka kauan se kestää?")
    assert again["opas"]["topic"] == "civic_orientation"  # the conversation's context survived


def test_postgres_unreachable_gives_a_finnish_apology_then_answers_again(faults):
    session = new_session(faults, "fi")
    until_answered(faults, session, "mitä on kotoutumissuunnitelma?")
    faults.postgres.close()
    try:
        time.sleep(1.2)  # the answers look at the content's revision at most once a second
        down = send(faults, session, "kuka tekee kotoutumissuunnitelman?")
    finally:
        faults.postgres.open()
    if down.status_code == 200:  # the bot apologises itself (utter_service_unavailable)
        turn = down.json()
        text = " ".join(m["text"] for m in turn["messages"])
        assert turn["opas"]["kind"] == "fallback" and turn["opas"]["language"] == "fi", turn
        assert text and ENGLISH_APOLOGY not in text
    else:  # or the gateway does, in the session's language
        assert down.status_code == 503, down.text
        assert down.json()["error"]["message"] == chat_error("bot_unavailable", "fi")
    again = until_answered(faults, session, "kuka tekee kotoutumissuunnitelman?")
    assert again["opas"]["topic"] == "integration_plan"
