"""Free times: what the bot offers, and the slots staff add and withdraw."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Exists

from ..clock import HELSINKI
from ..content.models import Municipality, Provider, utcnow
from ..errors import Conflict, InvalidInput, UnknownMunicipality, UnknownProvider
from .models import BOOKED, Advisor, AdvisorLanguage, Appointment, Slot
from .schemas import SlotOut

MAX_DURATION_MINUTES = 480


def as_utc(moment: datetime) -> datetime:
    """A stored (naive UTC) time as an aware one."""
    return moment.replace(tzinfo=UTC)


def to_stored(moment: datetime) -> datetime:
    """An aware time (or a naive one meant as UTC) as stored: naive UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def helsinki_midnight(day: date) -> datetime:
    """The start of ``day`` in Finland, as stored (naive UTC)."""
    return to_stored(datetime.combine(day, time(0), tzinfo=HELSINKI))


def slot_out(slot: Slot, *, interpreter_needed: bool) -> SlotOut:
    starts = as_utc(slot.starts_at)
    return SlotOut(
        id=slot.id,
        starts_at=starts,
        ends_at=as_utc(slot.ends_at),
        starts_at_local=starts.astimezone(HELSINKI),
        duration_minutes=slot.duration_minutes,
        mode=slot.mode,
        place=slot.place,
        provider=slot.advisor.provider_id,
        advisor_name=slot.advisor.name,
        advisor_languages=slot.advisor.languages,
        interpreter_needed=interpreter_needed,
    )


def serving_provider(session: Session, municipality: str, jobseeker: str) -> tuple[str, str | None]:
    """(coverage, provider) for someone living in ``municipality``: its employment authority for
    jobseekers, else its integration services (CONTRACT.md §4); no provider where Opas does not
    cover the place. The database is the truth (coordinators may change it at run time)."""
    row = session.get(Municipality, municipality)
    if row is None:
        raise UnknownMunicipality(f"Unknown municipality {municipality[:60]!r}.")
    if row.coverage == "none":
        return row.coverage, None
    if jobseeker == "yes" and row.jobseeker_provider_id:
        return row.coverage, row.jobseeker_provider_id
    return row.coverage, row.integration_provider_id


def is_booked(slot_id: Any) -> Exists:
    """SQL: the slot (an id or a column) holds a booked appointment."""
    return exists().where(Appointment.slot_id == slot_id, Appointment.status == BOOKED)


def free_slots(
    session: Session,
    *,
    provider: str,
    language: str | None,
    with_interpreter: bool,
    mode: str | None,
    from_date: date | None,
    limit: int,
    now: datetime | None = None,
) -> list[SlotOut]:
    """The next free times of ``provider``'s advisors, earliest first.

    With a ``language``: the advisors who speak it, and (``with_interpreter``) the others too,
    flagged ``interpreter_needed``.
    """
    if session.get(Provider, provider) is None:
        raise UnknownProvider(f"Unknown provider {provider[:60]!r}.")
    earliest = now or utcnow()
    if from_date is not None:
        earliest = max(earliest, helsinki_midnight(from_date))
    query = (
        select(Slot)
        .join(Slot.advisor)
        .where(
            Advisor.provider_id == provider,
            Advisor.active.is_(True),
            Slot.withdrawn_at.is_(None),
            Slot.starts_at > earliest,
            ~is_booked(Slot.id),
        )
        .order_by(Slot.starts_at, Slot.id)
        .limit(limit)
    )
    if mode:
        query = query.where(Slot.mode == mode)
    if language and not with_interpreter:
        query = query.where(
            exists().where(
                AdvisorLanguage.advisor_id == Slot.advisor_id,
                AdvisorLanguage.language == language,
            )
        )
    slots = session.scalars(query).unique().all()
    return [
        slot_out(slot, interpreter_needed=bool(language) and language not in slot.advisor.languages) for slot in slots
    ]


def add_slot(
    session: Session,
    advisor: Advisor,
    *,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    place: str | None,
    now: datetime | None = None,
) -> Slot:
    """A new free time of ``advisor``; refuses the past and an overlap with their other times."""
    starts = to_stored(starts_at)
    place = (place or "").strip() or None
    if starts <= (now or utcnow()):
        raise InvalidInput("The time is in the past.")
    if not 5 <= duration_minutes <= MAX_DURATION_MINUTES:
        raise InvalidInput(f"A meeting lasts 5 to {MAX_DURATION_MINUTES} minutes.")
    if mode not in advisor.modes:
        raise InvalidInput(f"{advisor.name} does not take {mode.replace('_', ' ')} meetings.")
    if mode == "in_person" and place is None:
        raise InvalidInput("An in-person meeting needs a place.")
    ends = starts + timedelta(minutes=duration_minutes)
    # Overlaps are checked here rather than in SQL: end = start + duration is written
    # differently in SQLite and PostgreSQL, and no slot is longer than MAX_DURATION_MINUTES.
    nearby = session.scalars(
        select(Slot).where(
            Slot.advisor_id == advisor.id,
            Slot.withdrawn_at.is_(None),
            Slot.starts_at > starts - timedelta(minutes=MAX_DURATION_MINUTES),
            Slot.starts_at < ends,
        )
    ).all()
    if any(other.ends_at > starts for other in nearby):
        raise Conflict(f"{advisor.name} already has a time that overlaps this one.")
    slot = Slot(
        advisor=advisor,
        starts_at=starts,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place if mode == "in_person" else None,
    )
    session.add(slot)
    session.commit()
    return slot


def lock_slot(session: Session, slot_id: int) -> None:
    """On PostgreSQL, holds the slot's row until the transaction ends, so that booking and
    withdrawing one slot take turns. SQLite has one writer at a time anyway (and no FOR UPDATE)."""
    session.execute(select(Slot.id).where(Slot.id == slot_id).with_for_update())


def withdraw_slot(session: Session, slot: Slot, now: datetime | None = None) -> None:
    """Takes a free time off the offer; refused while it holds a booked appointment."""
    lock_slot(session, slot.id)
    # One statement, so that a booking committed in between is seen (see lock_slot).
    result = session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.withdrawn_at.is_(None), ~is_booked(slot.id))
        .values(withdrawn_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise Conflict("This time has a booked appointment (or was already removed).")
    session.commit()
    session.refresh(slot)
