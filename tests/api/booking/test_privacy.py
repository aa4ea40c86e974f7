"""Personal data: the retention purge (`manage purge-expired`) and no contact data in logs."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app import config
from api.app.booking.models import Appointment, Slot
from api.app.booking.service import purge_expired
from api.app.config import Settings
from api.manage import main as manage
from tests.api.factories import booking_body, make_advisor, make_slot


def book_then_age(api: TestClient, db: Session, days_ago: int, contact: str) -> str:
    """An appointment whose time was ``days_ago`` days ago (booked while it was in the future)."""
    slot = make_slot(db, make_advisor(db), timedelta(days=1))
    body = booking_body(slot.id, contact=contact, name="Amina")
    reference = api.post("/v1/appointments", json=body).json()["reference"]
    db.get(Slot, slot.id).starts_at -= timedelta(days=days_ago + 1)
    db.commit()
    return reference


def row(db: Session, reference: str) -> Appointment:
    db.expire_all()
    return db.scalar(select(Appointment).where(Appointment.reference == reference))


def test_purge_removes_the_contact_data_of_old_appointments_only(api: TestClient, db: Session) -> None:
    old = book_then_age(api, db, 91, "old@example.fi")
    recent = book_then_age(api, db, 89, "recent@example.fi")
    assert purge_expired(db, retention_days=90) == 1
    purged = row(db, old)
    assert (purged.contact, purged.name, purged.token_hash, purged.idempotency_key) == (None, None, None, None)
    assert purged.purged_at is not None
    assert purged.status == "booked" and purged.topic == "integration_plan"  # statistics stay
    assert row(db, recent).contact == "recent@example.fi" and row(db, recent).name == "Amina"
    gone = api.post(f"/v1/appointments/{old}/lookup", json={"contact": "old@example.fi"})
    assert gone.status_code == 404
    assert purge_expired(db, retention_days=90) == 0


def test_manage_purge_expired_uses_the_retention_setting(
    api: TestClient,
    db: Session,
    booking_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    old = book_then_age(api, db, 40, "old@example.fi")
    monkeypatch.setenv("DATABASE_URL", booking_settings.database_url)
    monkeypatch.setenv("OPAS_BOOKING_RETENTION_DAYS", "30")
    config.get_settings.cache_clear()
    try:
        assert manage(["purge-expired"]) == 0
    finally:
        config.get_settings.cache_clear()
    assert "from 1 appointments older than 30 days" in capsys.readouterr().out
    assert row(db, old).contact is None


def test_no_contact_data_in_the_logs(api: TestClient, db: Session, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    advisor = make_advisor(db)
    slot, other = make_slot(db, advisor), make_slot(db, advisor, timedelta(days=3))
    secrets = ["040 999 8877", "+358409998877", "Secret.Person@Example.FI", "secret.person@example.fi", "Amina Q"]
    booked = api.post("/v1/appointments", json=booking_body(slot.id, contact=secrets[0], name=secrets[4])).json()
    reference = booked["reference"]
    api.post("/v1/appointments", json=booking_body(slot.id, contact=secrets[2]))  # taken
    api.post("/v1/appointments", json=booking_body(other.id, contact="040 99"))  # invalid
    api.post(f"/v1/appointments/{reference}/lookup", json={"contact": secrets[2]})  # wrong
    api.post(f"/v1/appointments/{reference}/reschedule", json={"contact": secrets[1], "slot_id": other.id})
    api.post(f"/v1/appointments/{reference}/cancel", json={"contact": secrets[0]})
    assert caplog.records  # the app did log (SQL, HTTP client): and none of it is personal
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in [*secrets, "040 99"]:
        assert secret not in logged


def test_the_api_purges_expired_contacts_by_itself_at_start_up(
    api: TestClient, db: Session, booking_settings
) -> None:
    from api.app.main import create_app

    old = book_then_age(api, db, 91, "forgotten@example.fi")
    assert row(db, old).contact == "forgotten@example.fi"
    with TestClient(create_app(booking_settings)):  # the lifespan starts the daily purge
        for _ in range(100):
            if row(db, old).contact is None:
                break
            time.sleep(0.02)
    assert row(db, old).contact is None and row(db, old).purged_at is not None
