"""Build, before the API answers its health check, what its first answers would otherwise build.

The answer index (the published content in memory, with its retrieval per language) is built on
first use and whenever the content changes: a few hundred milliseconds. Built here once, before
the first request, no user's first turn after a start waits for it (nor do the first users of
every language wait for their language's retrieval). A part that cannot be built is logged and
left to its endpoint, which answers 503 as before.
"""
from __future__ import annotations

import logging
import time

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from locales.languages import SUPPORTED

from .places.service import gazetteer

logger = logging.getLogger(__name__)


def warm_caches(app: FastAPI) -> float:
    """Build the answer index, its retrieval in every language, and the gazetteer; returns the
    seconds it took."""
    started = time.perf_counter()
    try:
        with app.state.session_factory() as session:
            index = app.state.answers.get(session)
        for language in SUPPORTED:
            index.retriever(language)
        gazetteer(app.state.settings.data_dir)
    except (OSError, ValueError, KeyError, SQLAlchemyError) as error:
        logger.warning("start-up: a table could not be built (%s); its endpoint will say so",
                       type(error).__name__)
    return time.perf_counter() - started
