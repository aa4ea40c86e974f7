"""Racing requests, on a SQLite file and on PostgreSQL: the database keeps one booking per slot.

Every attempt runs in its own thread with its own engine (its own connection), released at
once by a barrier, against a real database: a file for SQLite, a server for PostgreSQL.
"""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.app.booking import service
from api.app.booking.models import BOOKED, Appointment, Slot
from api.app.booking.schemas import BookingIn
from api.app.db import create_db_engine, create_session_factory
from api.app.errors import AppointmentNotActive, SlotUnavailable
from api.manage import migrate
from tests.api.factories import add_providers, booking_body, make_advisor, make_slot

ATTEMPTS = 50
PUBLIC_URL = "https://opas.example"
T = TypeVar("T")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, migrated_database: Path) -> Iterator[str]:
    """A migrated database with the providers: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        shutil.copyfile(migrated_database, tmp_path / "race.db")
        url = f"sqlite:///{tmp_path / 'race.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        migrate(url, quiet=True)
    engine = create_db_engine(url)
    with create_session_factory(engine)() as session:
        add_providers(session)
    engine.dispose()
    yield url


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    engine = create_db_engine(database_url)
    with create_session_factory(engine)() as db:
        yield db
    engine.dispose()


def race(database_url: str, count: int, attempt: Callable[[Session, int], T]) -> list[T | str]:
    """Runs ``attempt(session, n)`` for n < count in parallel threads, each with its own engine;
    an expected refusal is returned as its error code."""
    barrier = threading.Barrier(count)

    def run(n: int) -> T | str:
        engine = create_db_engine(database_url)
        try:
            with create_session_factory(engine)() as db:
                db.connection()  # connected before the start, so that they really start together
                barrier.wait(timeout=30)
                try:
                    return attempt(db, n)
                except (SlotUnavailable, AppointmentNotActive) as error:
                    return error.code
        finally:
            engine.dispose()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def booked_on(db: Session, slot_id: int) -> int:
    db.expire_all()
    query = select(func.count()).where(Appointment.slot_id == slot_id, Appointment.status == BOOKED)
    return db.scalar(query)


def test_fifty_parallel_bookings_of_one_slot_book_it_once(database_url: str, session: Session) -> None:
    slot = make_slot(session, make_advisor(session))

    def attempt(db: Session, n: int) -> str:
        body = booking_body(slot.id, contact=f"+35840123{n:04d}", idempotency_key=f"race-{n:04d}-key")
        _appointment, replayed = service.book(db, BookingIn(**body), PUBLIC_URL)
        assert not replayed
        return "booked"

    outcomes = Counter(race(database_url, ATTEMPTS, attempt))
    assert outcomes == {"booked": 1, "slot_unavailable": ATTEMPTS - 1}
    assert booked_on(session, slot.id) == 1
    assert session.scalar(select(func.count()).select_from(Appointment)) == 1


def test_parallel_retries_of_one_request_book_once(database_url: str, session: Session) -> None:
    slot = make_slot(session, make_advisor(session))
    body = booking_body(slot.id)

    def attempt(db: Session, _n: int) -> str:
        return service.book(db, BookingIn(**body), PUBLIC_URL)[0].reference

    references = race(database_url, 20, attempt)
    assert len(set(references)) == 1 and references[0] != "slot_unavailable"
    assert session.scalar(select(func.count()).select_from(Appointment)) == 1


def test_reschedules_and_bookings_racing_for_one_slot(database_url: str, session: Session) -> None:
    """Ten users move their appointments to the slot ten others try to book: one wins, and every
    loser keeps the appointment they had."""
    advisor = make_advisor(session)
    target = make_slot(session, advisor, mode="phone")
    originals = []
    for n in range(10):
        slot = make_slot(session, advisor, timedelta(days=3 + n))
        body = booking_body(slot.id, contact=f"+35850555{n:04d}")
        originals.append((service.book(session, BookingIn(**body), PUBLIC_URL)[0].reference, slot.id))

    def attempt(db: Session, n: int) -> str:
        if n < 10:
            reference, _slot_id = originals[n]
            appointment = service.find(db, reference, f"+35850555{n:04d}")
            service.reschedule(db, appointment, target.id, PUBLIC_URL)
            return "moved"
        body = booking_body(target.id, contact=f"+35840999{n:04d}")
        service.book(db, BookingIn(**body), PUBLIC_URL)
        return "booked"

    outcomes = Counter(race(database_url, 20, attempt))
    assert outcomes["moved"] + outcomes["booked"] == 1
    assert outcomes["slot_unavailable"] == 19
    assert booked_on(session, target.id) == 1
    for n, (reference, slot_id) in enumerate(originals):
        # Exactly one booked appointment per user: the original, or the moved one.
        current = service.find(session, reference, f"+35850555{n:04d}")
        assert current.status == BOOKED
        assert booked_on(session, slot_id) == (0 if current.slot_id == target.id else 1)


def test_parallel_cancels_and_a_purge(database_url: str, session: Session) -> None:
    slot = make_slot(session, make_advisor(session))
    body = booking_body(slot.id, contact="someone@example.fi")
    reference = service.book(session, BookingIn(**body), PUBLIC_URL)[0].reference

    def attempt(db: Session, _n: int) -> str:
        return service.cancel(db, service.find(db, reference, "Someone@Example.fi")).status

    assert set(race(database_url, 10, attempt)) == {"cancelled"}
    assert booked_on(session, slot.id) == 0
    session.get(Slot, slot.id).starts_at -= timedelta(days=100)
    session.commit()
    assert service.purge_expired(session, retention_days=90) == 1
    session.expire_all()
    assert session.scalar(select(Appointment.contact).where(Appointment.reference == reference)) is None
