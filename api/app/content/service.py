"""Composing answers from the statements, and the content's revision counter."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound, UnknownMunicipality, UnknownTopic
from ..languages import CONTENT_FALLBACKS
from ..routing.service import RuleTable, jobseeker_flag
from . import models
from .responses import AnswerOut, SourceOut, SourceRef, TopicOut
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


def _pick_language(
    statement_ids: list[str],
    texts: dict[tuple[str, str], models.StatementTranslation],
    candidates: tuple[str, ...],
) -> tuple[str, list[models.StatementTranslation]]:
    """The first candidate language in which every statement has a text, and those texts."""
    for code in candidates:
        found = [texts.get((s, code)) for s in statement_ids]
        if all(found):
            return code, found  # type: ignore[return-value]
    # A coordinator removed texts: show what exists in the best language rather than nothing.
    for code in candidates:
        found = [t for t in (texts.get((s, code)) for s in statement_ids) if t is not None]
        if found:
            return code, found
    return candidates[0], []


def _texts(
    session: Session, statement_ids: list[str], languages: tuple[str, ...]
) -> dict[tuple[str, str], models.StatementTranslation]:
    rows = session.scalars(
        select(models.StatementTranslation).where(
            models.StatementTranslation.statement_id.in_(statement_ids),
            models.StatementTranslation.language.in_(languages),
        )
    )
    return {(t.statement_id, t.language): t for t in rows if t.usable}


def _sources(session: Session, statement_ids: list[str]) -> list[SourceRef]:
    """The statements' sources, deduplicated, in the order the statements cite them."""
    rows = session.execute(
        select(models.StatementSource.statement_id, models.StatementSource.position, models.Source)
        .join(models.Source)
        .where(models.StatementSource.statement_id.in_(statement_ids))
    ).all()
    order = {statement_id: n for n, statement_id in enumerate(statement_ids)}
    rows.sort(key=lambda row: (order[row[0]], row[1]))
    sources: dict[str, SourceRef] = {}
    for _, _, source in rows:
        sources.setdefault(source.id, SourceRef(id=source.id, title=source.title, url=source.url))
    return list(sources.values())


def compose_answer(
    session: Session,
    *,
    topic_id: str,
    language: str,
    municipality_id: str | None,
    jobseeker: str,
    rules: RuleTable,
) -> AnswerOut:
    """The answer on a topic for this user, in ``language`` or the nearest fallback."""
    topic = session.get(models.Topic, topic_id)
    if topic is None:
        raise UnknownTopic(f"Unknown topic {topic_id[:60]!r}.")
    place = session.get(models.Municipality, municipality_id) if municipality_id else None
    if municipality_id and place is None:
        raise UnknownMunicipality(f"Unknown municipality {municipality_id[:60]!r}.")

    def outcome(status: str, **fields: object) -> AnswerOut:
        values: dict[str, object] = {
            "status": status,
            "topic": topic.id,
            "language": language,
            "text": None,
            "text_language": None,
            "fallback_language": None,
            "outdated": False,
            "source_language": None,
            "municipality": place.id if place else None,
            "coverage": place.coverage if place else None,
            "provider": None,
            "sources": [],
            "valid_from": None,
        }
        return AnswerOut.model_validate(values | fields)

    if place is not None and place.coverage == "none":
        return outcome("out_of_coverage")
    if topic.needs_municipality and place is None:
        return outcome("needs_municipality")
    statements = session.scalars(
        select(models.Statement)
        .where(models.Statement.topic_id == topic.id)
        .order_by(models.Statement.position, models.Statement.id)
    ).all()
    matched = [s for s in statements if s.matches(place.id if place else None, jobseeker)]
    if not matched:
        needs_place = place is None and any(
            s.when_municipalities or s.when_municipality_known for s in statements
        )
        return outcome("needs_municipality" if needs_place else "no_answer")

    candidates = tuple(dict.fromkeys((language, *CONTENT_FALLBACKS)))
    matched_ids = [s.id for s in matched]
    text_language, translations = _pick_language(
        matched_ids, _texts(session, matched_ids, candidates), candidates
    )
    if not translations:
        return outcome("no_answer")
    shown_ids = {t.statement_id for t in translations}
    shown = [s for s in matched if s.id in shown_ids]
    outdated = any(t.status == "outdated" for t in translations)
    provider = None
    if topic.states_provider and place is not None:
        provider = rules.resolve(place.id, jobseeker_flag(jobseeker))
    return outcome(
        "answer",
        text="\n\n".join(t.text for t in translations if t.text),
        text_language=text_language,
        fallback_language=text_language if text_language != language else None,
        outdated=outdated,
        source_language=SOURCE_LANGUAGE if outdated else None,
        provider=provider,
        sources=_sources(session, [s.id for s in shown]),
        valid_from=max(s.valid_from for s in shown),
    )


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
