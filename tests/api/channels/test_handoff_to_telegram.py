"""The whole way: a Telegram user's handoff, an advisor joins and replies in the inbox's JSON API,
and the reply reaches the user's chat through the (fake) Telegram Bot API."""
from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.staff.conftest import csrf_token, log_in

CHAT_ID = "987654321"
BODY = {"conversation_id": "telegram-3f1c0e9a2b7d4c6e8f0a1b2c3d4e5f60", "channel": "telegram",
        "channel_user": CHAT_ID, "language": "en", "municipality": "porvoo", "topic": "integration_plan",
        "share_transcript": False}


def test_an_advisors_reply_during_a_handoff_reaches_telegram(handoff_api: TestClient, platforms, staff) -> None:
    created = handoff_api.post("/v1/handoffs", json=BODY)
    assert created.status_code == 201, created.text
    handoff_id = created.json()["id"]
    # The user writes while waiting (the connector's call), as the webhook would.
    assert handoff_api.post(f"/v1/handoffs/{handoff_id}/messages", json={"text": "Is anyone there?"}).status_code == 201

    advisor = TestClient(handoff_api.app)
    assert log_in(advisor, "anna").status_code in (200, 303)
    headers = {"X-CSRF-Token": csrf_token(advisor, "/staff/")}
    claimed = advisor.post(f"/staff/api/handoffs/{handoff_id}/claim", headers=headers)
    assert claimed.status_code == 200, claimed.text
    replied = advisor.post(f"/staff/api/handoffs/{handoff_id}/messages", headers=headers,
                           json={"text": "Hello, I am Anna. Yes, I am here."})
    assert replied.status_code == 201, replied.text

    sent = platforms.telegram_sent()
    assert [m["chat_id"] for m in sent] == [CHAT_ID, CHAT_ID]
    assert "Anna" in sent[0]["text"]  # "An advisor (Anna) joined the chat."
    assert sent[1]["text"] == "Hello, I am Anna. Yes, I am here."
