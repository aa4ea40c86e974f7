"""Conversations kept by Rasa's SQL tracker store (the `make run` default), removed when their time is up.

Rasa keeps every message of a conversation, a name or phone number typed into the booking form
included, in its tracker store. In Redis (docker-compose, the scaled setup) each conversation
expires by itself `OPAS_TRACKER_RETENTION_SECONDS` after its last event; the SQL store keeps
everything, so the API's retention job (api/app/retention.py) removes here every conversation whose
last event is older than that. Rasa owns the table (`events`, one row per event); this module
only deletes whole conversations from it, and does nothing before Rasa has created it.
"""
from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

DELETE_IDLE = text(
    "DELETE FROM events WHERE sender_id IN "
    "(SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"
)
COUNT_IDLE = text(
    "SELECT COUNT(*) FROM (SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"
)


def purge_conversations(database: Path, retention_seconds: float, now: float | None = None) -> int:
    """Delete the conversations of the SQLite tracker store `database` idle for longer than
    `retention_seconds`; returns how many."""
    if not database.exists():
        return 0
    cutoff = (time.time() if now is None else now) - retention_seconds
    engine = create_engine(f"sqlite:///{database}", connect_args={"timeout": 30})
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            count = connection.execute(COUNT_IDLE, {"cutoff": cutoff}).scalar_one()
            if count:
                connection.execute(DELETE_IDLE, {"cutoff": cutoff})
        return count
    finally:
        engine.dispose()
