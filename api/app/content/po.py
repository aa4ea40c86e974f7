"""Translations out and in as gettext ``.po`` files, one per language, for translators' own tools
(Poedit, Weblate).

Each entry: ``msgctxt`` the statement id, ``msgid`` the Finnish text, ``msgstr`` the translation
(``fuzzy`` when it is outdated). An extracted comment ``opas-base: <hash>`` records the translation
as it was at the export. An import makes a draft of every changed translation and never overwrites
newer work silently: an entry whose translation changed in Opas after the export, or whose Finnish
text changed since, is listed as a conflict and not applied.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from sqlalchemy.orm import Session

from locales.languages import SUPPORTED
from locales.pages import PageMessage

from ..errors import InvalidInput
from ..staff.models import StaffUser
from . import models, workflow
from .schemas import SOURCE_LANGUAGE

BASE_MARK = "opas-base: "
NO_TEXT = "none"


def _base(text: str | None) -> str:
    return workflow.text_hash(text)[:16] if text else NO_TEXT


def _working(session: Session, statement: models.Statement) -> dict:
    return workflow.versions(session, statement.id)[-1].content


def export_po(session: Session, statements: list[models.Statement], language: str) -> bytes:
    """The statements' Finnish texts and their ``language`` translations as a .po file."""
    catalog = Catalog(locale=language, project="Opas content", domain="content", fuzzy=False)
    for statement in statements:
        content = _working(session, statement)
        source = content["texts"].get(SOURCE_LANGUAGE)
        if source is None:
            continue
        entry = content["texts"].get(language) or {}
        status = workflow.language_status(content, language)
        catalog.add(
            source["text"],
            entry.get("text") or "",
            context=statement.id,
            auto_comments=[f"topic: {statement.topic_id}", BASE_MARK + _base(entry.get("text"))],
            flags=("fuzzy",) if status == workflow.OUTDATED else (),
        )
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=False, omit_header=False)
    return out.getvalue()


@dataclass
class ImportResult:
    language: str
    applied: list[str] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)


def import_po(session: Session, body: bytes, user: StaffUser, allowed: set[str]) -> ImportResult:
    """Reads a translated .po file into draft versions (see the module docstring)."""
    try:
        catalog = read_po(io.BytesIO(body))
    except Exception as error:  # Babel raises several kinds on a broken file
        raise InvalidInput(PageMessage("This is not a .po file.")) from error
    language = str(catalog.locale) if catalog.locale else ""
    if language not in SUPPORTED or language == SOURCE_LANGUAGE:
        raise InvalidInput(PageMessage("The file's language is not one Opas translates into."))
    result = ImportResult(language)
    for message in catalog:
        if not message.id or not message.context:
            continue  # the header
        statement_id = str(message.context)
        translation = (message.string or "").strip() if isinstance(message.string, str) else ""
        if not translation or message.fuzzy:
            result.untranslated += 1
            continue
        statement = session.get(models.Statement, statement_id) if statement_id in allowed else None
        if statement is None:
            result.conflicts.append((statement_id, "unknown statement"))
            continue
        content = _working(session, statement)
        source = content["texts"].get(SOURCE_LANGUAGE) or {}
        current = (content["texts"].get(language) or {}).get("text")
        exported = next((c[len(BASE_MARK):] for c in message.auto_comments if c.startswith(BASE_MARK)), None)
        if message.id != source.get("text"):
            result.conflicts.append((statement_id, "the Finnish text changed after the export"))
        elif exported != _base(current):
            result.conflicts.append((statement_id, "the translation changed in Opas after the export"))
        elif translation == current and workflow.language_status(content, language) == workflow.CURRENT:
            result.unchanged += 1
        else:
            workflow.save(session, statement, user, workflow.Change(
                language=language, text=translation, note=f"imported from {language}.po"))
            result.applied.append(statement_id)
    return result
