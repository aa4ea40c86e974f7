"""The tables of the coordinators' analytics page, each limited to what the user may see.

A coordinator limited to a provider sees the municipalities that provider serves (for immigrants
or for jobseekers); counts without a municipality belong to no provider, so only a coordinator
of every provider and an admin see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from ..content.models import Municipality
from ..staff.models import StaffUser
from .models import (
    ANSWERED,
    NO_ANSWER,
    NOT_STATED,
    OUT_OF_SCOPE,
    AnswerCount,
    FeedbackCount,
    UnansweredQuestion,
)
from .recorder import week_of

# The page lists this many question texts; the CSV has them all.
PAGE_QUESTIONS = 200


@dataclass(frozen=True)
class Filters:
    """What the page's form chooses: the last ``weeks`` weeks, one language, one municipality."""

    today: date
    weeks: int = 12
    language: str | None = None
    municipality: str | None = None
    # The municipalities the user may see; None: all, and the counts without one.
    scope: frozenset[str] | None = field(default=None)

    @property
    def first_week(self) -> date:
        return week_of(self.today) - timedelta(weeks=self.weeks - 1)


def scope_of(session: Session, user: StaffUser) -> frozenset[str] | None:
    """The municipalities ``user`` may see analytics of; None: every one (admin, unlimited coordinator)."""
    provider = user.provider_id
    if provider is None:
        return None
    query = select(Municipality.id).where(
        or_(Municipality.integration_provider_id == provider, Municipality.jobseeker_provider_id == provider)
    )
    return frozenset(session.scalars(query))


def _filtered(query: Select, model: type, filters: Filters) -> Select:
    query = query.where(model.week >= filters.first_week)
    if filters.language:
        query = query.where(model.language == filters.language)
    if filters.municipality is not None:
        query = query.where(model.municipality == filters.municipality)
    if filters.scope is not None:
        query = query.where(model.municipality.in_(sorted(filters.scope)))
    return query


def _sum_where(column, value: str):
    return func.sum(case((column == value, AnswerCount.count), else_=0))


@dataclass(frozen=True)
class UnansweredRow:
    week: date
    language: str
    municipality: str
    not_stated: int
    no_answer: int
    out_of_scope: int
    turns: int

    @property
    def unanswered(self) -> int:
        return self.not_stated + self.no_answer + self.out_of_scope


def unanswered(session: Session, filters: Filters) -> list[UnansweredRow]:
    """Per week, language and municipality: turns Opas could not answer, by kind, and all turns."""
    outcome = AnswerCount.outcome
    query = select(
        AnswerCount.week, AnswerCount.language, AnswerCount.municipality,
        _sum_where(outcome, NOT_STATED), _sum_where(outcome, NO_ANSWER), _sum_where(outcome, OUT_OF_SCOPE),
        func.sum(AnswerCount.count),
    ).group_by(AnswerCount.week, AnswerCount.language, AnswerCount.municipality)
    query = _filtered(query, AnswerCount, filters).order_by(
        AnswerCount.week.desc(), AnswerCount.language, AnswerCount.municipality
    )
    return [UnansweredRow(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class QuestionRow:
    week: date
    language: str
    municipality: str
    topic: str
    outcome: str
    text: str
    count: int


def questions(session: Session, filters: Filters, limit: int | None = PAGE_QUESTIONS) -> list[QuestionRow]:
    """The masked questions Opas could not answer, the most asked first in each week."""
    model = UnansweredQuestion
    query = select(model.week, model.language, model.municipality, model.topic, model.outcome,
                   model.text, model.count)
    query = _filtered(query, model, filters).order_by(model.week.desc(), model.count.desc(), model.text)
    if limit is not None:
        query = query.limit(limit)
    return [QuestionRow(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class TopicRow:
    topic: str
    turns: int
    answered: int
    not_stated: int
    no_answer: int


def topics(session: Session, filters: Filters) -> list[TopicRow]:
    """The topics asked (out-of-scope subjects apart), the most asked first."""
    outcome = AnswerCount.outcome
    total = func.sum(AnswerCount.count)
    query = select(
        AnswerCount.topic, total, _sum_where(outcome, ANSWERED), _sum_where(outcome, NOT_STATED),
        _sum_where(outcome, NO_ANSWER),
    ).where(AnswerCount.topic != "", outcome != OUT_OF_SCOPE).group_by(AnswerCount.topic)
    query = _filtered(query, AnswerCount, filters).order_by(total.desc(), AnswerCount.topic)
    return [TopicRow(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class TranslationRow:
    language: str  # the conversation's, whose translation was missing
    shown_in: str  # the language the text was shown in instead
    turns: int


def missing_translations(session: Session, filters: Filters) -> list[TranslationRow]:
    """Answers users got in another language than theirs, because a translation was missing."""
    total = func.sum(AnswerCount.count)
    query = (
        select(AnswerCount.language, AnswerCount.fallback_language, total)
        .where(AnswerCount.fallback_language != "")
        .group_by(AnswerCount.language, AnswerCount.fallback_language)
    )
    query = _filtered(query, AnswerCount, filters).order_by(total.desc(), AnswerCount.language)
    return [TranslationRow(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class FeedbackRow:
    topic: str
    up: int
    down: int


def feedback(session: Session, filters: Filters) -> list[FeedbackRow]:
    """Thumbs up and down per topic, the most rated first."""
    model = FeedbackCount
    up = func.sum(case((model.rating == "up", model.count), else_=0))
    down = func.sum(case((model.rating == "down", model.count), else_=0))
    query = select(model.topic, up, down).group_by(model.topic)
    query = _filtered(query, model, filters).order_by(func.sum(model.count).desc(), model.topic)
    return [FeedbackRow(*row) for row in session.execute(query)]


def unanswered_per_week(rows: list[UnansweredRow]) -> list[tuple[date, int]]:
    """The chart's figures: unanswered turns per week, oldest first."""
    weeks: dict[date, int] = {}
    for row in rows:
        weeks[row.week] = weeks.get(row.week, 0) + row.unanswered
    return sorted(weeks.items())

