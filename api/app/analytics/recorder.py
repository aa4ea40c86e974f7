"""Counting answer turns and feedback in memory, written to the database every few seconds.

`POST /v1/answer` reads no table and runs on the event loop (docs/answer-selection.md): adding a
database write to every turn would cost more than the selection itself. So a turn only adds one
to a counter here (and, when Opas could not answer, masks the question first); a background task
writes the counters as upserts (``count = count + n``) every ``OPAS_ANALYTICS_FLUSH_SECONDS`` and
when the API stops. Several API workers each keep their own counters and add to the same rows.
A worker that is killed loses at most that many seconds of counts.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from collections import Counter
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..answers.schemas import AnswerOut, AnswerRequest
from ..clock import helsinki_today
from .masking import mask_personal_data
from .models import (
    ANSWERED,
    NO_ANSWER,
    NOT_STATED,
    OUT_OF_SCOPE,
    UNANSWERED,
    AnswerCount,
    FeedbackCount,
    UnansweredQuestion,
)
from .store import add_counts

logger = logging.getLogger(__name__)

# A stored question is cut here (after masking): enough to see what was asked.
MAX_QUESTION_CHARS = 500
# Statuses that are no answer turn of their own: the bot asks for the place first, or says the
# place is not covered; the question is counted when it is answered.
_NOT_COUNTED = frozenset({"needs_municipality", "out_of_coverage"})
_OUTCOME_OF_STATUS = {"no_answer": NO_ANSWER, "unclear": NO_ANSWER, "out_of_scope": OUT_OF_SCOPE}


def week_of(day: date) -> date:
    """The Monday of ``day``'s week: the only time the analytics keep."""
    return day - timedelta(days=day.weekday())


class TurnKey(NamedTuple):
    week: date
    language: str
    municipality: str
    topic: str
    outcome: str
    fallback_language: str


class QuestionKey(NamedTuple):
    week: date
    language: str
    municipality: str
    topic: str
    outcome: str
    text_hash: str


class FeedbackKey(NamedTuple):
    week: date
    language: str
    municipality: str
    topic: str
    sources: str
    rating: str


def outcome_of(request: AnswerRequest, answer: AnswerOut) -> str | None:
    """What an answer turn came to, or None for a turn that is not counted."""
    if request.more or answer.status in _NOT_COUNTED:
        return None  # a "More about" button asks nothing new; a place question answers nothing yet
    if answer.status == "answer":
        return NOT_STATED if answer.not_stated else ANSWERED
    return _OUTCOME_OF_STATUS.get(answer.status, NO_ANSWER)


class AnalyticsRecorder:
    """One per app (``app.state.analytics``). Recording takes a lock only to add to a counter."""

    def __init__(self, today=helsinki_today) -> None:
        self._today = today
        self._lock = threading.Lock()
        self._turns: Counter[TurnKey] = Counter()
        self._questions: Counter[QuestionKey] = Counter()
        self._texts: dict[str, str] = {}
        self._feedback: Counter[FeedbackKey] = Counter()

    def record_answer(self, request: AnswerRequest, answer: AnswerOut) -> None:
        outcome = outcome_of(request, answer)
        if outcome is None:
            return
        week = week_of(self._today())
        # Out of scope has no topic: the subject asked about (housing, health, ...) stands in.
        topic = answer.topic or (answer.subject if outcome == OUT_OF_SCOPE else None) or ""
        municipality = answer.municipality or ""
        turn = TurnKey(week, answer.language, municipality, topic, outcome, answer.fallback_language or "")
        question = None
        if outcome in UNANSWERED and request.question.strip():
            text = mask_personal_data(request.question.strip())[:MAX_QUESTION_CHARS]
            text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
            question = (QuestionKey(week, answer.language, municipality, topic, outcome, text_hash), text)
        with self._lock:
            self._turns[turn] += 1
            if question is not None:
                self._questions[question[0]] += 1
                self._texts[question[0].text_hash] = question[1]

    def record_feedback(self, language: str, municipality: str | None, topic: str,
                        sources: list[str], rating: str) -> None:
        key = FeedbackKey(week_of(self._today()), language, municipality or "", topic,
                          ",".join(sorted(set(sources))), rating)
        with self._lock:
            self._feedback[key] += 1

    def _take(self) -> tuple[Counter, Counter, dict[str, str], Counter]:
        with self._lock:
            taken = self._turns, self._questions, self._texts, self._feedback
            self._turns, self._questions, self._texts, self._feedback = Counter(), Counter(), {}, Counter()
        return taken

    def _give_back(self, turns: Counter, questions: Counter, texts: dict[str, str], feedback: Counter) -> None:
        with self._lock:
            self._turns.update(turns)
            self._questions.update(questions)
            self._texts.update(texts)
            self._feedback.update(feedback)

    def flush(self, session_factory: sessionmaker[Session]) -> int:
        """Writes the counts so far; returns how many rows were added to. On a database error
        the counts are kept for the next try."""
        turns, questions, texts, feedback = self._take()
        if not (turns or questions or feedback):
            return 0
        try:
            with session_factory() as session:
                add_counts(session, AnswerCount, [k._asdict() | {"count": n} for k, n in turns.items()])
                add_counts(session, UnansweredQuestion,
                           [k._asdict() | {"text": texts[k.text_hash], "count": n} for k, n in questions.items()])
                add_counts(session, FeedbackCount, [k._asdict() | {"count": n} for k, n in feedback.items()])
                session.commit()
        except SQLAlchemyError:
            self._give_back(turns, questions, texts, feedback)
            raise
        return len(turns) + len(questions) + len(feedback)


async def flush_periodically(recorder: AnalyticsRecorder, session_factory: sessionmaker[Session],
                             seconds: float) -> None:
    """Flushes every ``seconds``; a failure is logged (without data) and retried next time."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await asyncio.to_thread(recorder.flush, session_factory)
        except SQLAlchemyError as error:
            logger.warning("analytics flush failed: %s", type(error).__name__)
