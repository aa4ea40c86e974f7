"""Analytics fixtures: an API on a copy of the real content's database, counts written by hand."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from api.app.analytics.models import AnswerCount, FeedbackCount, UnansweredQuestion
from api.app.config import Settings
from api.app.main import create_app
from tests.api.conftest import AUTH, make_settings
from tests.api.staff.conftest import _fast_password_hashing  # noqa: F401  (autouse: quick staff accounts)
from tests.e2e.widget_browser import chromium, new_page  # noqa: F401  (the browser tests' fixtures)


def copy_sqlite(source_url: str, target: Path) -> None:
    """A consistent copy of a SQLite database in WAL mode (the backup API, not a file copy),
    without the analytics that other tests' apps wrote into the shared database before."""
    source = sqlite3.connect(make_url(source_url).database)
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
        for table in (AnswerCount, UnansweredQuestion, FeedbackCount):
            copy.execute(f"DELETE FROM {table.__tablename__}")
    source.close()
    copy.close()


@pytest.fixture
def analytics_settings(real_settings: Settings, tmp_path: Path) -> Settings:
    """The real content in a database of this test's own; counts are flushed only by the tests."""
    copy_sqlite(real_settings.database_url, tmp_path / "opas.db")
    return make_settings(tmp_path, real_settings.data_dir, analytics_flush_seconds=0)


@pytest.fixture
def analytics_client(analytics_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(analytics_settings), headers=AUTH) as client:
        yield client


def flush(client: TestClient) -> None:
    client.app.state.analytics.flush(client.app.state.session_factory)
