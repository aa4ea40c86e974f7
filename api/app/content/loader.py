"""Loads ``data/`` into the database: idempotent, and a coordinator's newer edit is kept.

Every row remembers the hash of what the data file said when it was last loaded, so a second load
of the same files writes nothing. A statement a coordinator edited after its file last changed is
not overwritten; when the file changed after the edit, the file wins. A translation whose
source-language (Finnish) text changed while it did not is marked ``outdated``.

    python -m api.app.content.loader [--data-dir DIR]      # after `python -m api.manage migrate`
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from ..errors import ContentDataError
from . import models, schemas, workflow
from .service import bump_revision, content_hash

log = logging.getLogger(__name__)


@dataclass
class LoadReport:
    counts: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)

    def count(self, kind: str, action: str) -> None:
        self.counts[f"{kind} {action}"] += 1

    @property
    def changed(self) -> bool:
        return any(not key.endswith(("unchanged", "kept")) for key in self.counts)

    def __str__(self) -> str:
        lines = [f"  {key}: {n}" for key, n in sorted(self.counts.items())]
        lines += [f"  kept coordinator edit: {c}" for c in self.conflicts]
        return "\n".join(lines) or "  nothing to load"


def _all(session: Session, model: type) -> dict[str, Any]:
    return {row.id: row for row in session.scalars(select(model))}


def _row_to_write(session: Session, existing: dict[str, Any], model: type, item_id: str, digest: str,
                  report: LoadReport, what: str) -> Any | None:
    """The row to (re)write for a file item, or None when the database already holds that version."""
    row = existing.get(item_id)
    if row is not None and row.data_hash == digest:
        report.count(what, "unchanged")
        return None
    if row is None:
        row = model(id=item_id)
        session.add(row)
    report.count(what, "updated" if row.data_hash else "created")
    return row


def _file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)


def _sync_sources(session: Session, data: schemas.DataSet, data_dir: Path, report: LoadReport) -> None:
    existing = _all(session, models.Source)
    file_time = _file_time(data_dir / "sources.yml")
    for item in data.sources:
        digest = content_hash(item.model_dump(mode="json"))
        old = existing.get(item.id)
        if old is not None and old.data_hash != digest and old.edited_at and old.edited_at > file_time:
            report.conflicts.append(f"source {item.id} (edited {old.edited_at:%Y-%m-%d %H:%M}, file older)")
            report.count("sources", "kept")
            continue
        row = _row_to_write(session, existing, models.Source, item.id, digest, report, "sources")
        if row is None:
            continue
        fields = item.model_dump(exclude={"id", "titles"})
        for key, value in fields.items():
            setattr(row, key, value)
        row.titles = dict(item.titles) or None
        row.edited_at = None
        row.data_hash = digest


def _sync_topics(session: Session, data: schemas.DataSet, report: LoadReport) -> None:
    existing = _all(session, models.Topic)
    for position, item in enumerate(data.topics):
        digest = content_hash([position, item.model_dump(mode="json")])
        row = _row_to_write(session, existing, models.Topic, item.id, digest, report, "topics")
        if row is None:
            continue
        row.position = position
        row.needs_municipality = item.needs_municipality
        row.states_provider = item.states_provider
        row.titles = [
            models.TopicTitle(
                language=code, title=title, keywords=list(item.keywords.get(code, []))
            )
            for code, title in item.title.items()
        ]
        row.data_hash = digest


def _sync_providers(session: Session, data: schemas.DataSet, report: LoadReport) -> None:
    existing = _all(session, models.Provider)
    for item in data.providers:
        digest = content_hash(item.model_dump(mode="json"))
        row = _row_to_write(session, existing, models.Provider, item.id, digest, report, "providers")
        if row is None:
            continue
        row.kind = item.kind
        row.names = dict(item.name)
        row.source_ids = list(item.sources)
        row.data_hash = digest


def _sync_municipalities(session: Session, data: schemas.DataSet, report: LoadReport) -> None:
    existing = _all(session, models.Municipality)
    for position, item in enumerate(data.municipalities):
        digest = content_hash([position, item.model_dump(mode="json")])
        row = _row_to_write(session, existing, models.Municipality, item.id, digest, report, "municipalities")
        if row is None:
            continue
        row.position = position
        row.coverage = item.coverage
        row.integration_provider_id = item.integration_provider
        row.jobseeker_provider_id = item.jobseeker_provider
        row.employment_area_id = item.employment_area
        row.source_ids = list(item.sources)
        row.names = [models.MunicipalityName(language=c, name=n) for c, n in item.name.items()]
        row.forms = [models.MunicipalityForm(form=f) for f in dict.fromkeys(item.forms)]
        row.data_hash = digest


def _file_content(row: models.Statement, item: schemas.Statement) -> dict:
    """The statement of the data file as a version's content (api/app/content/workflow.py).

    A translation whose text stayed while the Finnish text changed keeps what it was made from,
    so it shows as outdated; the file's ``outdated`` list says the same for a fresh database.
    """
    source_hash = content_hash(item.text[schemas.SOURCE_LANGUAGE])
    old = {t.language: t for t in row.translations}
    texts = {}
    for code, text in sorted(item.text.items()):
        before = old.get(code)
        kept = before is not None and before.text == text and code != schemas.SOURCE_LANGUAGE
        if code in item.outdated:
            basis = before.source_hash if kept and before.source_hash != source_hash else None
        else:
            basis = before.source_hash if kept else source_hash
        texts[code] = {"text": text, "basis": basis}
    return {
        "texts": texts,
        "sources": [{"id": c.source, "section": c.section} for c in item.citations],
        "valid_from": item.valid_from.isoformat(),
        "valid_until": item.valid_until.isoformat() if item.valid_until else None,
    }


def _coordinator_edit_stands(
    row: models.Statement, digest: str, file_time: datetime, report: LoadReport
) -> bool:
    if not row.edited_by_coordinator:
        return False
    if row.data_hash != digest and file_time > row.updated_at:
        return False
    if row.data_hash != digest:
        report.conflicts.append(
            f"{row.id} (edited {row.updated_at:%Y-%m-%d %H:%M}, file changed before that)"
        )
    return True


def _sync_statements(
    session: Session, data: schemas.DataSet, data_dir: Path, report: LoadReport
) -> set[str]:
    existing = _all(session, models.Statement)
    examples = {sid: qs for file in data.questions for sid, qs in file.statements.items()}
    seen: set[str] = set()
    for answers in data.answers:
        path = data_dir / "answers" / f"{answers.topic}.yml"
        file_time = _file_time(path)
        for position, item in enumerate(answers.statements):
            seen.add(item.id)
            questions = examples.get(item.id, {})
            digest = content_hash([answers.topic, position, item.model_dump(mode="json"), questions])
            row = existing.get(item.id)
            if row is not None and row.data_hash == digest and not row.edited_by_coordinator:
                report.count("statements", "unchanged")
                continue
            if row is not None and _coordinator_edit_stands(row, digest, file_time, report):
                report.count("statements", "kept")
                continue
            if row is None:
                row = models.Statement(id=item.id, translations=[], sources=[])
                session.add(row)
            report.count("statements", "updated" if row.data_hash else "created")
            row.topic_id = answers.topic
            row.position = position
            row.when_municipalities = item.when.municipalities
            row.when_jobseeker = item.when.jobseeker
            row.when_municipality_known = item.when.municipality_known
            row.answers = list(item.answers)
            row.questions = {code: list(texts) for code, texts in questions.items()}
            workflow.apply_to_live(row, _file_content(row, item))
            row.edited_by_coordinator = False
            row.updated_at = models.utcnow()
            row.data_hash = digest
            session.flush()
            workflow.record_published(session, row, note="loaded from data/")
    return seen


def _delete_stale(session: Session, model: type, keep: set[str], report: LoadReport) -> None:
    """Deletes rows no longer in data/, unless something (a coordinator's work) still uses them."""
    kind = model.__tablename__
    for row in session.scalars(select(model).where(model.id.not_in(keep))).all():
        if kind == "statements" and (row.edited_by_coordinator or row.data_hash is None):
            report.count(kind, "kept")
            continue
        try:
            with session.begin_nested():
                session.delete(row)
                session.flush()
            report.count(kind, "deleted")
        except IntegrityError:
            log.warning("%s %s is no longer in data/ but still referenced; kept", kind, row.id)
            report.count(kind, "kept")


#: ContentMeta keys of the documents the answer selection reads besides the statements.
SELECTION_DOCUMENTS = ("question_kinds", "out_of_scope")


def _sync_selection_documents(session: Session, data: schemas.DataSet, report: LoadReport) -> None:
    for key in SELECTION_DOCUMENTS:
        document = getattr(data, key).model_dump(mode="json")
        row = session.get(models.ContentMeta, key)
        if row is not None and row.value == document:
            report.count(key, "unchanged")
            continue
        if row is None:
            row = models.ContentMeta(key=key)
            session.add(row)
        report.count(key, "updated" if row.value else "created")
        row.value = document


def load_content(session: Session, data_dir: Path) -> LoadReport:
    """Brings the content tables in line with ``data_dir``; commits. Raises ContentDataError."""
    data = schemas.read_dataset(data_dir)
    report = LoadReport()
    _sync_sources(session, data, data_dir, report)
    _sync_topics(session, data, report)
    _sync_providers(session, data, report)
    session.flush()
    _sync_municipalities(session, data, report)
    session.flush()
    statement_ids = _sync_statements(session, data, data_dir, report)
    _sync_selection_documents(session, data, report)
    session.flush()
    _delete_stale(session, models.Statement, statement_ids, report)
    _delete_stale(session, models.Municipality, {m.id for m in data.municipalities}, report)
    _delete_stale(session, models.Provider, {p.id for p in data.providers}, report)
    _delete_stale(session, models.Topic, {t.id for t in data.topics}, report)
    _delete_stale(session, models.Source, {s.id for s in data.sources}, report)
    if report.changed:
        bump_revision(session)
    session.commit()
    return report


def main(argv: list[str] | None = None) -> int:
    from ..config import get_settings
    from ..db import create_db_engine, create_session_factory

    parser = argparse.ArgumentParser(description="Load data/ into the Opas database.")
    parser.add_argument("--data-dir", type=Path, default=None, help="default: OPAS_DATA_DIR")
    args = parser.parse_args(argv)
    settings = get_settings()
    data_dir = args.data_dir or settings.data_dir
    engine = create_db_engine(settings.database_url)
    try:
        with create_session_factory(engine)() as session:
            report = load_content(session, data_dir)
    except ContentDataError as error:
        print(error.message, file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as error:
        print(
            f"cannot load into the database ({type(error.orig).__name__}); "
            "run `python -m api.manage migrate` first",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()
    print(f"loaded {data_dir}:\n{report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
