"""Topics and sources, coordinators' edits, and the content's revision counter."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..languages import CONTENT_FALLBACKS
from . import models
from .responses import SourceOut, TopicOut
from .schemas import SOURCE_LANGUAGE

REVISION_KEY = "revision"


def content_hash(value: object) -> str:
    """A stable hash of a JSON-able value (what a data file said; a source text)."""
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def get_revision(session: Session) -> int:
    """The content's revision: changes whenever the loader or a coordinator changes content."""
    row = session.get(models.ContentMeta, REVISION_KEY)
    return int(row.value) if row is not None else 0


def bump_revision(session: Session) -> int:
    row = session.get(models.ContentMeta, REVISION_KEY)
    if row is None:
        row = models.ContentMeta(key=REVISION_KEY, value=0)
        session.add(row)
    row.value = int(row.value) + 1
    return row.value


def list_topics(session: Session, language: str) -> list[TopicOut]:
    topics = session.scalars(select(models.Topic).order_by(models.Topic.position)).all()
    return [
        TopicOut(
            id=t.id,
            title=t.title(language, CONTENT_FALLBACKS),
            needs_municipality=t.needs_municipality,
            states_provider=t.states_provider,
        )
        for t in topics
    ]


def list_sources(session: Session) -> list[SourceOut]:
    rows = session.scalars(select(models.Source).order_by(models.Source.id)).all()
    return [
        SourceOut(
            id=s.id,
            title=s.title,
            url=s.url,
            publisher=s.publisher,
            date=s.date,
            language=s.language,
        )
        for s in rows
    ]


def edit_statement_text(session: Session, statement_id: str, language: str, text: str) -> None:
    """A coordinator's edit: kept by later loads of an older data file; commits."""
    statement = session.get(models.Statement, statement_id)
    if statement is None:
        raise NotFound(f"Unknown statement {statement_id[:60]!r}.")
    now = models.utcnow()
    translation = next((t for t in statement.translations if t.language == language), None)
    if translation is None:
        translation = models.StatementTranslation(language=language, status="current")
        statement.translations.append(translation)
    source = next((t for t in statement.translations if t.language == SOURCE_LANGUAGE), None)
    translation.text = text
    translation.status = "current"
    translation.updated_at = now
    translation.source_hash = content_hash(source.text if source else text)
    if language == SOURCE_LANGUAGE:
        for other in statement.translations:
            if other is not translation and other.text:
                other.status = "outdated"
    statement.edited_by_coordinator = True
    statement.updated_at = now
    bump_revision(session)
    session.commit()
