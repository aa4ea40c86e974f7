"""Coordinators' content pages (``/staff/content``): statements and their languages' status, the
coverage of topics by language, the editor with its workflow and versions, sources, and
translations out and in as ``.po`` files. The workflow itself is ``api/app/content/workflow.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session

from locales.languages import SUPPORTED, language_name, text_direction
from locales.pages import PageMessage

from ..content import models, workflow
from ..content.diff import version_diff
from ..content.po import export_po, import_po
from ..content.schemas import SOURCE_LANGUAGE
from ..content.scope import own_statement, served_by, visible_statements
from ..content.service import bump_revision
from ..deps import SessionDep
from ..errors import Forbidden, InvalidInput, NotFound
from .auth import CoordinatorUser, StaffSessionDep
from .csrf import CsrfProtected
from .models import StaffUser
from .router import StaffRoute, page, see_other
from .texts import staff_language

router = APIRouter(prefix="/staff/content", route_class=StaffRoute, include_in_schema=False)

#: Largest .po file accepted (every statement of one language is some 100 kB).
MAX_PO_BYTES = 2_000_000

Language = Annotated[str, Query(pattern="^[a-z]{2,3}$")]


def _language_names(request: Request) -> list[tuple[str, str, str]]:
    """(code, name in the page's language, direction) of every content language."""
    shown_in = staff_language(request)
    return [(code, language_name(code, shown_in), text_direction(code)) for code in SUPPORTED]


def _latest_versions(session: Session, ids: list[str]) -> dict[str, list[models.StatementVersion]]:
    rows = session.scalars(
        select(models.StatementVersion)
        .where(models.StatementVersion.statement_id.in_(ids))
        .order_by(models.StatementVersion.number)
    )
    found: dict[str, list[models.StatementVersion]] = {}
    for row in rows:
        found.setdefault(row.statement_id, []).append(row)
    return found


def _rows(session: Session, statements: list[models.Statement]) -> list[dict[str, Any]]:
    """Per statement: the content worked on, its state and each language's status."""
    history = _latest_versions(session, [s.id for s in statements])
    rows = []
    for statement in statements:
        versions = history.get(statement.id)
        content = versions[-1].content if versions else workflow.live_content(statement)
        rows.append({
            "statement": statement,
            "state": versions[-1].state if versions else workflow.PUBLISHED,
            "content": content,
            "status": {code: workflow.language_status(content, code) for code in SUPPORTED},
        })
    return rows


def _filtered(session: Session, user: StaffUser, topic: str | None, municipality: str | None,
              provider: str | None) -> list[models.Statement]:
    statements = visible_statements(session, user)
    if topic:
        statements = [s for s in statements if s.topic_id == topic]
    if municipality:
        statements = [s for s in statements
                      if s.when_municipalities is None or municipality in s.when_municipalities]
    if provider:
        places = served_by(session, provider)
        statements = [s for s in statements if s.when_municipalities and set(s.when_municipalities) <= places]
    return statements


@router.get("")
def overview(
    request: Request,
    session: SessionDep,
    staff: StaffSessionDep,
    user: CoordinatorUser,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    municipality: Annotated[str | None, Query(max_length=60)] = None,
    provider: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    """Topics and their statements, with each language's status, filtered by topic and place."""
    language = staff_language(request)
    context = {
        "rows": _rows(session, _filtered(session, user, topic, municipality, provider)),
        "topics": session.scalars(select(models.Topic).order_by(models.Topic.position)).all(),
        "municipalities": session.scalars(
            select(models.Municipality).where(models.Municipality.coverage != "none")
            .order_by(models.Municipality.position)).all(),
        "providers": session.scalars(select(models.Provider).order_by(models.Provider.id)).all(),
        "chosen": {"topic": topic, "municipality": municipality, "provider": provider},
        "content_languages": _language_names(request),
        "topic_title": lambda t: t.title(language, ("en", "fi")),
    }
    return page(request, staff, "content.html", context)


@router.get("/coverage")
def coverage(request: Request, session: SessionDep, staff: StaffSessionDep, user: CoordinatorUser) -> Response:
    """Topics x languages: how many statements are up to date, outdated, missing."""
    language = staff_language(request)
    topics = session.scalars(select(models.Topic).order_by(models.Topic.position)).all()
    counts: dict[str, dict[str, dict[str, int]]] = {
        t.id: {code: {"current": 0, "outdated": 0, "missing": 0} for code in SUPPORTED} for t in topics
    }
    totals = {t.id: 0 for t in topics}
    for row in _rows(session, visible_statements(session, user)):
        topic_id = row["statement"].topic_id
        totals[topic_id] += 1
        for code, status in row["status"].items():
            counts[topic_id][code][status] += 1
    context = {
        "topics": [t for t in topics if totals[t.id]],
        "counts": counts,
        "totals": totals,
        "content_languages": _language_names(request),
        "topic_title": lambda t: t.title(language, ("en", "fi")),
    }
    return page(request, staff, "content_coverage.html", context)


# --- one statement ------------------------------------------------------------------------------


@router.get("/statements/{statement_id}")
def statement_page(
    request: Request,
    session: SessionDep,
    staff: StaffSessionDep,
    user: CoordinatorUser,
    statement_id: str,
    lang: Language = SOURCE_LANGUAGE,
) -> Response:
    """The editor: one language's text beside the Finnish, sources, validity, workflow, versions."""
    if lang not in SUPPORTED:
        raise NotFound()
    statement = own_statement(session, user, statement_id)
    history = workflow.versions(session, statement.id)
    working = history[-1]
    people = {u.id: u.username for u in session.scalars(select(StaffUser))}
    sources = session.scalars(select(models.Source).order_by(models.Source.id)).all()
    context = {
        "statement": statement,
        "edit_language": lang,
        "edit_direction": text_direction(lang),
        "source_language": SOURCE_LANGUAGE,
        "working": working,
        "content": working.content,
        "status": {code: workflow.language_status(working.content, code) for code in SUPPORTED},
        "history": list(reversed(history)),
        "people": people,
        "may_publish": working.state == workflow.REVIEW
        and user.id not in workflow.unpublished_authors(history),
        "sources": sources,
        "source_titles": {s.id: s.title_in((staff_language(request), "en")) for s in sources},
        "content_languages": _language_names(request),
    }
    return page(request, staff, "content_statement.html", context)


def _source_rows(source_ids: list[str], sections: list[str], session: Session) -> list[dict[str, str | None]]:
    rows = []
    for n, source_id in enumerate(source_ids):
        source_id = source_id.strip()
        if not source_id:
            continue
        if session.get(models.Source, source_id) is None:
            raise InvalidInput(PageMessage("Unknown source."))
        section = sections[n].strip()[:200] if n < len(sections) else ""
        rows.append({"id": source_id, "section": section or None})
    return list({row["id"]: row for row in rows}.values())


@router.post("/statements/{statement_id}/save", dependencies=[CsrfProtected])
def save_statement(
    session: SessionDep,
    user: CoordinatorUser,
    statement_id: str,
    language: Annotated[str, Form(pattern="^[a-z]{2,3}$")],
    text: Annotated[str, Form(max_length=4000)] = "",
    minor: Annotated[bool, Form()] = False,
    source_id: Annotated[list[str] | None, Form()] = None,
    section: Annotated[list[str] | None, Form()] = None,
    valid_from: Annotated[dt.date | None, Form()] = None,
    valid_until: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Saves a new draft version: the text in one language, the sources and the validity."""
    if language not in SUPPORTED:
        raise InvalidInput(PageMessage("Unknown language."))
    statement = own_statement(session, user, statement_id)
    until = dt.date.fromisoformat(valid_until) if valid_until.strip() else None
    change = workflow.Change(
        language=language, text=text, minor=minor and language == SOURCE_LANGUAGE,
        sources=_source_rows(source_id or [], section or [], session),
        valid_from=valid_from, valid_until=until, set_validity=True, note=note,
    )
    workflow.save(session, statement, user, change)
    return see_other(f"/staff/content/statements/{statement.id}?lang={language}")


@router.post("/statements/{statement_id}/submit", dependencies=[CsrfProtected])
def submit_statement(session: SessionDep, user: CoordinatorUser, statement_id: str) -> Response:
    statement = own_statement(session, user, statement_id)
    workflow.submit(session, statement)
    return see_other(f"/staff/content/statements/{statement.id}")


@router.post("/statements/{statement_id}/publish", dependencies=[CsrfProtected])
def publish_statement(session: SessionDep, user: CoordinatorUser, statement_id: str) -> Response:
    statement = own_statement(session, user, statement_id)
    workflow.publish(session, statement, user)
    return see_other(f"/staff/content/statements/{statement.id}")


@router.post("/statements/{statement_id}/send-back", dependencies=[CsrfProtected])
def send_back_statement(session: SessionDep, user: CoordinatorUser, statement_id: str) -> Response:
    statement = own_statement(session, user, statement_id)
    workflow.send_back(session, statement, user)
    return see_other(f"/staff/content/statements/{statement.id}")


@router.post("/statements/{statement_id}/restore", dependencies=[CsrfProtected])
def restore_statement(
    session: SessionDep, user: CoordinatorUser, statement_id: str, number: Annotated[int, Form(ge=1)]
) -> Response:
    """A new draft with an old version's content (published only after review, as any draft)."""
    statement = own_statement(session, user, statement_id)
    workflow.restore(session, statement, user, number)
    return see_other(f"/staff/content/statements/{statement.id}")


@router.get("/statements/{statement_id}/diff")
def diff_page(
    request: Request,
    session: SessionDep,
    staff: StaffSessionDep,
    user: CoordinatorUser,
    statement_id: str,
    old: Annotated[int, Query(ge=1)],
    new: Annotated[int, Query(ge=1)],
) -> Response:
    """What changed from version ``old`` to version ``new``, word by word."""
    statement = own_statement(session, user, statement_id)
    before = workflow.get_version(session, statement.id, old)
    after = workflow.get_version(session, statement.id, new)
    context = {
        "statement": statement,
        "old": before,
        "new": after,
        "fields": version_diff(before.content, after.content),
        "language_names": {code: name for code, name, _ in _language_names(request)},
        "directions": {code: text_direction(code) for code in SUPPORTED},
    }
    return page(request, staff, "content_diff.html", context)


# --- sources ------------------------------------------------------------------------------------


@router.get("/sources")
def sources_page(request: Request, session: SessionDep, staff: StaffSessionDep, _user: CoordinatorUser) -> Response:
    """The registry of sources: document, publisher, date, address and the title in every language."""
    context = {
        "sources": session.scalars(select(models.Source).order_by(models.Source.id)).all(),
        "content_languages": _language_names(request),
    }
    return page(request, staff, "content_sources.html", context)


@router.post("/sources/{source_id}", dependencies=[CsrfProtected])
async def save_source(request: Request, session: SessionDep, user: CoordinatorUser, source_id: str) -> Response:
    """Changes a source's address, date and titles (the bot shows them from the next revision on).

    Sources are shared by every provider's statements: only a coordinator of every provider (or an
    admin) changes them.
    """
    source = session.get(models.Source, source_id)
    if source is None:
        raise NotFound()
    if user.provider_id is not None:
        raise Forbidden(PageMessage("Only a coordinator of every provider changes the sources."))
    form = await request.form()
    url = str(form.get("url") or "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise InvalidInput(PageMessage("An address starts with https://."))
    date = str(form.get("date") or "").strip()
    titles = {code: str(form.get(f"title_{code}") or "").strip()[:1000] for code in SUPPORTED}
    source.url = url[:1000] or None
    source.date = dt.date.fromisoformat(date) if date else None
    source.titles = {code: title for code, title in titles.items() if title} or None
    source.edited_at = models.utcnow()
    bump_revision(session)
    session.commit()
    return see_other(f"/staff/content/sources#source-{source.id}")


# --- translations as .po files ------------------------------------------------------------------


@router.get("/translations/{language}.po")
def download_po(session: SessionDep, user: CoordinatorUser, language: str) -> Response:
    """The statements in ``language`` as a gettext catalog (msgctxt: the statement id)."""
    if language not in SUPPORTED or language == SOURCE_LANGUAGE:
        raise NotFound()
    body = export_po(session, visible_statements(session, user), language)
    return Response(body, media_type="text/x-gettext-translation; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="opas-{language}.po"'})


@router.post("/translations", dependencies=[CsrfProtected])
async def upload_po(
    request: Request,
    session: SessionDep,
    staff: StaffSessionDep,
    user: CoordinatorUser,
    file: Annotated[UploadFile, File()],
) -> Response:
    """Reads a translated .po file into new drafts; changes made since its export are listed as
    conflicts and left alone."""
    body = await file.read(MAX_PO_BYTES + 1)
    if len(body) > MAX_PO_BYTES:
        raise InvalidInput(PageMessage("The file is too large."))
    allowed = {s.id for s in visible_statements(session, user)}
    result = import_po(session, body, user, allowed)
    return page(request, staff, "content_import.html", {"result": result})
