"""The same migrations, loader and answers on PostgreSQL (skipped when it does not answer).

Runs in a schema of its own inside the test database, dropped afterwards, so that it never
touches other tables there. OPAS_TEST_POSTGRES_URL overrides the default address.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from api.app.content import models
from api.app.content.loader import load_content
from api.app.content.service import edit_statement_text
from api.app.db import create_db_engine, create_session_factory
from api.app.main import create_app
from api.manage import migrate
from tests.api.conftest import AUTH, make_settings

POSTGRES_URL = os.environ.get(
    "OPAS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema of their own."""
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


def test_migrate_load_and_answer_on_postgres(
    postgres_url: str, tmp_path: Path, dataset_dir: Path
) -> None:
    migrate(postgres_url, quiet=True)
    migrate(postgres_url, quiet=True)  # already at the newest revision: nothing to do
    engine = create_db_engine(postgres_url)
    with create_session_factory(engine)() as session:
        assert session.scalar(text("SELECT current_schema()")).startswith("opas_test_")
        first = load_content(session, dataset_dir)
        assert first.counts["statements created"] == 4
        second = load_content(session, dataset_dir)
        assert not second.changed
        edit_statement_text(session, "civic-orientation-what", "en", "A coordinator's text.")
        assert not load_content(session, dataset_dir).changed
        count = select(func.count()).select_from(models.StatementTranslation)
        assert session.scalar(count) == 32
    engine.dispose()

    settings = make_settings(tmp_path, dataset_dir, database_url=postgres_url)
    with TestClient(create_app(settings), headers=AUTH) as client:
        assert client.get("/health").json() == {"status": "ok", "database": "ok"}
        body = client.get(
            "/v1/answers/service_provider",
            params={"language": "en", "municipality": "askola", "jobseeker": "no"},
        ).json()
        assert (body["status"], body["provider"]) == ("answer", "porvoo")
        assert [s["id"] for s in body["sources"]] == ["lovisa-minutes-2025", "act-681-2023"]
        civic = client.get("/v1/answers/civic_orientation", params={"language": "en"}).json()
        assert civic["text"] == "A coordinator's text."
        hits = client.get("/v1/search", params={"q": "coordinator", "language": "en"}).json()
        assert hits["results"][0]["topic"] == "civic_orientation"
