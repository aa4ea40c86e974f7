"""Puts the analytics into the app: the recorder, the feedback endpoint, the staff page, and the
task that writes the counts (started and stopped with the app; a last write when it stops)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy.exc import SQLAlchemyError

from .feedback import FeedbackLimits
from .feedback import router as feedback_router
from .page import router as page_router
from .recorder import AnalyticsRecorder, flush_periodically

logger = logging.getLogger(__name__)


@asynccontextmanager
async def _flushing(app: FastAPI) -> AsyncIterator[None]:
    recorder: AnalyticsRecorder = app.state.analytics
    seconds = app.state.settings.analytics_flush_seconds
    task = None
    if seconds:
        task = asyncio.create_task(flush_periodically(recorder, app.state.session_factory, seconds))
    yield
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    try:
        await asyncio.to_thread(recorder.flush, app.state.session_factory)
    except SQLAlchemyError as error:
        logger.warning("analytics: the last counts could not be written: %s", type(error).__name__)


def install_analytics(app: FastAPI) -> None:
    """Adds the recorder (``app.state.analytics``), its endpoints and its writing task."""
    app.state.analytics = AnalyticsRecorder()
    app.state.feedback_limits = FeedbackLimits()
    app.include_router(feedback_router)
    app.include_router(page_router)
    app.include_router(APIRouter(lifespan=_flushing))
