"""The handoff's state machine, availability, time-outs and retention (service level, SQLite)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.app.config import Settings
from api.app.content.models import utcnow
from api.app.handoff import service
from api.app.handoff.duty import set_duty_hours
from api.app.handoff.models import Handoff, HandoffEvent
from api.app.retention import purge_once
from tests.api.handoff.conftest import NOW, Staff, request


def kinds(db: Session, handoff: Handoff) -> list[tuple[int, str, str]]:
    rows = db.execute(
        select(HandoffEvent.seq, HandoffEvent.kind, HandoffEvent.sender)
        .where(HandoffEvent.handoff_id == handoff.id)
        .order_by(HandoffEvent.seq)
    )
    return [tuple(row) for row in rows]


def test_queued_claimed_handed_back(db: Session, staff: Staff) -> None:
    handoff, created = service.start_handoff(
        db, request(share_transcript=True, transcript=(("user", "hi"), ("bot", "hello"))), NOW
    )
    assert created and handoff.status == "queued" and handoff.provider_id == "porvoo"
    assert service.queue_position(db, handoff) == 1

    service.user_message(db, handoff, "Is anyone there?")
    service.claim(db, staff.porvoo_user, handoff.id, NOW + timedelta(seconds=40))
    db.refresh(handoff)
    assert (handoff.status, handoff.advisor_id, handoff.claimed_by_id) == (
        "claimed",
        staff.porvoo.id,
        staff.porvoo_user.id,
    )
    assert service.queue_position(db, handoff) == 0
    service.advisor_message(db, staff.porvoo_user, handoff, "Hello, I am Anna.")
    service.hand_back(db, staff.porvoo_user, handoff)

    db.refresh(handoff)
    assert (handoff.status, handoff.closed_reason) == ("closed", "handed_back")
    assert kinds(db, handoff) == [
        (1, "transcript", "user"),
        (2, "transcript", "bot"),
        (3, "message", "user"),
        (4, "joined", "system"),
        (5, "message", "advisor"),
        (6, "left", "system"),
    ]
    joined = db.scalar(
        select(HandoffEvent.text).where(HandoffEvent.handoff_id == handoff.id, HandoffEvent.kind == "joined")
    )
    assert joined == "An advisor (Anna) joined the chat."
    with pytest.raises(service.HandoffNotActive):
        service.user_message(db, handoff, "still there?")


def test_no_transcript_without_consent(db: Session, staff: Staff) -> None:
    handoff, _ = service.start_handoff(db, request(share_transcript=False, transcript=(("user", "secret"),)), NOW)
    assert kinds(db, handoff) == []


def test_one_open_handoff_per_conversation(db: Session, staff: Staff) -> None:
    first, created = service.start_handoff(db, request(), NOW)
    again, created_again = service.start_handoff(db, request(), NOW)
    assert created and not created_again and again.id == first.id
    service.leave(db, first)
    assert service.leave(db, first) is None  # leaving twice changes nothing
    db.refresh(first)
    assert (first.status, first.closed_reason) == ("closed", "user_left")
    second, created = service.start_handoff(db, request(), NOW)
    assert created and second.id != first.id


def test_only_the_claiming_advisor_writes(db: Session, staff: Staff) -> None:
    handoff, _ = service.start_handoff(db, request(), NOW)
    with pytest.raises(service.HandoffNotActive):  # nobody has taken it yet
        service.advisor_message(db, staff.porvoo_user, handoff, "hello")
    with pytest.raises(service.HandoffNotActive):
        service.hand_back(db, staff.porvoo_user, handoff)
    service.claim(db, staff.porvoo_user, handoff.id, NOW)
    with pytest.raises(service.AlreadyClaimed):
        service.claim(db, staff.porvoo_2_user, handoff.id, NOW)
    db.refresh(handoff)
    with pytest.raises(service.NotYourHandoff):
        service.advisor_message(db, staff.porvoo_2_user, handoff, "hello")


def test_another_providers_advisor_cannot_see_or_claim(db: Session, staff: Staff) -> None:
    handoff, _ = service.start_handoff(db, request(), NOW)
    with pytest.raises(service.NotFound):
        service.claim(db, staff.loviisa_user, handoff.id, NOW)
    with pytest.raises(service.NotFound):
        service.visible_handoff(db, staff.loviisa_user, handoff.id)
    assert service.visible_handoff(db, staff.admin, handoff.id).id == handoff.id


def test_availability_follows_the_provider_and_the_language(db: Session, staff: Staff) -> None:
    found = service.availability(db, "porvoo", "unknown", "ar", NOW)
    assert (found.available, found.provider, found.advisors_on_duty, found.speaks_language) == (True, "porvoo", 2, True)
    assert found.estimate_seconds is None  # nothing claimed lately: no invented number
    assert service.availability(db, "loviisa", "unknown", "ar", NOW).speaks_language is False
    # Jobseekers are served by the employment area, where nobody is on duty here.
    jobseeker = service.availability(db, "loviisa", "yes", "fi", NOW)
    assert (jobseeker.available, jobseeker.provider) == (False, "porvoo_employment_area")
    assert service.availability(db, "helsinki", "unknown", "fi", NOW).provider is None
    assert service.availability(db, None, "unknown", "fi", NOW).available is False


def test_estimate_from_recent_waits(db: Session, staff: Staff) -> None:
    for n, wait in enumerate((60, 180)):
        handoff, _ = service.start_handoff(db, request(f"done-{n}"), NOW - timedelta(minutes=30))
        service.claim(db, staff.porvoo_user, handoff.id, NOW - timedelta(minutes=30) + timedelta(seconds=wait))
    queued = [service.start_handoff(db, request(f"waiting-{n}"), NOW)[0] for n in range(3)]
    assert [service.queue_position(db, h) for h in queued] == [1, 2, 3]
    # The mean wait was 120 s; two advisors on duty take the first two at once, the third waits a round more.
    assert [service.estimate_seconds(db, "porvoo", p, 2, NOW) for p in (1, 2, 3)] == [120, 120, 240]
    assert service.availability(db, "porvoo", "unknown", "fi", NOW).queue_length == 3


def test_off_duty_means_unavailable_and_closes_the_queue(db: Session, staff: Staff) -> None:
    handoff, _ = service.start_handoff(db, request(), NOW)
    # Duty only on Mondays: on this Wednesday nobody of Porvoo is on duty any more.
    for advisor in (staff.porvoo, staff.porvoo_2):
        set_duty_hours(db, advisor, {0: (8 * 60, 16 * 60)})
    db.commit()
    assert service.availability(db, "porvoo", "unknown", "fi", NOW).available is False
    with pytest.raises(service.NobodyOnDuty):
        service.start_handoff(db, request("another"), NOW)
    closed = service.sweep(db, timeout_seconds=300, now=NOW + timedelta(seconds=10))
    assert [(h.id, e.kind) for h, e in closed] == [(handoff.id, "timeout")]
    db.refresh(handoff)
    assert (handoff.status, handoff.closed_reason) == ("closed", "off_duty")


def test_queue_timeout_closes_with_a_timeout_event(db: Session, staff: Staff) -> None:
    old, _ = service.start_handoff(db, request("old"), NOW - timedelta(seconds=301))
    new, _ = service.start_handoff(db, request("new"), NOW - timedelta(seconds=100))
    claimed, _ = service.start_handoff(db, request("claimed"), NOW - timedelta(seconds=400))
    service.claim(db, staff.porvoo_user, claimed.id, NOW - timedelta(seconds=350))
    closed = service.sweep(db, timeout_seconds=300, now=NOW)
    assert [h.id for h, _ in closed] == [old.id]
    for handoff, status in ((old, "closed"), (new, "queued"), (claimed, "claimed")):
        db.refresh(handoff)
        assert handoff.status == status
    assert old.closed_reason == "timeout"
    assert kinds(db, old)[-1] == (1, "timeout", "system")
    assert service.sweep(db, timeout_seconds=300, now=NOW) == []  # a second sweep finds nothing


def test_delete_handoffs_of_a_conversation(db: Session, staff: Staff) -> None:
    first, _ = service.start_handoff(
        db, request("gone", share_transcript=True, transcript=(("user", "my phone is 040"),)), NOW
    )
    service.leave(db, first)
    service.start_handoff(db, request("gone"), NOW)
    kept, _ = service.start_handoff(db, request("kept"), NOW)
    assert service.delete_handoffs_of(db, "gone") == 2
    assert db.scalar(select(func.count(Handoff.id))) == 1
    assert db.scalar(select(func.count(HandoffEvent.id)).where(HandoffEvent.handoff_id != kept.id)) == 0


def test_closed_handoffs_are_purged_after_the_retention_time(db: Session, staff: Staff) -> None:
    old, _ = service.start_handoff(db, request("old"), NOW - timedelta(days=40))
    service.leave(db, old, NOW - timedelta(days=31))
    recent, _ = service.start_handoff(db, request("recent"), NOW - timedelta(days=2))
    service.leave(db, recent, NOW - timedelta(days=1))
    service.start_handoff(db, request("open"), NOW - timedelta(days=40))
    assert service.purge_closed_handoffs(db, timedelta(days=30), NOW) == 1
    assert set(db.scalars(select(Handoff.conversation_id))) == {"recent", "open"}


def test_the_daily_retention_purge_removes_closed_handoffs_with_their_conversations(
    db: Session, staff: Staff, booking_settings: Settings
) -> None:
    now = utcnow()
    old, _ = service.start_handoff(db, request("old"), now - timedelta(days=40))
    service.leave(db, old, now - timedelta(days=31))
    fresh, _ = service.start_handoff(db, request("fresh"), now - timedelta(days=2))
    service.leave(db, fresh, now - timedelta(days=1))
    settings = booking_settings.model_copy(update={"tracker_retention_seconds": 30 * 86400, "tracker_db": None})
    purged = purge_once(sessionmaker(bind=db.get_bind()), settings)
    db.expire_all()
    assert purged.handoffs == 1
    assert set(db.scalars(select(Handoff.conversation_id))) == {"fresh"}
