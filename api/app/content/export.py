"""Writes the published content back in the ``data/`` format (docs/data-format.md), so that a
municipality can keep its coordinators' work in version control and load it anywhere:

    python -m api.manage export-content <dir>

Only published versions are written (the statement tables hold nothing else); a translation made
from an older Finnish text is listed under ``outdated``, a language without a text under
``missing``, so a load of the export gives the same statuses back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from locales.languages import SUPPORTED

from . import models
from .loader import SELECTION_DOCUMENTS

HEADER = "# Exported from the Opas database by `python -m api.manage export-content` (docs/content-workflow.md).\n"


def _in_language_order(values: dict[str, Any]) -> dict[str, Any]:
    return {code: values[code] for code in SUPPORTED if code in values} | {
        code: value for code, value in sorted(values.items()) if code not in SUPPORTED
    }


def _sources(session: Session) -> dict[str, Any]:
    rows = session.scalars(select(models.Source).order_by(models.Source.id))
    out = []
    for row in rows:
        item: dict[str, Any] = {"id": row.id, "title": row.title}
        if row.titles:
            item["titles"] = _in_language_order(row.titles)
        item |= {"publisher": row.publisher, "date": row.date, "url": row.url, "language": row.language}
        if row.seed:
            item["seed"] = row.seed
        out.append(item)
    return {"sources": out}


def _topics(session: Session) -> dict[str, Any]:
    out = []
    for row in session.scalars(select(models.Topic).order_by(models.Topic.position)):
        item: dict[str, Any] = {
            "id": row.id,
            "needs_municipality": row.needs_municipality,
            "states_provider": row.states_provider,
            "title": _in_language_order({t.language: t.title for t in row.titles}),
        }
        keywords = {t.language: list(t.keywords) for t in row.titles if t.keywords}
        if keywords:
            item["keywords"] = _in_language_order(keywords)
        out.append(item)
    return {"topics": out}


def _places(session: Session) -> dict[str, Any]:
    providers = [
        {"id": p.id, "kind": p.kind, "name": _in_language_order(p.names), "sources": list(p.source_ids)}
        for p in session.scalars(select(models.Provider).order_by(models.Provider.id))
    ]
    municipalities = []
    for m in session.scalars(select(models.Municipality).order_by(models.Municipality.position)):
        item: dict[str, Any] = {
            "id": m.id,
            "coverage": m.coverage,
            "name": _in_language_order({n.language: n.name for n in m.names}),
        }
        forms = sorted(f.form for f in m.forms)
        if forms:
            item["forms"] = forms
        for key, value in (("integration_provider", m.integration_provider_id),
                           ("jobseeker_provider", m.jobseeker_provider_id),
                           ("employment_area", m.employment_area_id)):
            if value is not None:
                item[key] = value
        if m.source_ids:
            item["sources"] = list(m.source_ids)
        municipalities.append(item)
    return {"providers": providers, "municipalities": municipalities}


def _statement(row: models.Statement) -> dict[str, Any]:
    item: dict[str, Any] = {"id": row.id}
    when = {key: value for key, value in (("municipalities", row.when_municipalities),
                                          ("jobseeker", row.when_jobseeker),
                                          ("municipality_known", row.when_municipality_known))
            if value is not None}
    if when:
        item["when"] = when
    if row.answers:
        item["answers"] = list(row.answers)
    item["sources"] = [{"source": s.source_id, "section": s.section} if s.section else s.source_id
                       for s in row.sources]
    item["valid_from"] = row.valid_from
    if row.valid_until:
        item["valid_until"] = row.valid_until
    texts = {t.language: t for t in row.translations if t.text}
    outdated = [code for code in SUPPORTED if code in texts and texts[code].status == "outdated"]
    missing = [code for code in SUPPORTED if code not in texts]
    if outdated:
        item["outdated"] = outdated
    if missing:
        item["missing"] = missing
    item["text"] = _in_language_order({code: t.text for code, t in texts.items()})
    return item


def _write(path: Path, content: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # One line a text: a change shows as one changed line in version control.
    body = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1_000_000)
    path.write_text(HEADER + body, encoding="utf-8")


def export_content(session: Session, out_dir: Path) -> int:
    """Writes every data file of the published content under ``out_dir``; returns how many
    statements it wrote."""
    _write(out_dir / "sources.yml", _sources(session))
    _write(out_dir / "topics.yml", _topics(session))
    _write(out_dir / "municipalities.yml", _places(session))
    for key in SELECTION_DOCUMENTS:
        row = session.get(models.ContentMeta, key)
        if row is not None:
            _write(out_dir / f"{key}.yml", row.value)
    count = 0
    for topic in session.scalars(select(models.Topic).order_by(models.Topic.position)):
        rows = session.scalars(
            select(models.Statement).where(models.Statement.topic_id == topic.id)
            .order_by(models.Statement.position, models.Statement.id)
        ).all()
        if not rows:
            continue
        _write(out_dir / "answers" / f"{topic.id}.yml",
               {"topic": topic.id, "statements": [_statement(row) for row in rows]})
        questions = {row.id: _in_language_order(row.questions) for row in rows if row.questions}
        if questions:
            _write(out_dir / "questions" / f"{topic.id}.yml", {"topic": topic.id, "statements": questions})
        count += len(rows)
    return count
