"""Load, before the API answers its health check, what its first requests would otherwise load.

The tables built from `data/` and the catalogs are cached per process, but built on first use:
0.2–0.5 s each, and a burst of first requests right after a start builds them in every worker
thread at once (each slower for the others), long enough for the bot's 1-second NLG and 3-second
answer timeouts to fire: the first users after a deploy got "the service is unavailable". Built
here once, before the first request, that cannot happen. A table that cannot be built is logged
and left to its endpoint, which answers 503 as before.
"""
from __future__ import annotations

import logging
import time

from locales import programme_data
from locales.languages import SUPPORTED
from locales.render import render

from .config import Settings
from .places.service import gazetteer
from .routing.service import load_rule_table

logger = logging.getLogger(__name__)


def warm_caches(settings: Settings) -> float:
    """Build the per-process tables and catalogs; returns the seconds it took."""
    started = time.perf_counter()
    steps = (
        lambda: load_rule_table(settings.data_dir / "municipalities.yml"),
        lambda: gazetteer(settings.data_dir),
        programme_data.municipalities,
        programme_data.providers,
        programme_data.topics,
        *[lambda language=language: render("utter_greet", language, {}) for language in SUPPORTED],
    )
    for step in steps:
        try:
            step()
        except (OSError, ValueError, KeyError) as error:
            logger.warning("start-up: a table could not be built (%s); its endpoint will say so",
                           type(error).__name__)
    return time.perf_counter() - started
