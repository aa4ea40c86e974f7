"""Racing requests on a SQLite file and on PostgreSQL: one advisor wins a claim; events written at
once get distinct, gap-free ``seq`` numbers; one conversation gets one open handoff."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app.db import create_db_engine, create_session_factory
from api.app.errors import OpasError
from api.app.handoff import service
from api.app.handoff.models import Handoff, HandoffEvent
from api.app.staff.models import StaffUser
from tests.api.booking import test_concurrency as booking_races
from tests.api.handoff.conftest import NOW, Staff, request

T = TypeVar("T")
#: A migrated database with the providers: a SQLite file, or a PostgreSQL schema.
database_url = booking_races.database_url


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:  # the staff fixture arranges through this one
    engine = create_db_engine(database_url)
    with create_session_factory(engine)() as session:
        yield session
    engine.dispose()


def race(database_url: str, count: int, attempt: Callable[[Session, int], T]) -> list[T | str]:
    """``attempt(session, n)`` for n < count in threads with engines of their own, released at once;
    an expected refusal comes back as its error code."""
    barrier = threading.Barrier(count)

    def run(n: int) -> T | str:
        engine = create_db_engine(database_url)
        try:
            with create_session_factory(engine)() as session:
                session.connection()
                barrier.wait(timeout=30)
                try:
                    return attempt(session, n)
                except OpasError as error:
                    return error.code
        finally:
            engine.dispose()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_two_advisors_claim_at_once_one_wins(database_url: str, db: Session, staff: Staff) -> None:
    users = [staff.porvoo_user.id, staff.porvoo_2_user.id]
    for round_ in range(5):
        handoff, _ = service.start_handoff(db, request(f"race-{round_}"), NOW)

        def claim(session: Session, n: int, handoff_id: int = handoff.id) -> int:
            user = session.get(StaffUser, users[n])
            return service.claim(session, user, handoff_id, NOW).claimed_by_id

        results = race(database_url, 2, claim)
        assert sorted("won" if isinstance(r, int) else r for r in results) == ["handoff_claimed", "won"]
        winners = [r for r in results if isinstance(r, int)]
        db.expire_all()
        stored = db.get(Handoff, handoff.id)
        assert stored.claimed_by_id == winners[0]
        joined = db.scalars(
            select(HandoffEvent).where(HandoffEvent.handoff_id == handoff.id, HandoffEvent.kind == "joined")
        )
        assert len(list(joined)) == 1


def test_concurrent_writers_get_distinct_consecutive_seqs(database_url: str, db: Session, staff: Staff) -> None:
    handoff, _ = service.start_handoff(db, request("busy"), NOW)
    service.claim(db, staff.porvoo_user, handoff.id, NOW)
    writers, per_writer = 6, 5

    def write(session: Session, n: int) -> list[int]:
        stored = session.get(Handoff, handoff.id)
        user = session.get(StaffUser, staff.porvoo_user.id)
        seqs = []
        for k in range(per_writer):
            if n % 2:
                seqs.append(service.advisor_message(session, user, stored, f"advisor {n}.{k}").seq)
            else:
                seqs.append(service.user_message(session, stored, f"user {n}.{k}").seq)
        return seqs

    results = race(database_url, writers, write)
    seqs = sorted(seq for result in results for seq in result)  # type: ignore[union-attr]
    assert seqs == list(range(2, 2 + writers * per_writer))  # 1 is the "joined" event
    for result in results:  # each writer's own messages in the order it wrote them
        assert result == sorted(result)


def test_one_open_handoff_when_a_conversation_starts_twice_at_once(
    database_url: str, db: Session, staff: Staff
) -> None:
    results = race(database_url, 4, lambda session, n: service.start_handoff(session, request("twice"), NOW)[0].id)
    assert len(set(results)) == 1
    assert len(list(db.scalars(select(Handoff.id).where(Handoff.conversation_id == "twice")))) == 1
