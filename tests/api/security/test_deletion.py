"""The user's control: "delete my conversation" reaches every tracker store (SQLite, PostgreSQL,
Redis), and a booking is erased by its reference and contact; retention on the same stores."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from api.app.booking.models import Appointment
from api.app.conversations import purge_conversations
from tests.api.chat.conftest import ChatClient
from tests.api.conftest import AUTH
from tests.api.factories import booking_body, make_advisor, make_slot
from tests.api.test_conversations import EVENTS, senders, tracker_db

REDIS_URL = "redis://127.0.0.1:6379/14"
ARABIC_DELETED = "تم حذف محادثتك. لم يعد Opas يحتفظ بما كتبته."


@pytest.fixture(autouse=True)
def _migrated(tmp_path: Path, migrated_database: Path) -> None:
    """The API's own database (the handoffs are deleted too) where chat_for and client_for look."""
    shutil.copyfile(migrated_database, tmp_path / "opas.db")


def test_the_widget_deletes_its_conversation_from_sqlite(chat_for: Callable[..., ChatClient], tmp_path: Path) -> None:
    store = tmp_path / "tracker.db"
    chat = chat_for(tracker_db=store)
    session = chat.start("ar")
    tracker_db(store, {session: [time.time()], "someone-else": [time.time()]})
    response = chat.http.delete(f"/v1/chat/sessions/{session}")
    assert response.status_code == 200, response.text
    assert response.json()["message"] == ARABIC_DELETED
    assert senders(store) == {"someone-else"}
    assert b"my number is" in store.read_bytes()  # the other one's; the deleted one is overwritten
    assert chat.http.delete("/v1/chat/sessions/forged.id.value").status_code == 404


def test_the_bot_deletes_a_conversation_from_postgresql(postgres_url: str, client_for) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text(EVENTS.replace("INTEGER PRIMARY KEY", "SERIAL PRIMARY KEY")))
        for sender, at in (("gone", time.time()), ("kept", time.time()), ("old", time.time() - 40 * 86400)):
            connection.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                                    "VALUES (:s, 'user', :t, '{}')"), {"s": sender, "t": at})
    client = client_for(tracker_url=postgres_url)
    assert client.delete("/v1/conversations/gone").json() == {"events": 1, "handoffs": 0}
    assert client.delete("/v1/conversations/gone", headers={"Authorization": ""}).status_code == 401
    # Retention by schedule: the API purged "old" (idle 40 days, the default keeps 30) at start-up.
    assert purge_conversations(postgres_url, retention_seconds=30 * 86400) == 0
    with engine.connect() as connection:
        assert {row[0] for row in connection.execute(text("SELECT sender_id FROM events"))} == {"kept"}
    engine.dispose()


def test_the_bot_deletes_a_conversation_from_redis(client_for) -> None:
    try:
        store = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
        store.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    sender = f"redis-{uuid.uuid4().hex}"
    store.set(f"opas:tracker:{sender}", '{"events": []}', ex=60)
    store.set(f"opas:tracker:{sender}-other", "{}", ex=60)
    client = client_for(tracker_redis_url=REDIS_URL)
    assert client.delete(f"/v1/conversations/{sender}").json()["events"] == 1
    assert store.get(f"opas:tracker:{sender}") is None and store.get(f"opas:tracker:{sender}-other") is not None
    # Retention in Redis is the key's expiry, which Rasa sets to OPAS_TRACKER_RETENTION_SECONDS
    # (tests/components/test_bounded_tracker.py checks the store sets it).
    assert 0 < store.ttl(f"opas:tracker:{sender}-other") <= 60
    store.delete(f"opas:tracker:{sender}-other")


def test_a_booking_is_erased_by_its_reference_and_contact(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db), timedelta(days=3))
    booked = api.post("/v1/appointments", json=booking_body(slot.id, contact="amina@example.fi", name="Amina"))
    reference = booked.json()["reference"]
    wrong = api.post(f"/v1/appointments/{reference}/erase", json={"contact": "someone@example.fi"})
    assert wrong.status_code == 404
    erased = api.post(f"/v1/appointments/{reference}/erase", json={"contact": "amina@example.fi"}, headers=AUTH)
    assert erased.json() == {"reference": reference, "status": "cancelled"}
    db.expire_all()
    row = db.query(Appointment).filter_by(reference=reference).one()
    assert (row.contact, row.name, row.token_hash, row.idempotency_key) == (None, None, None, None)
    # The time is free again.
    assert api.post("/v1/appointments", json=booking_body(slot.id, idempotency_key="another-key-1")).status_code == 201
