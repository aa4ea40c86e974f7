"""The statement workflow without the pages: translation status (outdated detection), the minor
change, versions, restore, and the loader keeping a coordinator's newer work."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy.orm import Session

from api.app.content import models, workflow
from api.app.content.diff import version_diff
from api.app.content.loader import load_content
from api.app.staff.models import StaffUser
from locales.languages import SUPPORTED

STATEMENT = "civic-orientation-what"


def statuses(session: Session) -> dict[str, str]:
    content = workflow.versions(session, STATEMENT)[-1].content
    return {code: workflow.language_status(content, code) for code in SUPPORTED}


def edit(session: Session, user: StaffUser, language: str, text: str, minor: bool = False) -> models.StatementVersion:
    statement = session.get(models.Statement, STATEMENT)
    return workflow.save(session, statement, user, workflow.Change(language=language, text=text, minor=minor))


def test_a_finnish_change_makes_every_translation_outdated_until_it_is_translated(loaded, anna):
    assert set(statuses(loaded).values()) == {"current"}
    edit(loaded, anna, "fi", "Yhteiskuntaorientaatio kertoo suomalaisesta yhteiskunnasta ja sen palveluista.")
    assert statuses(loaded) == {"fi": "current"} | {c: "outdated" for c in ("sv", "en", "uk", "ru", "ar", "so", "fa")}
    edit(loaded, anna, "sv", "Samhällsorienteringen berättar om det finländska samhället och dess tjänster.")
    assert statuses(loaded)["sv"] == "current"
    assert statuses(loaded)["en"] == "outdated"


def test_a_minor_change_keeps_the_translations_up_to_date(loaded, anna):
    edit(loaded, anna, "fi", "[fi] Civic orientation tells about Finnish society!", minor=True)
    assert set(statuses(loaded).values()) == {"current"}
    # A translation already outdated stays outdated: the minor change does not vouch for it.
    edit(loaded, anna, "fi", "Aivan uusi teksti.")
    edit(loaded, anna, "fi", "Aivan uusi teksti!", minor=True)
    assert statuses(loaded)["sv"] == "outdated"


def test_an_emptied_translation_is_missing(loaded, anna):
    edit(loaded, anna, "so", "")
    assert statuses(loaded)["so"] == "missing"


def test_every_save_is_a_version_and_an_unchanged_save_is_none(loaded, anna):
    first = edit(loaded, anna, "en", "Civic orientation is about Finland.")
    assert edit(loaded, anna, "en", "Civic orientation is about Finland.").number == first.number
    second = edit(loaded, anna, "en", "Civic orientation is about Finnish society.")
    history = workflow.versions(loaded, STATEMENT)
    assert [(v.number, v.state) for v in history] == [(1, "published"), (2, "archived"), (3, "draft")]
    assert second.number == 3
    diff = version_diff(history[1].content, history[2].content)
    assert [(f.field, [(p.kind, p.text) for p in f.pieces]) for f in diff] == [
        ("en", [("same", "Civic orientation is about "), ("removed", "Finland."), ("added", "Finnish society.")])]


def test_restore_makes_a_draft_of_an_old_version_and_publishing_it_reaches_the_tables(loaded, anna, bertil):
    statement = loaded.get(models.Statement, STATEMENT)
    original = statement_text(statement, "en")
    edit(loaded, anna, "en", "Something else.")
    workflow.submit(loaded, statement)
    workflow.publish(loaded, statement, bertil)
    assert statement_text(statement, "en") == "Something else."
    restored = workflow.restore(loaded, statement, bertil, 1)
    assert restored.state == "draft"
    assert statement_text(statement, "en") == "Something else.", "a draft changed the published text"
    workflow.submit(loaded, statement)
    with pytest.raises(Exception, match="Another coordinator"):
        workflow.publish(loaded, statement, bertil)
    workflow.publish(loaded, statement, anna)
    assert statement_text(statement, "en") == original


def statement_text(statement: models.Statement, language: str) -> str:
    return next(t.text for t in statement.translations if t.language == language)


def test_the_loader_keeps_a_coordinators_draft_over_an_older_data_file(small_settings, loaded, anna):
    edit(loaded, anna, "en", "A coordinator's newer text.")
    # The data file changed before the coordinator's work (its time is older than the draft).
    path = small_settings.data_dir / "answers" / "civic_orientation.yml"
    path.write_text(path.read_text("utf-8").replace("Civic orientation tells", "Civic orientation says"), "utf-8")
    past = time.time() - 3600
    os.utime(path, (past, past))
    report = load_content(loaded, small_settings.data_dir)
    assert any(STATEMENT in conflict for conflict in report.conflicts)
    assert workflow.versions(loaded, STATEMENT)[-1].content["texts"]["en"]["text"] == "A coordinator's newer text."
    statement = loaded.get(models.Statement, STATEMENT)
    loaded.refresh(statement)
    assert "says" not in statement_text(statement, "fi")


def test_a_data_file_changed_after_a_draft_wins_and_the_draft_is_archived(small_settings, loaded, anna):
    edit(loaded, anna, "en", "A coordinator's older draft.")
    path = small_settings.data_dir / "answers" / "civic_orientation.yml"
    path.write_text(path.read_text("utf-8").replace("Civic orientation tells", "Civic orientation says"), "utf-8")
    future = time.time() + 3600  # the file is newer than the draft
    os.utime(path, (future, future))
    load_content(loaded, small_settings.data_dir)
    history = workflow.versions(loaded, STATEMENT)
    assert [(v.number, v.state, v.author_id) for v in history] == [
        (1, "published", None), (2, "archived", anna.id), (3, "published", None)]
    assert "says" in history[-1].content["texts"]["fi"]["text"]
