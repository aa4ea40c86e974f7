"""The same migrations, loader and answers on PostgreSQL (skipped when it does not answer).

Runs in a schema of its own inside the test database (the ``postgres_url`` fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from api.app.content import models
from api.app.content.loader import load_content
from api.app.content.service import edit_statement_text
from api.app.db import create_db_engine, create_session_factory
from api.app.main import create_app
from api.manage import migrate
from tests.api.conftest import AUTH, make_settings

pytestmark = pytest.mark.postgres


def test_migrate_load_and_answer_on_postgres(postgres_url: str, tmp_path: Path, dataset_dir: Path) -> None:
    migrate(postgres_url, quiet=True)
    migrate(postgres_url, quiet=True)  # already at the newest revision: nothing to do
    engine = create_db_engine(postgres_url)
    with create_session_factory(engine)() as session:
        assert session.scalar(text("SELECT current_schema()")).startswith("opas_test_")
        first = load_content(session, dataset_dir)
        assert first.counts["statements created"] == 5
        second = load_content(session, dataset_dir)
        assert not second.changed
        edit_statement_text(session, "civic-orientation-what", "en", "A coordinator's text.")
        assert not load_content(session, dataset_dir).changed
        count = select(func.count()).select_from(models.StatementTranslation)
        assert session.scalar(count) == 40
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
        assert civic["text"].startswith("A coordinator's text.")
        asked = client.post("/v1/answer", json={"question": "How long is the course?", "language": "en",
                                                 "context": {"topic": "civic_orientation"}}).json()
        assert asked["statements"] == ["civic-orientation-length"]
        hits = client.get("/v1/search", params={"q": "coordinator", "language": "en"}).json()
        assert hits["results"][0]["topic"] == "civic_orientation"
