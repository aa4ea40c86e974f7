"""The loader: idempotent, keeps a coordinator's newer edit, marks outdated translations."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from api.app.config import Settings
from api.app.content import loader, models
from api.app.content.loader import load_content
from api.app.content.service import edit_statement_text, get_revision
from api.app.db import Base
from api.app.errors import ContentDataError
from tests.api.dataset import in_all_languages

ANSWERS = "answers/service_provider.yml"


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as plain tuples."""
    session.expire_all()
    tables = {}
    for table in Base.metadata.sorted_tables:
        rows = session.execute(select(table)).all()
        tables[table.name] = sorted(tuple(row) for row in rows)
    return tables


def rewrite(data_dir: Path, name: str, change, *, mtime: float | None = None) -> None:
    path = data_dir / name
    content = yaml.safe_load(path.read_text("utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def translation(session: Session, statement_id: str, language: str) -> models.StatementTranslation:
    session.expire_all()
    return session.get(models.StatementTranslation, (statement_id, language))


def test_first_load_creates_everything(small_session: Session, dataset_dir: Path) -> None:
    report = load_content(small_session, dataset_dir)
    assert report.counts["statements created"] == 5
    assert report.counts["topics created"] == 12
    assert small_session.scalar(select(func.count()).select_from(models.StatementTranslation)) == 40
    assert report.counts["question_kinds created"] == report.counts["out_of_scope created"] == 1
    length = small_session.get(models.Statement, "civic-orientation-length")
    assert length.answers == ["duration"] and length.questions["en"]
    assert get_revision(small_session) == 1


def test_loading_twice_changes_nothing(small_session: Session, dataset_dir: Path) -> None:
    load_content(small_session, dataset_dir)
    before = snapshot(small_session)
    report = load_content(small_session, dataset_dir)
    assert not report.changed
    assert report.counts["statements unchanged"] == 5
    assert snapshot(small_session) == before
    assert get_revision(small_session) == 1


def test_a_changed_file_updates_only_what_changed(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)

    def retitle(content: dict[str, Any]) -> None:
        content["sources"][0]["title"] = "Integrationsprogrammet (ny titel)"

    rewrite(dataset_dir, "sources.yml", retitle)
    report = load_content(small_session, dataset_dir)
    assert report.counts["sources updated"] == 1
    assert report.counts["sources unchanged"] == 1
    assert report.counts["statements unchanged"] == 5
    assert small_session.get(models.Source, "lovisa-minutes-2025").title.endswith("(ny titel)")
    assert get_revision(small_session) == 2


def test_changed_source_text_marks_unchanged_translations_outdated(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)

    def edit_finnish_and_swedish(content: dict[str, Any]) -> None:
        text = content["statements"][0]["text"]
        text["fi"] = "Porvoo järjestää itse kotoutumispalvelunsa."
        text["sv"] = "Borgå ordnar själv sina integrationstjänster."

    rewrite(dataset_dir, ANSWERS, edit_finnish_and_swedish)
    load_content(small_session, dataset_dir)
    statuses = {
        code: translation(small_session, "service-provider-porvoo", code).status
        for code in ("fi", "sv", "en", "so")
    }
    assert statuses == {"fi": "current", "sv": "current", "en": "outdated", "so": "outdated"}

    def update_english(content: dict[str, Any]) -> None:
        content["statements"][0]["text"]["en"] = "Porvoo organises its own services."

    rewrite(dataset_dir, ANSWERS, update_english)
    load_content(small_session, dataset_dir)
    assert translation(small_session, "service-provider-porvoo", "en").status == "current"
    assert translation(small_session, "service-provider-porvoo", "so").status == "outdated"


def test_a_coordinator_edit_survives_reloading_the_same_file(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)
    edit_statement_text(small_session, "service-provider-porvoo", "en", "Edited by a coordinator.")
    before = snapshot(small_session)
    report = load_content(small_session, dataset_dir)
    assert report.counts["statements kept"] == 1
    assert not report.changed
    assert snapshot(small_session) == before
    assert translation(small_session, "service-provider-porvoo", "en").text == (
        "Edited by a coordinator."
    )


def test_a_coordinator_edit_newer_than_a_changed_file_is_kept(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)
    edit_statement_text(small_session, "service-provider-porvoo", "en", "Edited by a coordinator.")

    def change_english(content: dict[str, Any]) -> None:
        content["statements"][0]["text"]["en"] = "An older file edit."

    rewrite(dataset_dir, ANSWERS, change_english, mtime=time.time() - 3600)
    report = load_content(small_session, dataset_dir)
    assert report.conflicts and report.conflicts[0].startswith("service-provider-porvoo")
    assert translation(small_session, "service-provider-porvoo", "en").text == (
        "Edited by a coordinator."
    )


def test_a_file_changed_after_the_coordinator_edit_wins(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)
    edit_statement_text(small_session, "service-provider-porvoo", "en", "Edited by a coordinator.")

    def change_english(content: dict[str, Any]) -> None:
        content["statements"][0]["text"]["en"] = "A newer file edit."

    rewrite(dataset_dir, ANSWERS, change_english, mtime=time.time() + 3600)
    report = load_content(small_session, dataset_dir)
    assert report.counts["statements updated"] == 1
    statement = small_session.get(models.Statement, "service-provider-porvoo")
    assert not statement.edited_by_coordinator
    assert translation(small_session, "service-provider-porvoo", "en").text == "A newer file edit."


def test_a_coordinator_edit_of_finnish_outdates_the_other_languages(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)
    edit_statement_text(
        small_session, "civic-orientation-what", "fi", "Uusi suomenkielinen teksti."
    )
    assert translation(small_session, "civic-orientation-what", "fi").status == "current"
    assert translation(small_session, "civic-orientation-what", "ar").status == "outdated"
    assert get_revision(small_session) == 2


def test_statements_removed_from_the_files_are_deleted(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)

    def drop_last(content: dict[str, Any]) -> None:
        content["statements"].pop()

    rewrite(dataset_dir, ANSWERS, drop_last)
    report = load_content(small_session, dataset_dir)
    assert report.counts["statements deleted"] == 1
    assert small_session.get(models.Statement, "service-provider-jobseekers") is None
    assert (
        small_session.get(models.StatementTranslation, ("service-provider-jobseekers", "fi"))
        is None
    )


def test_a_new_statement_is_added(small_session: Session, dataset_dir: Path) -> None:
    load_content(small_session, dataset_dir)

    def add(content: dict[str, Any]) -> None:
        content["statements"].append(
            {
                "id": "civic-orientation-language",
                "sources": ["act-681-2023"],
                "valid_from": "2025-06-01",
                "text": in_all_languages("It is in your own language."),
            }
        )

    rewrite(dataset_dir, "answers/civic_orientation.yml", add)
    report = load_content(small_session, dataset_dir)
    assert report.counts["statements created"] == 1
    assert report.counts["statements unchanged"] == 5


def test_invalid_data_leaves_the_database_as_it_was(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)
    before = snapshot(small_session)

    def break_it(content: dict[str, Any]) -> None:
        del content["statements"][0]["text"]["so"]

    rewrite(dataset_dir, ANSWERS, break_it)
    with pytest.raises(ContentDataError, match="lacks language"):
        load_content(small_session, dataset_dir)
    assert snapshot(small_session) == before


def test_cli_loads_and_reports(
    small_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", small_settings.database_url)
    from api.app import config

    config.get_settings.cache_clear()
    try:
        assert loader.main(["--data-dir", str(small_settings.data_dir)]) == 0
        assert "statements created: 5" in capsys.readouterr().out
        assert loader.main(["--data-dir", str(small_settings.data_dir)]) == 0
        assert "statements unchanged: 5" in capsys.readouterr().out
    finally:
        config.get_settings.cache_clear()


def test_cli_explains_invalid_data_and_missing_migrations(
    tmp_path: Path,
    dataset_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from api.app import config

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'never-migrated.db'}")
    config.get_settings.cache_clear()
    try:
        assert loader.main(["--data-dir", str(dataset_dir)]) == 1
        assert "python -m api.manage migrate" in capsys.readouterr().err
        (dataset_dir / "sources.yml").unlink()
        assert loader.main(["--data-dir", str(dataset_dir)]) == 1
        assert "sources.yml: file missing" in capsys.readouterr().err
    finally:
        config.get_settings.cache_clear()


def test_the_migration_creates_every_table(small_session: Session) -> None:
    tables = set(inspect(small_session.get_bind()).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_a_removed_source_still_cited_by_a_coordinator_edit_is_kept(
    small_session: Session, dataset_dir: Path
) -> None:
    load_content(small_session, dataset_dir)
    edit_statement_text(small_session, "civic-orientation-what", "en", "Edited by a coordinator.")

    def drop_statement(content: dict[str, Any]) -> None:
        content["statements"] = [
            {
                **content["statements"][0],
                "id": "civic-orientation-other",
                "sources": ["lovisa-minutes-2025"],
            },
            {**content["statements"][1], "sources": ["lovisa-minutes-2025"]},
        ]

    def drop_source(content: dict[str, Any]) -> None:
        content["sources"] = [s for s in content["sources"] if s["id"] != "act-681-2023"]

    def cite_only_lovisa(content: dict[str, Any]) -> None:
        for statement in content["statements"]:
            statement["sources"] = ["lovisa-minutes-2025"]

    rewrite(dataset_dir, "answers/civic_orientation.yml", drop_statement)
    rewrite(dataset_dir, ANSWERS, cite_only_lovisa)
    rewrite(dataset_dir, "sources.yml", drop_source)
    report = load_content(small_session, dataset_dir)
    assert report.counts["statements kept"] == 1  # removed from the file, but a coordinator's work
    assert report.counts["sources kept"] == 1  # still cited by that statement
    assert small_session.get(models.Source, "act-681-2023") is not None
    assert small_session.get(models.Statement, "civic-orientation-other") is not None
    assert small_session.get(models.Statement, "civic-orientation-what").edited_by_coordinator
