"""Translations out and in as .po files: a round trip in a right-to-left (Arabic) and a Cyrillic
(Russian) language, and an import that never overwrites newer work silently."""

from __future__ import annotations

import io

import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy.orm import Session

from api.app.content import models, workflow
from api.app.content.po import export_po, import_po
from api.app.content.scope import visible_statements
from api.app.staff.models import StaffUser

STATEMENT = "civic-orientation-length"
NEW = {
    "ar": "تستغرق دورة التوجيه المجتمعي نحو 70 ساعة.",
    "ru": "Курс ориентации в обществе длится около 70 часов.",
}


def export(session: Session, user: StaffUser, language: str) -> bytes:
    return export_po(session, visible_statements(session, user), language)


def translated(body: bytes, statement_id: str, text: str, unfuzzy: bool = False) -> bytes:
    """The file as a translator's tool saves it after translating one entry."""
    catalog = read_po(io.BytesIO(body))
    for message in catalog:
        if message.context == statement_id:
            message.string = text
            if unfuzzy:
                message.flags.discard("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=76)  # a tool wraps lines its own way
    return out.getvalue()


def everything(session: Session, user: StaffUser) -> set[str]:
    return {s.id for s in visible_statements(session, user)}


def text_of(session: Session, statement_id: str, language: str) -> str | None:
    entry = workflow.versions(session, statement_id)[-1].content["texts"].get(language)
    return entry["text"] if entry else None


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_a_translation_comes_back_from_a_po_file(loaded, anna, language):
    body = export(loaded, anna, language)
    catalog = read_po(io.BytesIO(body))
    assert str(catalog.locale) == language
    entry = next(m for m in catalog if m.context == STATEMENT)
    assert entry.id == "[fi] The course is about 70 hours."
    assert entry.string == f"[{language}] The course is about 70 hours."

    result = import_po(loaded, translated(body, STATEMENT, NEW[language]), anna, everything(loaded, anna))
    assert (result.language, result.applied, result.conflicts) == (language, [STATEMENT], [])
    assert result.unchanged == 4  # the other statements of the small data set
    assert text_of(loaded, STATEMENT, language) == NEW[language]
    version = workflow.versions(loaded, STATEMENT)[-1]
    assert version.state == "draft" and version.author_id == anna.id
    assert workflow.language_status(version.content, language) == "current"
    # Imported work is a draft: the bot still shows the published text.
    published = next(t.text for t in loaded.get(models.Statement, STATEMENT).translations if t.language == language)
    assert published == f"[{language}] The course is about 70 hours."


def test_a_translation_changed_in_opas_after_the_export_is_a_conflict_not_overwritten(loaded, anna):
    body = export(loaded, anna, "ru")
    statement = loaded.get(models.Statement, STATEMENT)
    workflow.save(loaded, statement, anna, workflow.Change(language="ru", text="Новее: курс длится 70 часов."))
    result = import_po(loaded, translated(body, STATEMENT, NEW["ru"]), anna, everything(loaded, anna))
    assert result.applied == []
    assert result.conflicts == [(STATEMENT, "the translation changed in Opas after the export")]
    assert text_of(loaded, STATEMENT, "ru") == "Новее: курс длится 70 часов."


def test_a_translation_of_an_older_finnish_text_is_a_conflict(loaded, anna):
    body = export(loaded, anna, "ar")
    statement = loaded.get(models.Statement, STATEMENT)
    workflow.save(loaded, statement, anna, workflow.Change(language="fi", text="Kurssi kestää noin 80 tuntia."))
    result = import_po(loaded, translated(body, STATEMENT, NEW["ar"]), anna, everything(loaded, anna))
    assert result.conflicts == [(STATEMENT, "the Finnish text changed after the export")]
    assert text_of(loaded, STATEMENT, "ar") == "[ar] The course is about 70 hours."


def test_an_outdated_translation_goes_out_fuzzy_and_a_confirmed_one_comes_back_current(loaded, anna):
    statement = loaded.get(models.Statement, STATEMENT)
    workflow.save(loaded, statement, anna, workflow.Change(language="fi", text="Kurssi kestää noin 70 tuntia."))
    body = export(loaded, anna, "ar")
    entry = next(m for m in read_po(io.BytesIO(body)) if m.context == STATEMENT)
    assert entry.fuzzy and entry.id == "Kurssi kestää noin 70 tuntia."
    untouched = import_po(loaded, body, anna, everything(loaded, anna))
    assert (untouched.applied, untouched.untranslated, untouched.unchanged) == ([], 1, 4)
    confirmed_file = translated(body, STATEMENT, entry.string, unfuzzy=True)
    confirmed = import_po(loaded, confirmed_file, anna, everything(loaded, anna))
    assert confirmed.applied == [STATEMENT]
    assert workflow.language_status(workflow.versions(loaded, STATEMENT)[-1].content, "ar") == "current"


def test_a_statement_out_of_the_importers_scope_is_refused(loaded, anna):
    body = export(loaded, anna, "ru")
    others = everything(loaded, anna) - {STATEMENT}
    result = import_po(loaded, translated(body, STATEMENT, NEW["ru"]), anna, allowed=others)
    assert result.conflicts == [(STATEMENT, "unknown statement")]
    assert result.applied == []
    assert text_of(loaded, STATEMENT, "ru") == "[ru] The course is about 70 hours."
