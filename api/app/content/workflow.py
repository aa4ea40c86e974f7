"""Coordinators' workflow for a statement: draft -> review -> published, every save a version.

The statement tables (``statements``, ``statement_translations``, ``statement_sources``) hold the
*published* content only: the answer index reads them, so the bot never sees a draft. A version
(``StatementVersion``) keeps a whole statement: its texts, each with the hash of the
source-language (Finnish) text it was made from (its *basis*), its sources and its validity.

- A save makes a new ``draft`` version (earlier unpublished ones become ``archived``).
- Its author, or anyone, sends it to ``review``; a coordinator who wrote none of the versions since
  the last published one publishes it: it is copied into the statement tables and the content's
  revision is bumped, so the answer index rebuilds within a second.
- A translation is ``outdated`` when its basis is not the hash of the current Finnish text. A
  "minor change" of the Finnish text (a typo) carries the translations that were up to date over
  to the new text, so they stay up to date.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from locales.pages import PageMessage

from ..errors import Conflict, Forbidden, InvalidInput, NotFound
from ..staff.models import StaffUser
from . import models
from .schemas import SOURCE_LANGUAGE
from .service import bump_revision, content_hash

CURRENT, OUTDATED, MISSING = "current", "outdated", "missing"
DRAFT, REVIEW, PUBLISHED, ARCHIVED = models.VERSION_STATES


def text_hash(text: str) -> str:
    """The basis a translation of ``text`` records (the same hash the loader writes)."""
    return content_hash(text)


# --- a version's content ------------------------------------------------------------------------


def live_content(statement: models.Statement) -> dict[str, Any]:
    """The statement as the statement tables hold it (published), in the form of a version."""
    return {
        "texts": {
            t.language: {"text": t.text, "basis": t.source_hash}
            for t in sorted(statement.translations, key=lambda t: t.language)
            if t.text
        },
        "sources": [{"id": s.source_id, "section": s.section} for s in statement.sources],
        "valid_from": statement.valid_from.isoformat(),
        "valid_until": statement.valid_until.isoformat() if statement.valid_until else None,
    }


def language_status(content: dict[str, Any], language: str) -> str:
    """current, outdated (the Finnish text changed after it) or missing."""
    entry = content["texts"].get(language)
    if not entry or not entry.get("text"):
        return MISSING
    if language == SOURCE_LANGUAGE:
        return CURRENT
    source = content["texts"].get(SOURCE_LANGUAGE)
    if source is None or entry.get("basis") != text_hash(source["text"]):
        return OUTDATED
    return CURRENT


def apply_to_live(statement: models.Statement, content: dict[str, Any]) -> None:
    """Writes a version's content into the statement tables (what the bot reads)."""
    now = models.utcnow()
    rows = {t.language: t for t in statement.translations}
    for code, entry in content["texts"].items():
        row = rows.pop(code, None)
        if row is None:
            row = models.StatementTranslation(language=code)
            statement.translations.append(row)
        if row.text != entry["text"]:
            row.text = entry["text"]
            row.updated_at = now
        row.source_hash = entry.get("basis")
        row.status = language_status(content, code)
    for row in rows.values():  # a translation the version no longer has
        statement.translations.remove(row)
    statement.sources = [
        models.StatementSource(source_id=item["id"], section=item.get("section") or None, position=n)
        for n, item in enumerate(content["sources"])
    ]
    statement.valid_from = dt.date.fromisoformat(content["valid_from"])
    statement.valid_until = dt.date.fromisoformat(content["valid_until"]) if content["valid_until"] else None


# --- versions -----------------------------------------------------------------------------------


def versions(session: Session, statement_id: str) -> list[models.StatementVersion]:
    """Every version of the statement, oldest first (version 1 is made from the tables if none)."""
    found = list(session.scalars(
        select(models.StatementVersion)
        .where(models.StatementVersion.statement_id == statement_id)
        .order_by(models.StatementVersion.number)
    ))
    if found:
        return found
    statement = get_statement(session, statement_id)
    first = record_published(session, statement, note="loaded from data/")
    session.commit()
    return [first]


def record_published(session: Session, statement: models.Statement, note: str) -> models.StatementVersion:
    """A published version of what the statement tables hold (the loader calls it after a load).

    A draft older than it (the data file changed after the coordinator's work) is archived: the
    file won, and the draft stays in the history to restore.
    """
    earlier = session.scalars(
        select(models.StatementVersion).where(models.StatementVersion.statement_id == statement.id)
    ).all()
    for version in earlier:
        if version.state in (DRAFT, REVIEW):
            version.state = ARCHIVED
    version = models.StatementVersion(
        statement_id=statement.id, number=max((v.number for v in earlier), default=0) + 1, state=PUBLISHED,
        content=live_content(statement),
        minor=False, note=note, decided_at=models.utcnow(),
    )
    session.add(version)
    return version


def get_statement(session: Session, statement_id: str) -> models.Statement:
    statement = session.get(models.Statement, statement_id)
    if statement is None:
        raise NotFound(PageMessage("Unknown statement."))
    return statement


def get_version(session: Session, statement_id: str, number: int) -> models.StatementVersion:
    for version in versions(session, statement_id):
        if version.number == number:
            return version
    raise NotFound(PageMessage("Unknown version."))


def published_version(history: list[models.StatementVersion]) -> models.StatementVersion | None:
    return next((v for v in reversed(history) if v.state == PUBLISHED), None)


def unpublished_authors(history: list[models.StatementVersion]) -> set[int]:
    """Who saved a version since the last published one: none of them may publish it."""
    authors: set[int] = set()
    for version in reversed(history):
        if version.state == PUBLISHED:
            break
        if version.author_id is not None:
            authors.add(version.author_id)
    return authors


@dataclass
class Change:
    """What a coordinator changes in one save; None leaves a part as it is."""

    language: str | None = None
    text: str | None = None
    minor: bool = False
    sources: list[dict[str, str | None]] | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    set_validity: bool = False
    note: str | None = None


def changed_content(content: dict[str, Any], change: Change) -> dict[str, Any]:
    """A copy of ``content`` with ``change`` applied."""
    new = copy.deepcopy(content)
    texts = new["texts"]
    if change.language is not None:
        text = (change.text or "").strip()
        if change.language == SOURCE_LANGUAGE:
            if not text:
                raise InvalidInput(PageMessage("The Finnish text cannot be empty: the translations are made from it."))
            old_basis = text_hash(texts[SOURCE_LANGUAGE]["text"]) if SOURCE_LANGUAGE in texts else None
            new_basis = text_hash(text)
            if change.minor and old_basis != new_basis:
                for code, entry in texts.items():
                    if code != SOURCE_LANGUAGE and entry.get("basis") == old_basis:
                        entry["basis"] = new_basis
            texts[SOURCE_LANGUAGE] = {"text": text, "basis": new_basis}
        elif text:
            source = texts.get(SOURCE_LANGUAGE)
            texts[change.language] = {"text": text, "basis": text_hash(source["text"]) if source else None}
        else:
            texts.pop(change.language, None)
        new["texts"] = dict(sorted(texts.items()))
    if change.sources is not None:
        new["sources"] = [{"id": s["id"], "section": (s.get("section") or None)} for s in change.sources]
    if change.set_validity:
        if change.valid_from is None:
            raise InvalidInput(PageMessage("A statement needs the date it is valid from."))
        if change.valid_until is not None and change.valid_until < change.valid_from:
            raise InvalidInput(PageMessage("The last valid day is before the first."))
        new["valid_from"] = change.valid_from.isoformat()
        new["valid_until"] = change.valid_until.isoformat() if change.valid_until else None
    return new


def save(session: Session, statement: models.Statement, user: StaffUser, change: Change) -> models.StatementVersion:
    """A new draft version with ``change`` applied (none when nothing changed); commits."""
    history = versions(session, statement.id)
    working = history[-1]
    content = changed_content(working.content, change)
    if content == working.content:
        return working
    return _new_draft(session, statement, user, history, content, minor=change.minor, note=change.note)


def restore(session: Session, statement: models.Statement, user: StaffUser, number: int) -> models.StatementVersion:
    """A new draft with the content of version ``number``; commits."""
    history = versions(session, statement.id)
    old = next((v for v in history if v.number == number), None)
    if old is None:
        raise NotFound(PageMessage("Unknown version."))
    return _new_draft(session, statement, user, history, copy.deepcopy(old.content), minor=False,
                      note=f"restored version {number}")


def _new_draft(session: Session, statement: models.Statement, user: StaffUser,
               history: list[models.StatementVersion], content: dict[str, Any], *, minor: bool,
               note: str | None) -> models.StatementVersion:
    for version in history:
        if version.state in (DRAFT, REVIEW):
            version.state = ARCHIVED
    version = models.StatementVersion(
        statement_id=statement.id, number=history[-1].number + 1, state=DRAFT, content=content,
        minor=minor, note=(note or "").strip()[:500] or None, author_id=user.id,
    )
    session.add(version)
    # The loader keeps a statement a coordinator worked on after its data file last changed.
    statement.edited_by_coordinator = True
    statement.updated_at = models.utcnow()
    session.commit()
    return version


def _check_publishable(content: dict[str, Any]) -> None:
    if not content["sources"]:
        raise InvalidInput(PageMessage("A statement without a source cannot be published."))
    if SOURCE_LANGUAGE not in content["texts"]:
        raise InvalidInput(PageMessage("The Finnish text cannot be empty: the translations are made from it."))


def submit(session: Session, statement: models.Statement) -> models.StatementVersion:
    """Sends the draft to review; commits."""
    working = versions(session, statement.id)[-1]
    if working.state != DRAFT:
        raise Conflict(PageMessage("There is no draft to send to review."))
    _check_publishable(working.content)
    working.state = REVIEW
    session.commit()
    return working


def publish(session: Session, statement: models.Statement, reviewer: StaffUser) -> models.StatementVersion:
    """The reviewer publishes the version in review: the bot answers with it from the next
    revision check on; commits."""
    history = versions(session, statement.id)
    working = history[-1]
    if working.state != REVIEW:
        raise Conflict(PageMessage("There is no version in review."))
    if reviewer.id in unpublished_authors(history):
        raise Forbidden(PageMessage("Another coordinator reviews your change: you cannot publish your own."))
    _check_publishable(working.content)
    working.state = PUBLISHED
    working.reviewer_id = reviewer.id
    working.decided_at = models.utcnow()
    apply_to_live(statement, working.content)
    statement.edited_by_coordinator = True
    statement.updated_at = models.utcnow()
    bump_revision(session)
    session.commit()
    return working


def send_back(session: Session, statement: models.Statement, reviewer: StaffUser) -> models.StatementVersion:
    """The reviewer returns the version in review to its author as a draft; commits."""
    working = versions(session, statement.id)[-1]
    if working.state != REVIEW:
        raise Conflict(PageMessage("There is no version in review."))
    working.state = DRAFT
    working.reviewer_id = reviewer.id
    session.commit()
    return working
