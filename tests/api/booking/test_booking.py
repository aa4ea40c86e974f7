"""POST /v1/appointments: booking rules, the answer's shape, and idempotent retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.app.booking.models import Appointment
from api.app.booking.service import hash_token
from api.app.content.models import utcnow
from booking_rules.reference import ALPHABET as REFERENCE_ALPHABET
from tests.api.factories import PHONE_E164, booking_body, make_advisor, make_slot


def error_code(response) -> str:
    return response.json()["error"]["code"]


def stored(db: Session, reference: str) -> Appointment:
    db.expire_all()
    return db.scalar(select(Appointment).where(Appointment.reference == reference))


def test_booking_answers_the_appointment_and_its_links(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db, languages=("fi", "en")))
    body = booking_body(slot.id, name="  Amina  ", topic="civic_orientation")
    response = api.post("/v1/appointments", json=body)
    assert response.status_code == 201, response.text
    assert "idempotent-replayed" not in response.headers
    out = response.json()
    reference = out["reference"]
    assert len(reference) == 6 and set(reference) <= set(REFERENCE_ALPHABET)
    assert not set(reference) & set("0O1I")
    assert out["status"] == "booked" and out["slot"]["id"] == slot.id
    assert (out["topic"], out["language"], out["mode"]) == ("civic_orientation", "en", "in_person")
    assert (out["interpreter_needed"], out["interpreter_language"]) == (False, None)
    assert (out["contact_kind"], out["contact_masked"], out["name"]) == ("phone", "+35840*****67", "Amina")
    assert out["cancel_url"].startswith("https://opas.example/cancel?token=")
    token = out["cancel_url"].split("token=")[1]
    assert out["calendar_url"] == f"https://opas.example/appointments/{reference}/calendar.ics?token={token}"

    row = stored(db, reference)
    assert row.contact == PHONE_E164 and row.contact_kind == "phone"
    assert row.token_hash == hash_token(token) and token not in row.token_hash
    assert row.idempotency_key == body["idempotency_key"]
    accepted = datetime.fromisoformat(body["privacy_accepted_at"])
    assert row.privacy_accepted_at == accepted.astimezone(UTC).replace(tzinfo=None)


def test_an_email_contact_is_stored_casefolded(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db))
    out = api.post("/v1/appointments", json=booking_body(slot.id, contact=" Amina.S@Example.FI ")).json()
    assert (out["contact_kind"], out["contact_masked"]) == ("email", "a***@example.fi")
    assert stored(db, out["reference"]).contact == "amina.s@example.fi"


@pytest.mark.parametrize("contact", ["12345", "not a contact", "amina@", "+358 40", "@example.fi"])
def test_an_invalid_contact_is_refused_without_echoing_it(api: TestClient, db: Session, contact: str) -> None:
    slot = make_slot(db, make_advisor(db))
    response = api.post("/v1/appointments", json=booking_body(slot.id, contact=contact))
    assert response.status_code == 422 and error_code(response) == "invalid_contact"
    assert contact not in response.text


def test_the_interpreter_follows_the_advisors_languages(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db, languages=("fi", "sv"))
    slots = [make_slot(db, advisor, timedelta(days=d)) for d in (1, 2, 3)]
    # The advisor does not speak Somali: an interpreter is booked even if the bot did not ask.
    out = api.post("/v1/appointments", json=booking_body(slots[0].id, language="so")).json()
    assert (out["interpreter_needed"], out["interpreter_language"]) == (True, "so")
    assert out["slot"]["interpreter_needed"] is True
    # Asked for explicitly, in a language the bot does not speak.
    body = booking_body(slots[1].id, language="fi", interpreter_needed=True, interpreter_language="ti")
    out = api.post("/v1/appointments", json=body).json()
    assert (out["interpreter_needed"], out["interpreter_language"]) == (True, "ti")
    out = api.post("/v1/appointments", json=booking_body(slots[2].id, language="sv")).json()
    assert (out["interpreter_needed"], out["interpreter_language"]) == (False, None)


def test_a_taken_past_withdrawn_or_unknown_slot_is_unavailable(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db)
    taken = make_slot(db, advisor)
    assert api.post("/v1/appointments", json=booking_body(taken.id)).status_code == 201
    past = make_slot(db, advisor, timedelta(minutes=-5))
    withdrawn = make_slot(db, advisor, timedelta(days=3), withdrawn_at=utcnow())
    for slot_id in (taken.id, past.id, withdrawn.id, 999_999):
        response = api.post("/v1/appointments", json=booking_body(slot_id, contact="+358 50 5556666"))
        assert response.status_code == 409, (slot_id, response.text)
        assert error_code(response) == "slot_unavailable"
    assert db.scalar(select(func.count()).select_from(Appointment)) == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"mode": "video"}, "invalid_request"),
        ({"topic": "booking"}, "invalid_request"),
        ({"language": "xx"}, "unsupported_language"),
        ({"privacy_accepted_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()}, "invalid_request"),
        ({"idempotency_key": "short"}, "invalid_request"),
        ({"surprise": 1}, "invalid_request"),
        ({"privacy_accepted_at": None}, "invalid_request"),
    ],
)
def test_invalid_requests_book_nothing(api: TestClient, db: Session, change: dict, code: str) -> None:
    slot = make_slot(db, make_advisor(db))
    response = api.post("/v1/appointments", json=booking_body(slot.id, **change))
    assert response.status_code == 422 and error_code(response) == code, response.text
    assert db.scalar(select(func.count()).select_from(Appointment)) == 0


def test_a_retried_request_returns_the_same_appointment(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db))
    body = booking_body(slot.id)
    first = api.post("/v1/appointments", json=body)
    again = api.post("/v1/appointments", json=body | {"contact": "+358401234567"})
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["reference"] == first.json()["reference"]
    assert db.scalar(select(func.count()).select_from(Appointment)) == 1
    # Only a hash of the token is kept, so the retry's answer carries new links; the old ones end.
    assert again.json()["cancel_url"] != first.json()["cancel_url"]
    assert api.get(first.json()["calendar_url"]).status_code == 404
    assert api.get(again.json()["calendar_url"]).status_code == 200


def test_a_key_reused_for_another_booking_is_refused(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db)
    slot, other = make_slot(db, advisor), make_slot(db, advisor, timedelta(days=4))
    body = booking_body(slot.id)
    assert api.post("/v1/appointments", json=body).status_code == 201
    for change in ({"slot_id": other.id}, {"contact": "someone@example.fi"}):
        response = api.post("/v1/appointments", json=body | change)
        assert response.status_code == 409 and error_code(response) == "idempotency_key_reused"
    assert db.scalar(select(func.count()).select_from(Appointment)) == 1


def test_every_booking_route_needs_the_token(api: TestClient) -> None:
    no_token = {"Authorization": ""}
    requests = [
        ("post", "/v1/appointments", {}),
        ("post", "/v1/appointments/ABC234/lookup", {"contact": "x"}),
        ("post", "/v1/appointments/ABC234/cancel", {"contact": "x"}),
        ("post", "/v1/appointments/ABC234/reschedule", {"contact": "x", "slot_id": 1}),
    ]
    for method, path, body in requests:
        response = api.request(method, path, json=body, headers=no_token)
        assert response.status_code == 401 and error_code(response) == "unauthorized", path
