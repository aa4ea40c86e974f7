"""The user's control over their data (issue 13): delete a conversation, erase a booking.

- A conversation (a Rasa sender id; the widget's chat session id) goes from the tracker store
  that holds it (SQLite, PostgreSQL or Redis: api/app/conversations.py), with the live handoffs
  and their transcripts (`delete_handoffs_of`). The analytics keep no conversation id by design
  (docs/analytics.md): nothing there points back to it.
- A booking is erased by its reference and contact: cancelled if it has not begun, and its contact,
  name, links and idempotency key removed at once, as the retention purge would later.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from .booking import service as booking
from .booking.models import BOOKED, Appointment
from .config import Settings
from .content.models import utcnow
from .conversations import delete_redis_conversation, delete_sql_conversation


@dataclass(frozen=True)
class DeletedConversation:
    events: int  # tracker store events (a Redis conversation counts as one)
    handoffs: int


def delete_conversation(session: Session, settings: Settings, conversation_id: str) -> DeletedConversation:
    events = 0
    for store in (settings.tracker_db, settings.tracker_url):
        if store is not None:
            events += delete_sql_conversation(store, conversation_id)
    if settings.tracker_redis_url:
        events += delete_redis_conversation(settings.tracker_redis_url, settings.tracker_redis_prefix, conversation_id)
    return DeletedConversation(events, _delete_handoffs(session, conversation_id))


def _delete_handoffs(session: Session, conversation_id: str) -> int:
    try:
        from .handoff.service import delete_handoffs_of
    except ImportError:  # a deployment without the live handoff
        return 0
    return delete_handoffs_of(session, conversation_id)


def erase_appointment(session: Session, appointment: Appointment) -> Appointment:
    """Cancels a coming appointment and removes its personal data now, from it and from the
    appointments it replaced (the rows stay, anonymous, for the statistics)."""
    latest = booking.current(appointment)
    if latest.status == BOOKED and latest.slot.starts_at > utcnow():
        latest = booking.cancel(session, latest)
    now = utcnow()
    row: Appointment | None = appointment
    seen: set[int] = set()
    while row is not None and row.id not in seen:
        seen.add(row.id)
        row.contact = row.name = row.token_hash = row.idempotency_key = None
        row.purged_at = now
        row = row.replaced_by
    session.commit()
    return latest
