"""The retention purge, run by the API itself: once at start-up and then every day.

Personal data must be deleted when its time is up, whether or not someone remembered to set up a
cron job; `python -m api.manage purge-expired` still runs the same purge by hand.
"""
from __future__ import annotations

import asyncio
import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from .service import purge_expired

logger = logging.getLogger(__name__)


def purge_once(session_factory: sessionmaker[Session], retention_days: int) -> int:
    with session_factory() as session:
        return purge_expired(session, retention_days)


async def purge_periodically(session_factory: sessionmaker[Session], retention_days: int,
                             interval_seconds: float) -> None:
    """Purge now and every `interval_seconds`; a failed run is logged and retried next time."""
    while True:
        try:
            count = await asyncio.to_thread(purge_once, session_factory, retention_days)
            if count:
                logger.info("retention: contact data removed from %d appointments", count)
        except SQLAlchemyError as error:  # e.g. before the first migration: try again later
            logger.warning("retention purge failed: %s", type(error).__name__)
        await asyncio.sleep(interval_seconds)
