"""``/staff/analytics``: what newcomers asked, what Opas could not answer, and how answers were rated.

For coordinators (and admins); a coordinator limited to a provider sees its municipalities only
(api/app/analytics/report.py). Every table downloads as CSV with the same choices.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal

from babel import Locale
from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from locales.languages import SUPPORTED
from locales.pages import PageTexts
from locales.response_types import N_

from ..content.models import Municipality, Topic
from ..deps import SessionDep
from ..staff.auth import CoordinatorUser, StaffSessionDep
from ..staff.router import StaffRoute, page
from ..staff.texts import staff_language
from . import report
from .chart import Bar, bar_chart
from .models import NO_ANSWER, NOT_STATED, OUT_OF_SCOPE
from .recorder import helsinki_today

router = APIRouter(prefix="/staff", route_class=StaffRoute, include_in_schema=False)

WEEK_CHOICES = (4, 12, 26, 52)
OUTCOME_NAMES = {
    # Translators: Analytics: the programme documents do not say what was asked (e.g. the cost).
    NOT_STATED: N_("Documents do not say"),
    # Translators: Analytics: Opas found nothing in the content that answers the question.
    NO_ANSWER: N_("No answer"),
    # Translators: Analytics: a subject outside the programme (housing, health care, ...).
    OUT_OF_SCOPE: N_("Outside the programme"),
}

Weeks = Annotated[int, Query(ge=1, le=104)]
LanguageFilter = Annotated[str | None, Query(max_length=8)]
MunicipalityFilter = Annotated[str | None, Query(max_length=60)]


def _filters(session: Session, user, weeks: int, language: str | None, municipality: str | None) -> report.Filters:
    scope = report.scope_of(session, user)
    chosen = municipality or None
    if chosen is not None and scope is not None and chosen not in scope:
        chosen = None  # another provider's municipality: not a choice of this user
    return report.Filters(
        today=helsinki_today(),
        weeks=weeks,
        language=language if language in SUPPORTED else None,
        municipality=chosen,
        scope=scope,
    )


class Names:
    """Languages, municipalities, topics and outcomes named in the page's language."""

    def __init__(self, session: Session, language: str) -> None:
        self.texts = PageTexts(language)
        self._languages = Locale.parse(language).languages
        self._municipalities = {m.id: m.name(language) for m in session.scalars(select(Municipality))}
        self._topics = {t.id: t.title(language, ("en",)) for t in session.scalars(select(Topic))}

    def language(self, code: str) -> str:
        return self._languages.get(code, code)

    def municipality(self, code: str) -> str:
        # Translators: Analytics: a question asked before the user's municipality was known.
        return self._municipalities.get(code, code) if code else self.texts.gettext("(not known)")

    def topic(self, code: str) -> str:
        return self._topics.get(code, code) if code else self.texts.gettext("(not known)")

    def outcome(self, code: str) -> str:
        return self.texts.gettext(OUTCOME_NAMES[code]) if code in OUTCOME_NAMES else code


@router.get("/analytics")
def analytics(
    request: Request,
    session: SessionDep,
    staff: StaffSessionDep,
    user: CoordinatorUser,
    weeks: Weeks = 12,
    language: LanguageFilter = None,
    municipality: MunicipalityFilter = None,
) -> Response:
    """The coordinators' analytics page."""
    filters = _filters(session, user, weeks, language, municipality)
    page_language = staff_language(request)
    names = Names(session, page_language)
    texts = names.texts
    unanswered = report.unanswered(session, filters)
    topics = report.topics(session, filters)
    direction = texts.direction
    charts = {
        "weeks": bar_chart(
            "chart-weeks",
            texts.gettext("Questions Opas could not answer, per week"),
            texts.gettext("A bar for each week; the same figures are in the table below."),
            [Bar(week.isoformat(), count) for week, count in report.unanswered_per_week(unanswered)],
            direction,
        ),
        "topics": bar_chart(
            "chart-topics",
            texts.gettext("The most asked topics"),
            texts.gettext("A bar for each topic; the same figures are in the table below."),
            [Bar(names.topic(row.topic), row.turns) for row in topics[:12]],
            direction,
        ),
    }
    municipalities = session.scalars(select(Municipality).order_by(Municipality.position)).all()
    context = {
        "filters": filters,
        "week_choices": WEEK_CHOICES,
        "language_choices": [(code, names.language(code)) for code in SUPPORTED],
        "municipality_choices": [
            (m.id, names.municipality(m.id)) for m in municipalities if filters.scope is None or m.id in filters.scope
        ],
        "unanswered": unanswered,
        "questions": report.questions(session, filters),
        "question_limit": report.PAGE_QUESTIONS,
        "topics": topics,
        "translations": report.missing_translations(session, filters),
        "feedback": report.feedback(session, filters),
        "charts": charts,
        "names": names,
        "query": request.url.query,
    }
    return page(request, staff, "analytics.html", context)


@router.get("/analytics/{table}.csv")
def analytics_csv(
    request: Request,
    session: SessionDep,
    user: CoordinatorUser,
    table: Literal["unanswered", "questions", "topics", "translations", "feedback"],
    weeks: Weeks = 12,
    language: LanguageFilter = None,
    municipality: MunicipalityFilter = None,
) -> Response:
    """One table of the page as CSV (UTF-8 with a byte order mark, which spreadsheets look for)."""
    filters = _filters(session, user, weeks, language, municipality)
    header, rows = CSV_TABLES[table](session, filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    name = f"opas-{table}-{filters.today.isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def _cell(value: object) -> object:
    """A value as a spreadsheet shows it, never as a formula: a question text is what a user typed."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# The CSV columns are ids, not translated names: a file is read by programs as well as people.
def _unanswered_csv(session: Session, filters: report.Filters):
    rows = report.unanswered(session, filters)
    return (["week", "language", "municipality", "not_stated", "no_answer", "out_of_scope", "unanswered", "turns"],
            [[r.week, r.language, r.municipality, r.not_stated, r.no_answer, r.out_of_scope, r.unanswered, r.turns]
             for r in rows])


def _questions_csv(session: Session, filters: report.Filters):
    rows = report.questions(session, filters, limit=None)
    return (["week", "language", "municipality", "topic", "outcome", "question", "count"],
            [[r.week, r.language, r.municipality, r.topic, r.outcome, r.text, r.count] for r in rows])


def _topics_csv(session: Session, filters: report.Filters):
    rows = report.topics(session, filters)
    return (["topic", "turns", "answered", "not_stated", "no_answer"],
            [[r.topic, r.turns, r.answered, r.not_stated, r.no_answer] for r in rows])


def _translations_csv(session: Session, filters: report.Filters):
    rows = report.missing_translations(session, filters)
    return (["language", "shown_in", "turns"], [[r.language, r.shown_in, r.turns] for r in rows])


def _feedback_csv(session: Session, filters: report.Filters):
    rows = report.feedback(session, filters)
    return (["topic", "up", "down"], [[r.topic, r.up, r.down] for r in rows])


CSV_TABLES: dict[str, Callable] = {
    "unanswered": _unanswered_csv,
    "questions": _questions_csv,
    "topics": _topics_csv,
    "translations": _translations_csv,
    "feedback": _feedback_csv,
}
