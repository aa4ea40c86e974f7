"""API test fixtures: real SQLite databases in temporary folders, migrated with Alembic."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from api.app.config import Settings
from api.app.content.loader import load_content
from api.app.db import create_db_engine, create_session_factory
from api.app.main import create_app
from api.manage import migrate
from tests.api.dataset import write_dataset
from tests.api.factories import add_providers

POSTGRES_URL = os.environ.get("OPAS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TOKEN = "test-service-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def make_settings(directory: Path, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "database_url": f"sqlite:///{directory / 'opas.db'}",
        "service_token": TOKEN,
        "data_dir": data_dir,
        "tracker_db": None,  # never the developer's var/tracker.db (scripts/env.sh exports it)
        "warm_caches": False,  # a test app starts in milliseconds; tests/api/test_warm.py covers it
        "content_check_seconds": 0,  # tests change the content and ask right away
    }
    return Settings(**(values | overrides))


def load_database(settings: Settings) -> None:
    """Loads the settings' data folder into their (migrated) database."""
    engine = create_db_engine(settings.database_url)
    try:
        with create_session_factory(engine)() as session:
            load_content(session, settings.data_dir)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Settings:
    """A database migrated and loaded from the real data/ (read-only for the tests)."""
    settings = make_settings(tmp_path_factory.mktemp("real"), repo_root / "data")
    migrate(settings.database_url, quiet=True)
    load_database(settings)
    return settings


@pytest.fixture(scope="session")
def client(real_settings: Settings) -> Iterator[TestClient]:
    """A client of the API on the real data, sending the service token."""
    with TestClient(create_app(real_settings), headers=AUTH) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def anonymous(real_settings: Settings) -> Iterator[TestClient]:
    """A client of the API on the real data, without a token."""
    with TestClient(create_app(real_settings)) as test_client:
        yield test_client


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    """The small test data set (tests/api/dataset.py) written to a temporary folder."""
    return write_dataset(tmp_path / "data")


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database migrated once with Alembic, copied by the tests that need one."""
    directory = tmp_path_factory.mktemp("migrated")
    migrate(f"sqlite:///{directory / 'opas.db'}", quiet=True)
    return directory / "opas.db"


@pytest.fixture
def small_settings(tmp_path: Path, dataset_dir: Path, migrated_database: Path) -> Settings:
    """Settings of a migrated, empty database and the small data set (not loaded yet)."""
    settings = make_settings(tmp_path, dataset_dir)
    shutil.copyfile(migrated_database, tmp_path / "opas.db")
    return settings


@pytest.fixture
def small_session(small_settings: Settings) -> Iterator[Session]:
    engine = create_db_engine(small_settings.database_url)
    with create_session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture
def small_client(small_settings: Settings) -> Iterator[TestClient]:
    """A client of the API on the small data set, loaded."""
    load_database(small_settings)
    with TestClient(create_app(small_settings), headers=AUTH) as test_client:
        yield test_client


@pytest.fixture
def client_for(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """Builds clients with other settings (e.g. a smaller body limit) on the small data set."""
    clients: list[TestClient] = []

    def build(**overrides: object) -> TestClient:
        settings = make_settings(tmp_path, tmp_path / "data", **overrides)
        test_client = TestClient(create_app(settings), headers=AUTH)
        clients.append(test_client.__enter__())
        return test_client

    yield build
    for test_client in clients:
        test_client.__exit__(None, None, None)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema of their own inside the test database, dropped
    afterwards, so that it never touches other tables there; skips when PostgreSQL does not answer."""
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    schema = f"opas_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error.orig}")
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# --- booking and staff pages -------------------------------------------------------------------


@pytest.fixture
def booking_settings(tmp_path: Path, migrated_database: Path) -> Settings:
    """A migrated SQLite database holding the six providers (no programme content)."""
    settings = make_settings(tmp_path, tmp_path / "data", public_url="https://opas.example")
    shutil.copyfile(migrated_database, tmp_path / "opas.db")
    engine = create_db_engine(settings.database_url)
    with create_session_factory(engine)() as session:
        add_providers(session)
    engine.dispose()
    return settings


@pytest.fixture
def db(booking_settings: Settings) -> Iterator[Session]:
    """A session on the booking database, for arranging and checking."""
    engine = create_db_engine(booking_settings.database_url)
    with create_session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture
def api(booking_settings: Settings) -> Iterator[TestClient]:
    """A client of the API on the booking database, sending the service token."""
    with TestClient(create_app(booking_settings), headers=AUTH) as test_client:
        yield test_client
