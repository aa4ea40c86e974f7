"""The retention purge, run by the API itself: once at start-up and then every day.

Personal data must be deleted when its time is up, whether or not someone remembered to set up a
cron job; `python -m api.manage purge-expired` still runs the same purge by hand. It removes the
contact data of past appointments (`OPAS_BOOKING_RETENTION_DAYS`) and, where Rasa keeps the
conversations in its SQL tracker store (`OPAS_TRACKER_DB`), the conversations idle for longer
than `OPAS_TRACKER_RETENTION_SECONDS` (api/app/conversations.py), and the masked question texts of
the analytics older than `OPAS_ANALYTICS_QUESTION_RETENTION_DAYS` (docs/analytics.md), the
staff audit log's entries older than `OPAS_AUDIT_RETENTION_DAYS` (api/app/audit.py), and the live
handoffs (transcripts, messages, a messaging user's platform id) closed longer ago than the
conversations are kept (`OPAS_TRACKER_RETENTION_SECONDS`): they go with their conversation.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from .analytics.recorder import helsinki_today
from .analytics.store import purge_questions
from .audit import purge_audit
from .booking.service import purge_expired
from .config import Settings
from .conversations import purge_conversations
from .handoff.service import purge_closed_handoffs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purged:
    appointments: int  # whose contact data was removed
    conversations: int
    questions: int = 0  # masked question texts of the analytics, past their retention
    audit_entries: int = 0
    handoffs: int = 0  # closed live chats, with their messages


def purge_once(session_factory: sessionmaker[Session], settings: Settings) -> Purged:
    with session_factory() as session:
        appointments = purge_expired(session, settings.booking_retention_days)
        questions = purge_questions(session, settings.analytics_question_retention_days, helsinki_today())
        audit_entries = purge_audit(session, settings.audit_retention_days)
        handoffs = purge_closed_handoffs(session, timedelta(seconds=settings.tracker_retention_seconds))
    conversations = 0
    for store in (settings.tracker_db, settings.tracker_url):
        if store is not None:
            conversations += purge_conversations(store, settings.tracker_retention_seconds)
    return Purged(appointments, conversations, questions, audit_entries, handoffs)


async def purge_periodically(session_factory: sessionmaker[Session], settings: Settings) -> None:
    """Purge now and every `purge_interval_seconds`; a failed run is logged and retried next time."""
    while True:
        try:
            purged = await asyncio.to_thread(purge_once, session_factory, settings)
            if purged.appointments or purged.conversations or purged.questions:
                logger.info("retention: contact data removed from %d appointments, %d conversations removed, "
                            "%d analytics question texts removed",
                            purged.appointments, purged.conversations, purged.questions)
        except SQLAlchemyError as error:  # e.g. before the first migration: try again later
            logger.warning("retention purge failed: %s", type(error).__name__)
        await asyncio.sleep(settings.purge_interval_seconds)
