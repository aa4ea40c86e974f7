"""The analytics tables: counts keyed by what they count, so that two rows never link one person.

Every table's primary key is the combination it counts (no running id, which would tell the
order in which questions came); the only time is the week (its Monday, Helsinki time); a missing
municipality or topic is stored as "" so that the key has no NULLs (PostgreSQL's and SQLite's
upserts treat NULLs in a key as never equal).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base

# What one answer turn came to (`POST /v1/answer`).
ANSWERED = "answered"
NOT_STATED = "not_stated"  # answered, but the documents do not say what was asked (cost, …)
NO_ANSWER = "no_answer"  # nothing in the content answers it, or it was unclear what was asked
OUT_OF_SCOPE = "out_of_scope"  # a subject the programme does not cover (housing, health, …)
OUTCOMES = (ANSWERED, NOT_STATED, NO_ANSWER, OUT_OF_SCOPE)
UNANSWERED = (NOT_STATED, NO_ANSWER, OUT_OF_SCOPE)
RATINGS = ("up", "down")

SHORT = String(60)
LANG = String(8)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class WeekKey:
    """The key columns every table counts by: the week, the conversation's language, the covered
    municipality ("" when not known) and the topic ("" when none); first in each table."""

    week: Mapped[date] = mapped_column(Date, primary_key=True, sort_order=-4)
    language: Mapped[str] = mapped_column(LANG, primary_key=True, sort_order=-3)
    municipality: Mapped[str] = mapped_column(SHORT, primary_key=True, sort_order=-2)
    topic: Mapped[str] = mapped_column(SHORT, primary_key=True, sort_order=-1)


class AnswerCount(WeekKey, Base):
    """Answer turns per week, language, municipality, topic, outcome and translation missed."""

    __tablename__ = "analytics_answer_counts"
    __table_args__ = (CheckConstraint(_in("outcome", OUTCOMES), name="outcome"),)

    outcome: Mapped[str] = mapped_column(String(20), primary_key=True)
    # The language the text was shown in instead of `language` (its translation is missing), or "".
    fallback_language: Mapped[str] = mapped_column(LANG, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class UnansweredQuestion(WeekKey, Base):
    """The masked text of questions Opas could not answer, counted per identical text."""

    __tablename__ = "analytics_unanswered_questions"
    __table_args__ = (CheckConstraint(_in("outcome", UNANSWERED), name="outcome"),)

    outcome: Mapped[str] = mapped_column(String(20), primary_key=True)
    # sha256 of `text`: the key (a long text cannot be one in every database).
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)  # personal data masked before it gets here
    count: Mapped[int] = mapped_column(Integer)


class FeedbackCount(WeekKey, Base):
    """Thumbs up and down on answers in the widget."""

    __tablename__ = "analytics_feedback_counts"
    __table_args__ = (CheckConstraint(_in("rating", RATINGS), name="rating"),)

    # The source ids of the answer rated, sorted and comma-separated: which answer it was.
    sources: Mapped[str] = mapped_column(String(400), primary_key=True)
    rating: Mapped[str] = mapped_column(String(4), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
