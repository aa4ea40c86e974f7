"""The handoff's state machine: start, claim, write, hand back, close, time out; all race-safe.

Every change of status is one conditional UPDATE (``... WHERE status = 'queued'``): of two
advisors claiming at once, the database lets exactly one through, on SQLite and PostgreSQL alike.
Every event takes the next ``seq`` of its handoff with ``UPDATE handoffs SET last_seq = last_seq
+ 1 ... RETURNING``: on PostgreSQL that row lock orders concurrent writers until they commit, on
SQLite the database's write lock does; so events become visible in ``seq`` order.
Functions here commit; the routers stay thin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from locales.handoff import handoff_text
from locales.languages import text_direction

from ..booking.slots import serving_provider
from ..content.models import utcnow
from ..errors import Conflict, NotFound
from ..staff.models import StaffUser
from .duty import on_duty
from .models import ACTIVE, CLAIMED, CLOSED, QUEUED, Handoff, HandoffEvent

#: The estimate is the mean wait of this many of the provider's last claimed chats ...
ESTIMATE_SAMPLE = 20
#: ... claimed within this many days; without any, the estimate is unknown (null), not invented.
ESTIMATE_DAYS = 14


class NobodyOnDuty(Conflict):
    code = "no_advisor_on_duty"
    message = "No advisor is on duty for this municipality now."


class HandoffNotActive(Conflict):
    code = "handoff_not_active"
    message = "This chat is not waiting or open any more."


class AlreadyClaimed(Conflict):
    code = "handoff_claimed"
    message = "Another advisor has taken this chat."


class WhatsAppWindowClosed(Conflict):
    """WhatsApp takes a free-form message only within 24 hours of the user's last one."""

    code = "whatsapp_window_closed"


class NotYourHandoff(Conflict):
    code = "not_your_handoff"
    message = "Only the advisor who took this chat can write in it."


@dataclass(frozen=True)
class Availability:
    available: bool
    provider: str | None
    advisors_on_duty: int
    queue_length: int
    estimate_seconds: int | None
    speaks_language: bool


@dataclass(frozen=True)
class HandoffRequest:
    conversation_id: str
    channel: str
    language: str
    share_transcript: bool
    channel_user: str | None = None
    topic: str | None = None
    municipality: str | None = None
    jobseeker: str = "unknown"
    transcript: tuple[tuple[str, str], ...] = ()  # (sender, text)


# --- reading -----------------------------------------------------------------------------------


def active_handoff(session: Session, conversation_id: str) -> Handoff | None:
    return session.scalar(select(Handoff).where(Handoff.conversation_id == conversation_id, Handoff.status.in_(ACTIVE)))


def queue_position(session: Session, handoff: Handoff) -> int:
    """1 for the first in its provider's queue; 0 once it is not queued."""
    if handoff.status != QUEUED:
        return 0
    ahead = session.scalar(
        select(func.count(Handoff.id)).where(
            Handoff.provider_id == handoff.provider_id, Handoff.status == QUEUED, Handoff.id < handoff.id
        )
    )
    return int(ahead or 0) + 1


def _queue_length(session: Session, provider_id: str) -> int:
    count = session.scalar(
        select(func.count(Handoff.id)).where(Handoff.provider_id == provider_id, Handoff.status == QUEUED)
    )
    return int(count or 0)


def _mean_wait_seconds(session: Session, provider_id: str, now: datetime) -> float | None:
    rows = session.execute(
        select(Handoff.created_at, Handoff.claimed_at)
        .where(
            Handoff.provider_id == provider_id,
            Handoff.claimed_at.is_not(None),
            Handoff.claimed_at >= now - timedelta(days=ESTIMATE_DAYS),
        )
        .order_by(Handoff.claimed_at.desc())
        .limit(ESTIMATE_SAMPLE)
    ).all()
    waits = [(claimed - created).total_seconds() for created, claimed in rows]
    return sum(waits) / len(waits) if waits else None


def estimate_seconds(session: Session, provider_id: str, position: int, advisors: int, now: datetime) -> int | None:
    """About how long the ``position``-th in the queue waits: the recent mean wait for every round
    of ``advisors`` ahead of it. None when nothing was claimed lately: no number is better than
    an invented one."""
    if advisors <= 0 or position <= 0:
        return None
    mean = _mean_wait_seconds(session, provider_id, now)
    if mean is None:
        return None
    return max(30, round(mean * math.ceil(position / advisors)))


def position_and_estimate(session: Session, handoff: Handoff, now: datetime | None = None) -> tuple[int, int | None]:
    """The handoff's place in its queue and the wait estimate (0 and None once not queued); the
    advisors on duty who speak the user's language count first, as they are preferred."""
    position = queue_position(session, handoff)
    if not position:
        return 0, None
    now = now or utcnow()
    advisors = on_duty(session, now, handoff.provider_id)
    speakers = [a for a in advisors if handoff.language in a.languages]
    return position, estimate_seconds(session, handoff.provider_id, position, len(speakers or advisors), now)


def availability(
    session: Session, municipality: str | None, jobseeker: str, language: str | None, now: datetime | None = None
) -> Availability:
    now = now or utcnow()
    provider = serving_provider(session, municipality, jobseeker)[1] if municipality else None
    if provider is None:
        return Availability(False, None, 0, 0, None, False)
    advisors = on_duty(session, now, provider)
    speakers = [a for a in advisors if language in a.languages] if language else []
    queued = _queue_length(session, provider)
    return Availability(
        available=bool(advisors),
        provider=provider,
        advisors_on_duty=len(advisors),
        queue_length=queued,
        # One who speaks the user's language is preferred: count on them when there are any.
        estimate_seconds=estimate_seconds(session, provider, queued + 1, len(speakers or advisors), now),
        speaks_language=bool(speakers),
    )


# --- events ------------------------------------------------------------------------------------


def append_event(
    session: Session, handoff: Handoff, kind: str, sender: str, text: str = "", *, transcript: bool = False
) -> HandoffEvent:
    """Adds the handoff's next event (not committed: the caller commits with its other changes)."""
    seq = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff.id)
        .values(last_seq=Handoff.last_seq + 1)
        .returning(Handoff.last_seq)
    ).scalar_one()
    event = HandoffEvent(handoff_id=handoff.id, seq=seq, kind=kind, sender=sender, text=text, transcript=transcript)
    session.add(event)
    session.flush()
    return event


def _transition(session: Session, handoff_id: int, allowed: tuple[str, ...], **values: object) -> bool:
    """One conditional UPDATE: True when this request moved the handoff (nobody else did first)."""
    result = session.execute(
        update(Handoff).where(Handoff.id == handoff_id, Handoff.status.in_(allowed)).values(**values)
    )
    return result.rowcount == 1


def _queue_moved(session: Session, left: Handoff) -> None:
    """Tells everyone queued behind ``left`` (it was claimed or closed) that they moved up: a
    ``queue`` event each, whose turn shows the new place when it is read. In id order, the order
    every writer locks rows in, so that two of these never wait for each other."""
    behind = session.scalars(
        select(Handoff)
        .where(Handoff.provider_id == left.provider_id, Handoff.status == QUEUED, Handoff.id > left.id)
        .order_by(Handoff.id)
    )
    for handoff in list(behind):
        append_event(session, handoff, "queue", "system")


# --- the user's side ---------------------------------------------------------------------------


def start_handoff(session: Session, request: HandoffRequest, now: datetime | None = None) -> tuple[Handoff, bool]:
    """(the conversation's open handoff, whether it was created now); NobodyOnDuty if no one is."""
    existing = active_handoff(session, request.conversation_id)
    if existing is not None:
        return existing, False
    now = now or utcnow()
    found = availability(session, request.municipality, request.jobseeker, request.language, now)
    if not found.available or found.provider is None:
        raise NobodyOnDuty()
    handoff = Handoff(
        conversation_id=request.conversation_id,
        channel=request.channel,
        channel_user=request.channel_user,
        language=request.language,
        topic=request.topic,
        municipality=request.municipality,
        provider_id=found.provider,
        share_transcript=request.share_transcript,
        status=QUEUED,
        created_at=now,
    )
    session.add(handoff)
    try:
        session.flush()
    except IntegrityError:  # the same conversation started one a moment ago, in another request
        session.rollback()
        raced = active_handoff(session, request.conversation_id)
        if raced is None:
            raise
        return raced, False
    if request.share_transcript:
        for sender, text in request.transcript:
            append_event(session, handoff, "transcript", sender, text, transcript=True)
    session.commit()
    return handoff, True


def user_message(session: Session, handoff: Handoff, text: str) -> HandoffEvent:
    if not handoff.active:
        raise HandoffNotActive()
    event = append_event(session, handoff, "message", "user", text)
    session.commit()
    return event


def leave(session: Session, handoff: Handoff, now: datetime | None = None) -> HandoffEvent | None:
    """The user leaves the queue or the chat; None when it had closed already."""
    return _close(session, handoff, "user_left", "closed", "", now)


# --- the advisor's side ------------------------------------------------------------------------


def visible_handoff(session: Session, user: StaffUser, handoff_id: int) -> Handoff:
    """The handoff if ``user`` may see it (their provider's; an admin: any), else NotFound."""
    handoff = session.get(Handoff, handoff_id)
    if handoff is None or (user.provider_id is not None and handoff.provider_id != user.provider_id):
        raise NotFound("No such chat.")
    return handoff


def claim(session: Session, user: StaffUser, handoff_id: int, now: datetime | None = None) -> Handoff:
    """Takes a queued chat; AlreadyClaimed (409) for every advisor but the first."""
    now = now or utcnow()
    values = {"status": CLAIMED, "claimed_by_id": user.id, "advisor_id": user.advisor_id, "claimed_at": now}
    query = update(Handoff).where(Handoff.id == handoff_id, Handoff.status == QUEUED).values(**values)
    if user.provider_id is not None:
        query = query.where(Handoff.provider_id == user.provider_id)
    # The UPDATE comes first, as the first statement of the transaction: on SQLite a write that
    # follows a read in one transaction may fail at once instead of waiting for the lock.
    won = session.execute(query).rowcount == 1
    if not won:
        session.rollback()
        handoff = visible_handoff(session, user, handoff_id)
        raise AlreadyClaimed() if handoff.status == CLAIMED else HandoffNotActive()
    handoff = session.get(Handoff, handoff_id)
    assert handoff is not None
    session.refresh(handoff)
    name = handoff.advisor.name if handoff.advisor is not None else None
    if name:
        if text_direction(handoff.language) == "rtl":
            # A Latin name inside Arabic or Persian text: isolated (FSI ... PDI), so that its
            # brackets and digits keep their order, on every channel.
            name = f"\u2068{name}\u2069"
        text = handoff_text("joined", handoff.language, name=name)
    else:
        text = handoff_text("joined_unnamed", handoff.language)
    append_event(session, handoff, "joined", "system", text)
    _queue_moved(session, handoff)
    session.commit()
    return handoff


def advisor_message(session: Session, user: StaffUser, handoff: Handoff, text: str) -> HandoffEvent:
    if handoff.status != CLAIMED:
        raise HandoffNotActive()
    if handoff.claimed_by_id != user.id:
        raise NotYourHandoff()
    event = append_event(session, handoff, "message", "advisor", text)
    session.commit()
    return event


def hand_back(session: Session, user: StaffUser, handoff: Handoff) -> HandoffEvent:
    """The advisor gives the conversation back to the bot: the user is told, the bot answers again."""
    if handoff.status != CLAIMED:  # nothing to give back before someone took it: close it instead
        raise HandoffNotActive()
    _check_own(user, handoff)
    event = _close(session, handoff, "handed_back", "left", handoff_text("left", handoff.language))
    if event is None:
        raise HandoffNotActive()
    return event


def close_by_advisor(session: Session, user: StaffUser, handoff: Handoff) -> HandoffEvent:
    """Ends a claimed chat (by its advisor) or a queued one (by anyone of the provider)."""
    if handoff.status == CLAIMED:
        _check_own(user, handoff)
    event = _close(session, handoff, "closed_by_advisor", "closed", handoff_text("closed", handoff.language))
    if event is None:
        raise HandoffNotActive()
    return event


def _check_own(user: StaffUser, handoff: Handoff) -> None:
    if handoff.status == CLAIMED and handoff.claimed_by_id != user.id and not user.is_admin:
        raise NotYourHandoff()


def _close(
    session: Session, handoff: Handoff, reason: str, kind: str, text: str, now: datetime | None = None
) -> HandoffEvent | None:
    values = {"status": CLOSED, "closed_reason": reason, "closed_at": now or utcnow()}
    was_queued = handoff.status == QUEUED
    if not _transition(session, handoff.id, ACTIVE, **values):
        session.rollback()
        session.refresh(handoff)
        return None
    event = append_event(session, handoff, kind, "system", text)
    if was_queued:
        _queue_moved(session, handoff)
    session.commit()
    session.refresh(handoff)
    return event


# --- time-outs ---------------------------------------------------------------------------------


def sweep(session: Session, timeout_seconds: float, now: datetime | None = None) -> list[tuple[Handoff, HandoffEvent]]:
    """Closes the queued chats nobody claimed in time (``timeout``) and those whose provider has
    nobody on duty any more (``off_duty``); each user gets a ``timeout`` event. Safe to run in
    every worker at once: each close is conditional."""
    now = now or utcnow()
    queued = list(session.scalars(select(Handoff).where(Handoff.status == QUEUED).order_by(Handoff.id)))
    staffed: dict[str, bool] = {}
    closed = []
    for handoff in queued:
        if handoff.provider_id not in staffed:
            staffed[handoff.provider_id] = bool(on_duty(session, now, handoff.provider_id))
        if handoff.created_at <= now - timedelta(seconds=timeout_seconds):
            reason = "timeout"
        elif not staffed[handoff.provider_id]:
            reason = "off_duty"
        else:
            continue
        event = _close(session, handoff, reason, "timeout", handoff_text("timeout", handoff.language), now)
        if event is not None:
            closed.append((handoff, event))
    session.rollback()  # end the read transaction of the loop
    return closed


# --- retention ---------------------------------------------------------------------------------


def delete_handoffs_of(session: Session, conversation_id: str) -> int:
    """Deletes every handoff of a conversation with its messages and transcript (the retention
    job and a user's "delete my conversation" call this); returns how many handoffs. Commits."""
    return _delete(session, list(session.scalars(select(Handoff.id).where(Handoff.conversation_id == conversation_id))))


def purge_closed_handoffs(session: Session, older_than: timedelta, now: datetime | None = None) -> int:
    """Deletes the handoffs closed longer than ``older_than`` ago, with their events (for a
    retention job: the conversation they belong to is gone from the tracker store by then too);
    returns how many. Commits."""
    cutoff = (now or utcnow()) - older_than
    return _delete(
        session, list(session.scalars(select(Handoff.id).where(Handoff.status == CLOSED, Handoff.closed_at < cutoff)))
    )


def _delete(session: Session, ids: list[int]) -> int:
    if ids:
        session.execute(delete(HandoffEvent).where(HandoffEvent.handoff_id.in_(ids)))
        session.execute(delete(Handoff).where(Handoff.id.in_(ids)))
    session.commit()
    return len(ids)
