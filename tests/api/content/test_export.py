"""`python -m api.manage export-content`: the published content back in the data/ format, and a
load of the export gives the same content (statuses, sections and validity included)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from api.app.config import Settings
from api.app.content import models, workflow
from api.app.content.export import export_content
from api.app.content.loader import load_content
from api.app.content.schemas import read_dataset
from api.app.db import create_db_engine, create_session_factory
from api.app.staff.auth import create_user
from api.app.staff.models import COORDINATOR
from tests.api.conftest import load_database, make_settings


def normalised(data_dir: Path) -> dict[str, Any]:
    """The data set as plain values, in an order that does not depend on the database."""
    data = read_dataset(data_dir).model_dump(mode="json")
    data["providers"].sort(key=lambda p: p["id"])
    data["sources"].sort(key=lambda s: s["id"])
    for municipality in data["municipalities"]:
        municipality["forms"] = sorted(dict.fromkeys(municipality["forms"]))
    data["questions"] = {q["topic"]: q["statements"] for q in data["questions"] if q["statements"]}
    for answers in data["answers"]:
        for statement in answers["statements"]:
            # A source cited twice is one citation (the loader keeps the first).
            statement["sources"] = list(dict.fromkeys(
                s if isinstance(s, str) else f"{s['source']} {s['section']}" for s in statement["sources"]))
    return data


def session_of(settings: Settings) -> Session:
    return create_session_factory(create_db_engine(settings.database_url))()


def fresh_database(tmp_path: Path, migrated_database: Path, name: str) -> Settings:
    directory = tmp_path / name
    directory.mkdir()
    shutil.copyfile(migrated_database, directory / "opas.db")
    return make_settings(directory, directory / "data")


def test_the_export_of_the_real_data_is_the_real_data(real_settings: Settings, repo_root: Path, tmp_path: Path):
    with session_of(real_settings) as session:
        assert export_content(session, tmp_path / "export") == sum(
            len(a.statements) for a in read_dataset(repo_root / "data").answers)
    assert normalised(tmp_path / "export") == normalised(repo_root / "data")


def test_a_load_of_the_export_exports_the_same_files(real_settings, tmp_path, migrated_database):
    with session_of(real_settings) as session:
        export_content(session, tmp_path / "first")
    other = fresh_database(tmp_path, migrated_database, "other")
    with session_of(other) as session:
        load_content(session, tmp_path / "first")
        export_content(session, tmp_path / "second")
    first = {p.relative_to(tmp_path / "first"): p.read_bytes() for p in (tmp_path / "first").rglob("*.yml")}
    second = {p.relative_to(tmp_path / "second"): p.read_bytes() for p in (tmp_path / "second").rglob("*.yml")}
    assert first == second


def test_a_coordinators_published_work_survives_the_round_trip(small_settings, tmp_path, migrated_database):
    load_database(small_settings)
    with session_of(small_settings) as session:
        anna = create_user(session, "anna", "a long enough password", role=COORDINATOR)
        bertil = create_user(session, "bertil", "a long enough password", role=COORDINATOR)
        statement = session.get(models.Statement, "service-provider-porvoo")
        workflow.save(session, statement, anna, workflow.Change(language="fi", text="Porvoo järjestää palvelut itse."))
        workflow.save(session, statement, anna, workflow.Change(language="so", text=""))
        workflow.save(session, statement, anna, workflow.Change(
            sources=[{"id": "lovisa-minutes-2025", "section": "§ 28"}], set_validity=True,
            valid_from=statement.valid_from, valid_until=statement.valid_from.replace(year=2026, month=12, day=31)))
        workflow.submit(session, statement)
        workflow.publish(session, statement, bertil)
        expected = workflow.live_content(statement)
        export_content(session, tmp_path / "export")

    exported = (tmp_path / "export" / "answers" / "service_provider.yml").read_text("utf-8")
    assert "missing:\n  - so" in exported and "section: § 28" in exported

    other = fresh_database(tmp_path, migrated_database, "other")
    with session_of(other) as session:
        load_content(session, tmp_path / "export")
        loaded = session.get(models.Statement, "service-provider-porvoo")
        content = workflow.live_content(loaded)
        statuses = {code: workflow.language_status(content, code) for code in ("fi", "sv", "so")}
        assert statuses == {"fi": "current", "sv": "outdated", "so": "missing"}
        assert content["sources"] == expected["sources"]
        assert (content["valid_from"], content["valid_until"]) == (expected["valid_from"], "2026-12-31")
        assert {c: t["text"] for c, t in content["texts"].items()} == {
            c: t["text"] for c, t in expected["texts"].items()}
