"""Conversations kept by Rasa's SQL tracker store (the `make run` default), removed when their time is up.

Rasa keeps every message of a conversation, a name or phone number typed into the booking form
included, in its tracker store. In Redis (docker-compose, the scaled setup) each conversation
expires by itself `OPAS_TRACKER_RETENTION_SECONDS` after its last event; the SQL store keeps
everything, so the API's retention job (api/app/retention.py) removes here every conversation whose
last event is older than that. Rasa owns the table (`events`, one row per event); this module
only deletes whole conversations from it, and does nothing before Rasa has created it.

The same SQL works on a PostgreSQL tracker store (`OPAS_TRACKER_URL`). A user's "delete my
conversation" (api/app/privacy.py) removes one conversation at once from whichever store holds it:
SQLite, PostgreSQL or Redis (`OPAS_TRACKER_REDIS_URL`, keys `opas:tracker:<sender>`).
"""
from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

DELETE_IDLE = text(
    "DELETE FROM events WHERE sender_id IN "
    "(SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"
)
COUNT_IDLE = text(
    "SELECT COUNT(*) FROM (SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff) AS idle"
)
DELETE_ONE = text("DELETE FROM events WHERE sender_id = :sender")


def _engine(database: Path | str) -> Engine | None:
    """An engine on the tracker store (a SQLite file, or any SQLAlchemy URL: PostgreSQL)."""
    if isinstance(database, Path):
        if not database.exists():
            return None
        return create_engine(f"sqlite:///{database}", connect_args={"timeout": 30})
    return create_engine(database, pool_pre_ping=True)


def purge_conversations(database: Path | str, retention_seconds: float, now: float | None = None) -> int:
    """Delete the conversations of the SQL tracker store `database` (a SQLite file or a URL) idle
    for longer than `retention_seconds`; returns how many."""
    engine = _engine(database)
    if engine is None:
        return 0
    cutoff = (time.time() if now is None else now) - retention_seconds
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


def delete_sql_conversation(database: Path | str, sender_id: str) -> int:
    """Deletes one conversation from a SQL tracker store; how many events it had."""
    engine = _engine(database)
    if engine is None:
        return 0
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":  # overwritten on disk, not left in a free page
                connection.execute(text("PRAGMA secure_delete = ON"))
            return connection.execute(DELETE_ONE, {"sender": sender_id}).rowcount or 0
    finally:
        engine.dispose()


def delete_redis_conversation(url: str, key_prefix: str, sender_id: str) -> int:
    """Deletes one conversation from Rasa's Redis tracker store (key ``<prefix><sender>``)."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    try:
        return int(client.delete(f"{key_prefix}{sender_id}"))
    finally:
        client.close()
