"""Look up, cancel and reschedule by reference + contact (the bot's "cancel my appointment")."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app.booking.models import Appointment, Slot
from tests.api.factories import booking_body, make_advisor, make_slot


def book(api: TestClient, slot: Slot, **changes: object) -> dict:
    response = api.post("/v1/appointments", json=booking_body(slot.id, **changes))
    assert response.status_code == 201, response.text
    return response.json()


def status_of(db: Session, reference: str) -> str:
    db.expire_all()
    return db.scalar(select(Appointment.status).where(Appointment.reference == reference))


def free_ids(api: TestClient, provider: str = "porvoo") -> list[int]:
    slots = api.get("/v1/slots", params={"provider": provider, "limit": 50}).json()["slots"]
    return [s["id"] for s in slots]


def test_look_up_with_the_contact_in_any_format(api: TestClient, db: Session) -> None:
    booked = book(api, make_slot(db, make_advisor(db)))
    reference = booked["reference"]
    for ref, contact in [
        (reference, "040 123 4567"),
        (reference.lower(), "+358401234567"),
        (f"{reference[:3]}-{reference[3:]}", "+358 40 123 45 67"),
    ]:
        response = api.post(f"/v1/appointments/{ref}/lookup", json={"contact": contact})
        assert response.status_code == 200, (ref, contact)
        out = response.json()
        assert out["reference"] == reference and out["status"] == "booked"
        # The links are given once, with the booking: a lookup does not hand them out.
        assert out["cancel_url"] is None and out["calendar_url"] is None


def test_a_wrong_contact_looks_like_an_unknown_reference(api: TestClient, db: Session) -> None:
    reference = book(api, make_slot(db, make_advisor(db)))["reference"]
    wrong = api.post(f"/v1/appointments/{reference}/lookup", json={"contact": "040 765 4321"})
    unknown = api.post("/v1/appointments/ZZZZZZ/lookup", json={"contact": "040 123 4567"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "appointment_not_found"
    for path in ("cancel", "reschedule"):
        body = {"contact": "040 765 4321", "slot_id": 1}
        if path == "cancel":
            body.pop("slot_id")
        response = api.post(f"/v1/appointments/{reference}/{path}", json=body)
        assert response.json() == unknown.json()
    assert status_of(db, reference) == "booked"


def test_cancel_frees_the_slot_and_may_be_repeated(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db))
    reference = book(api, slot)["reference"]
    assert slot.id not in free_ids(api)
    response = api.post(f"/v1/appointments/{reference}/cancel", json={"contact": "0401234567"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert status_of(db, reference) == "cancelled"
    assert slot.id in free_ids(api)
    again = api.post(f"/v1/appointments/{reference}/cancel", json={"contact": "0401234567"})
    assert again.status_code == 200 and again.json()["status"] == "cancelled"
    # The freed time can be booked by someone else.
    assert book(api, slot, contact="other@example.fi")["status"] == "booked"


def test_an_appointment_that_has_begun_or_was_marked_cannot_be_cancelled(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db))
    reference = book(api, slot)["reference"]
    db.get(Slot, slot.id).starts_at -= timedelta(days=3)  # it is in the past now
    db.commit()
    response = api.post(f"/v1/appointments/{reference}/cancel", json={"contact": "0401234567"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "appointment_not_active"
    assert status_of(db, reference) == "booked"


def test_reschedule_moves_the_appointment_atomically(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db, languages=("fi",))
    old_slot, new_slot = make_slot(db, advisor), make_slot(db, advisor, timedelta(days=5), mode="phone")
    old = book(api, old_slot, language="fi", topic="needs_assessment", name="Amina")
    body = {"contact": "040 123 4567", "slot_id": new_slot.id}
    response = api.post(f"/v1/appointments/{old['reference']}/reschedule", json=body)
    assert response.status_code == 200, response.text
    new = response.json()
    assert new["reference"] != old["reference"] and new["status"] == "booked"
    assert new["slot"]["id"] == new_slot.id and new["mode"] == "phone"
    assert (new["topic"], new["language"], new["name"]) == ("needs_assessment", "fi", "Amina")
    assert new["cancel_url"] and new["calendar_url"]
    assert status_of(db, old["reference"]) == "rescheduled"
    assert old_slot.id in free_ids(api) and new_slot.id not in free_ids(api)
    # The old reference leads to the new appointment; a retried request changes nothing.
    looked_up = api.post(f"/v1/appointments/{old['reference']}/lookup", json={"contact": "0401234567"})
    assert looked_up.json()["reference"] == new["reference"]
    retried = api.post(f"/v1/appointments/{old['reference']}/reschedule", json=body)
    assert retried.status_code == 200 and retried.json()["reference"] == new["reference"]
    assert db.scalar(select(Appointment.id).where(Appointment.slot_id == new_slot.id).offset(1)) is None


def test_reschedule_to_a_taken_time_changes_nothing(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db)
    mine, theirs = make_slot(db, advisor), make_slot(db, advisor, timedelta(days=3))
    reference = book(api, mine)["reference"]
    book(api, theirs, contact="other@example.fi")
    body = {"contact": "0401234567", "slot_id": theirs.id}
    response = api.post(f"/v1/appointments/{reference}/reschedule", json=body)
    assert response.status_code == 409 and response.json()["error"]["code"] == "slot_unavailable"
    assert status_of(db, reference) == "booked"
    assert mine.id not in free_ids(api)


def test_reschedule_stays_with_the_provider(api: TestClient, db: Session) -> None:
    reference = book(api, make_slot(db, make_advisor(db)))["reference"]
    elsewhere = make_slot(db, make_advisor(db, provider="loviisa"))
    body = {"contact": "0401234567", "slot_id": elsewhere.id}
    response = api.post(f"/v1/appointments/{reference}/reschedule", json=body)
    assert response.status_code == 422 and status_of(db, reference) == "booked"


def test_a_cancelled_appointment_cannot_be_rescheduled(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db)
    slot, later = make_slot(db, advisor), make_slot(db, advisor, timedelta(days=3))
    reference = book(api, slot)["reference"]
    api.post(f"/v1/appointments/{reference}/cancel", json={"contact": "0401234567"})
    body = {"contact": "0401234567", "slot_id": later.id}
    response = api.post(f"/v1/appointments/{reference}/reschedule", json=body)
    assert response.status_code == 409 and response.json()["error"]["code"] == "appointment_not_active"
    assert later.id in free_ids(api)
