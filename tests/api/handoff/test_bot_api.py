"""``/v1/handoffs``: what the bot and the messaging connectors call (service token)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.handoff import service
from api.app.handoff.duty import set_duty_hours
from api.app.handoff.models import Handoff
from tests.api.handoff.conftest import Staff

BODY = {
    "conversation_id": "sender-1",
    "channel": "web",
    "language": "ar",
    "topic": "integration_plan",
    "municipality": "porvoo",
    "share_transcript": True,
    "transcript": [{"sender": "user", "text": "أريد التحدث مع شخص"}, {"sender": "bot", "text": "..."}],
}


def test_the_service_token_is_needed(handoff_api: TestClient) -> None:
    response = handoff_api.get("/v1/handoffs/availability?municipality=porvoo", headers={"Authorization": ""})
    assert response.status_code == 401


def test_availability(handoff_api: TestClient) -> None:
    found = handoff_api.get("/v1/handoffs/availability", params={"municipality": "porvoo", "language": "ar"}).json()
    assert found == {
        "available": True,
        "provider": "porvoo",
        "advisors_on_duty": 2,
        "queue_length": 0,
        "estimate_seconds": None,
        "speaks_language": True,
    }
    uncovered = handoff_api.get("/v1/handoffs/availability", params={"municipality": "helsinki"}).json()
    assert (uncovered["available"], uncovered["provider"]) == (False, None)


def test_start_follow_write_and_leave(handoff_api: TestClient) -> None:
    created = handoff_api.post("/v1/handoffs", json=BODY)
    assert created.status_code == 201, created.text
    handoff = created.json()
    assert (handoff["status"], handoff["position"], handoff["provider"]) == ("queued", 1, "porvoo")

    again = handoff_api.post("/v1/handoffs", json=BODY)
    assert again.status_code == 200 and again.json()["id"] == handoff["id"]

    active = handoff_api.get("/v1/handoffs/active", params={"conversation_id": "sender-1"})
    assert active.status_code == 200 and active.json()["language"] == "ar"
    written = handoff_api.post(f"/v1/handoffs/{handoff['id']}/messages", json={"text": "مرحبا"})
    assert written.status_code == 201 and written.json() == {"seq": 3}  # after two transcript lines

    left = handoff_api.post(f"/v1/handoffs/{handoff['id']}/leave")
    assert (left.json()["status"], left.json()["closed_reason"]) == ("closed", "user_left")
    assert handoff_api.get("/v1/handoffs/active", params={"conversation_id": "sender-1"}).status_code == 404
    refused = handoff_api.post(f"/v1/handoffs/{handoff['id']}/messages", json={"text": "hello?"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "handoff_not_active"


def test_nobody_on_duty_is_a_409_that_says_unavailable(handoff_api: TestClient, db: Session, staff: Staff) -> None:
    set_duty_hours(db, staff.loviisa, {})
    db.commit()
    response = handoff_api.post("/v1/handoffs", json=BODY | {"municipality": "loviisa"})
    assert response.status_code == 409
    assert response.json()["available"] is False and response.json()["detail"]


def test_the_transcript_is_bounded(handoff_api: TestClient) -> None:
    too_many = BODY | {"transcript": [{"sender": "user", "text": "x"}] * 51}
    assert handoff_api.post("/v1/handoffs", json=too_many).status_code == 422
    too_long = BODY | {"transcript": [{"sender": "user", "text": "x" * 2001}]}
    assert handoff_api.post("/v1/handoffs", json=too_long).status_code == 422


def test_a_queue_timeout_closes_through_the_sweep(handoff_api: TestClient, db: Session) -> None:
    handoff = handoff_api.post("/v1/handoffs", json=BODY).json()
    assert [h.id for h, _ in service.sweep(db, timeout_seconds=0.000001)] == [handoff["id"]]
    assert db.get(Handoff, handoff["id"]).closed_reason == "timeout"
