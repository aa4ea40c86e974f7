"""The time-out sweep: every API process closes the chats nobody claimed in time, every few seconds.

Running it in every worker is safe (each close is a conditional UPDATE) and needs no scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from .delivery import deliver_soon
from .models import Handoff, HandoffEvent
from .service import sweep

log = logging.getLogger(__name__)


def sweep_now(app: FastAPI) -> list[tuple[Handoff, HandoffEvent]]:
    """One sweep on the app's database: the chats it closed, with their ``timeout`` events."""
    with app.state.session_factory() as session:
        return sweep(session, app.state.settings.handoff_queue_timeout_seconds)


async def _sweep_periodically(app: FastAPI, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            for handoff, event in await asyncio.to_thread(sweep_now, app):
                deliver_soon(handoff, event)
        except SQLAlchemyError as error:  # e.g. before the first migration: try again later
            log.warning("handoff sweep failed: %s", type(error).__name__)


@asynccontextmanager
async def sweep_lifespan(app: FastAPI) -> AsyncIterator[None]:
    interval = app.state.settings.handoff_sweep_seconds
    task = asyncio.create_task(_sweep_periodically(app, interval)) if interval else None
    yield
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
