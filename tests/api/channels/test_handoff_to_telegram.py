"""The whole way: a Telegram or WhatsApp user's handoff, an advisor joins and replies in the inbox's
JSON API, and the reply reaches the user's chat through the (fake) platform; WhatsApp only within
24 hours of the user's last message."""
from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.handoff.models import Handoff
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


WHATSAPP = {**BODY, "conversation_id": "whatsapp-0f1e2d3c4b5a69788796a5b4c3d2e1f0", "channel": "whatsapp",
            "channel_user": "whatsapp:+358401234567"}


def advisor_replies(handoff_api: TestClient, handoff_id: int, text: str) -> None:
    advisor = TestClient(handoff_api.app)
    log_in(advisor, "anna")
    headers = {"X-CSRF-Token": csrf_token(advisor, "/staff/")}
    assert advisor.post(f"/staff/api/handoffs/{handoff_id}/claim", headers=headers).status_code == 200
    assert advisor.post(f"/staff/api/handoffs/{handoff_id}/messages", headers=headers,
                        json={"text": text}).status_code == 201


def started_a_day_ago(db: Session, handoff_id: int) -> None:
    handoff = db.get(Handoff, handoff_id)
    handoff.created_at -= timedelta(hours=25)
    db.commit()


def test_whatsapps_window_counts_from_the_users_last_message(handoff_api: TestClient, platforms, db: Session) -> None:
    handoff_id = handoff_api.post("/v1/handoffs", json=WHATSAPP).json()["id"]
    started_a_day_ago(db, handoff_id)
    # The user wrote just now (through the connector): the window is open although the chat began 25 h ago.
    assert handoff_api.post(f"/v1/handoffs/{handoff_id}/messages", json={"text": "Hei?"}).status_code == 201
    advisor_replies(handoff_api, handoff_id, "Hei, täällä Anna.")
    assert [m["Body"] for m in platforms.whatsapp_sent()][-1] == "Hei, täällä Anna."


def test_after_24_hours_of_silence_the_advisor_is_told_and_nothing_goes_to_whatsapp(
    handoff_api: TestClient, platforms, db: Session
) -> None:
    handoff_id = handoff_api.post("/v1/handoffs", json=WHATSAPP).json()["id"]
    started_a_day_ago(db, handoff_id)
    advisor = TestClient(handoff_api.app)
    log_in(advisor, "anna")
    headers = {"X-CSRF-Token": csrf_token(advisor, "/staff/")}
    assert advisor.post(f"/staff/api/handoffs/{handoff_id}/claim", headers=headers).status_code == 200
    refused = advisor.post(f"/staff/api/handoffs/{handoff_id}/messages", headers=headers, json={"text": "Hei?"})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "whatsapp_window_closed"
    assert "24" in refused.json()["error"]["message"]
    assert platforms.whatsapp_sent() == []
    # The refused reply is not in the chat either: the advisor's view is what the user got.
    detail = advisor.get(f"/staff/api/handoffs/{handoff_id}", headers=headers).json()
    assert "Hei?" not in [event["text"] for event in detail["events"]]
