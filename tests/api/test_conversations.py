"""Conversations in Rasa's SQL tracker store are removed when their retention time is up."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app.config import Settings
from api.app.conversations import purge_conversations
from api.app.db import create_db_engine, create_session_factory
from api.app.main import create_app
from api.app.retention import purge_once

DAY = 86400.0
# The columns Rasa 3.6's SQLTrackerStore creates (rasa/core/tracker_store.py, table `events`).
EVENTS = """CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
            type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),
            action_name VARCHAR(255), data TEXT)"""


def tracker_db(path: Path, conversations: dict[str, list[float]]) -> Path:
    """A tracker store with the given event times (seconds since the epoch) per conversation."""
    with sqlite3.connect(path) as db:
        db.execute(EVENTS)
        for sender, times in conversations.items():
            for at in times:
                db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
                           (sender, at, '{"text": "my number is 040 123 4567"}'))
    return path


def senders(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}


def test_conversations_idle_longer_than_the_retention_are_removed_whole(tmp_path: Path) -> None:
    now = time.time()
    path = tracker_db(tmp_path / "tracker.db", {
        "old": [now - 40 * DAY, now - 31 * DAY],
        "started-long-ago-but-active": [now - 60 * DAY, now - 1 * DAY],  # kept, all of it
        "recent": [now - 60],
    })
    assert purge_conversations(path, 30 * DAY, now=now) == 1
    assert senders(path) == {"started-long-ago-but-active", "recent"}
    with sqlite3.connect(path) as db:
        kept = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'started-long-ago-but-active'")
        assert kept.fetchone() == (2,)
    assert purge_conversations(path, 30 * DAY, now=now) == 0


def test_nothing_to_do_before_rasa_has_created_its_store(tmp_path: Path) -> None:
    assert purge_conversations(tmp_path / "missing.db", 30 * DAY) == 0
    sqlite3.connect(tmp_path / "empty.db").close()
    assert purge_conversations(tmp_path / "empty.db", 30 * DAY) == 0


def test_the_api_retention_job_purges_the_tracker_store_too(tmp_path: Path, small_settings: Settings) -> None:
    now = time.time()
    path = tracker_db(tmp_path / "tracker.db", {"old": [now - 31 * DAY], "new": [now - 1 * DAY]})
    settings = small_settings.model_copy(update={"tracker_db": path, "tracker_retention_seconds": 30 * DAY})
    engine = create_db_engine(settings.database_url)
    try:
        purged = purge_once(create_session_factory(engine), settings)
    finally:
        engine.dispose()
    assert (purged.appointments, purged.conversations) == (0, 1)
    assert senders(path) == {"new"}


def test_without_a_tracker_database_the_job_leaves_conversations_to_redis(small_settings: Settings) -> None:
    assert small_settings.tracker_db is None  # not the developer's var/tracker.db from the environment
    with TestClient(create_app(small_settings)) as client:  # the lifespan's purge runs, and fails nothing
        assert client.get("/health").status_code == 200
