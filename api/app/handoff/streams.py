"""Server-sent events of handoffs, read from the database (never one worker's memory), so that any
API worker can serve any stream and a reconnecting client resumes where it stopped.

The user's stream (``GET /v1/chat/sessions/{id}/events``): every event has the id
``<handoff_id>:<seq>``; ``Last-Event-ID`` (or ``?after=``) resumes after it, in order, with nothing
lost or repeated: events of one handoff commit in ``seq`` order (see ``service``), and a
conversation's handoffs follow each other (only one is open at a time).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from ..content.models import utcnow
from .models import ACTIVE, QUEUED, Handoff, HandoffEvent
from .service import active_handoff, position_and_estimate
from .turns import event_turn

POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0
BATCH = 200
JUST_CLOSED = timedelta(minutes=2)
_CURSOR = re.compile(r"^(\d{1,12}):(\d{1,9})$")

Cursor = tuple[int, int]  # (handoff id, seq): the last event the client has


def parse_cursor(value: str | None) -> Cursor | None:
    match = _CURSOR.fullmatch(value.strip()) if value else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def sse(data: str, event: str | None = None, event_id: str | None = None) -> str:
    lines = [f"id: {event_id}"] if event_id else []
    if event:
        lines.append(f"event: {event}")
    lines.extend(f"data: {line}" for line in data.split("\n"))
    return "\n".join(lines) + "\n\n"


@dataclass(frozen=True)
class UserEvent:
    handoff_id: int
    seq: int
    kind: str
    data: str  # the Turn, as JSON

    def frame(self) -> str:
        return sse(self.data, self.kind, f"{self.handoff_id}:{self.seq}")


def user_events_after(session: Session, conversation_id: str, cursor: Cursor) -> list[UserEvent]:
    """What the user is shown after ``cursor``: everything but their own messages and the transcript."""
    handoff_id, seq = cursor
    rows = session.execute(
        select(Handoff, HandoffEvent)
        .join(HandoffEvent, HandoffEvent.handoff_id == Handoff.id)
        .where(
            Handoff.conversation_id == conversation_id,
            or_(Handoff.id > handoff_id, and_(Handoff.id == handoff_id, HandoffEvent.seq > seq)),
            HandoffEvent.kind != "transcript",
            or_(HandoffEvent.kind != "message", HandoffEvent.sender != "user"),
        )
        .order_by(Handoff.id, HandoffEvent.seq)
        .limit(BATCH)
    ).all()
    events = []
    for handoff, event in rows:
        position, estimate = 0, None
        if event.kind == "queue":
            if handoff.status != QUEUED:
                continue  # a place in a queue the user has left: no news any more
            position, estimate = position_and_estimate(session, handoff)
        turn = event_turn(handoff, event, position, estimate)
        events.append(UserEvent(handoff.id, event.seq, event.kind, turn.model_dump_json()))
    return events


def read_user_batch(
    factory: sessionmaker[Session], conversation_id: str, cursor: Cursor | None
) -> tuple[Cursor | None, bool, list[UserEvent]]:
    """(the cursor to read from, whether a handoff is open, the events after the cursor).

    Without a cursor the stream starts at the conversation's open handoff, or at one that closed
    a moment ago (a time-out may beat the widget's first connection), never at older ones.
    Whether one is open is asked *before* the events are read: a handoff that was closed by then
    has all its events committed, so the last read before the stream ends sees them all."""
    with factory() as session:
        if cursor is None:
            active = active_handoff(session, conversation_id)
            start = active or _just_closed(session, conversation_id)
            if start is None:
                return None, False, []
            cursor = (start.id, 0)
        # The cheap question first (every poll asks it): has anything happened after the cursor?
        handoff_id, seq = cursor
        rows = session.execute(
            select(Handoff.id, Handoff.status, Handoff.last_seq).where(
                Handoff.conversation_id == conversation_id, Handoff.id >= handoff_id
            )
        ).all()
        is_open = any(status in ACTIVE for _, status, _ in rows)
        if not any(row_id > handoff_id or last_seq > seq for row_id, _, last_seq in rows):
            return cursor, is_open, []
        events = user_events_after(session, conversation_id, cursor)
        if not events:
            # Only what the user is not sent (their own messages) came after the cursor: skip it,
            # so that the next polls stay cheap. Every seq up to a last_seq read is committed.
            latest = max((row_id, last_seq) for row_id, _, last_seq in rows)
            return max(cursor, latest), is_open, []
        return cursor, is_open, events


def _just_closed(session: Session, conversation_id: str) -> Handoff | None:
    return session.scalar(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id, Handoff.closed_at >= utcnow() - JUST_CLOSED)
        .order_by(Handoff.id.desc())
        .limit(1)
    )


async def user_stream(
    factory: sessionmaker[Session],
    conversation_id: str,
    cursor: Cursor,
    *,
    poll_seconds: float = POLL_SECONDS,
    is_disconnected: Callable[[], object] | None = None,
) -> AsyncIterator[str]:
    """Frames until the conversation has no open handoff and every event was sent."""
    yield "retry: 2000\n\n"
    idle = 0.0
    while True:
        cursor_now, is_open, batch = await run_in_threadpool(read_user_batch, factory, conversation_id, cursor)
        cursor = cursor_now or cursor
        for item in batch:
            cursor = (item.handoff_id, item.seq)
            yield item.frame()
        if batch:
            idle = 0.0
            continue  # there may be more than one batch
        if not is_open:
            return
        if is_disconnected is not None and await is_disconnected():  # type: ignore[misc]
            return
        await asyncio.sleep(poll_seconds)
        idle += poll_seconds
        if idle >= KEEPALIVE_SECONDS:
            idle = 0.0
            yield ": keep-alive\n\n"


class OpenStreams:
    """How many event streams each chat session has open in this API process (`app.state`)."""

    def __init__(self, per_session: int) -> None:
        self.per_session = per_session
        self._open: Counter[str] = Counter()

    def count(self, session_id: str) -> int:
        return self._open[session_id]

    def full(self, session_id: str) -> bool:
        return self._open[session_id] >= self.per_session

    async def held(self, session_id: str, frames: AsyncIterator[str]) -> AsyncIterator[str]:
        """`frames`, counted as one open stream of `session_id` until they end or the client goes."""
        self._open[session_id] += 1
        try:
            async for frame in frames:
                yield frame
        finally:
            self._open[session_id] -= 1
            if self._open[session_id] <= 0:
                del self._open[session_id]


def json_frame(event: str, payload: object) -> str:
    return sse(json.dumps(payload, default=str, ensure_ascii=False), event)
