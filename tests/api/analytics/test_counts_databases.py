"""The counting upserts on PostgreSQL and SQLite: counts add up across flushes and across API
workers flushing the same rows at once (each worker keeps its own counters)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.app.analytics.models import AnswerCount, FeedbackCount, UnansweredQuestion
from api.app.analytics.recorder import AnalyticsRecorder
from api.app.answers.schemas import AnswerOut, AnswerRequest
from api.app.db import create_db_engine, create_session_factory
from api.manage import migrate

MONDAY = date(2026, 11, 30)
WORKERS, TURNS = 4, 25


def not_stated() -> AnswerOut:
    return AnswerOut.model_construct(status="answer", topic="civic_orientation", language="fi",
                                     municipality="porvoo", not_stated="cost", fallback_language="en",
                                     subject=None)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'opas.db'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
    migrate(url, quiet=True)
    engine = create_db_engine(url)
    yield create_session_factory(engine)
    engine.dispose()


def test_workers_flushing_the_same_rows_at_once_lose_no_count(factory: sessionmaker[Session]) -> None:
    question = AnswerRequest(question="Maksaako se? Nimeni on Aino", language="fi")
    workers = [AnalyticsRecorder(today=lambda: MONDAY) for _ in range(WORKERS)]
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work(recorder: AnalyticsRecorder) -> None:
        try:
            for _ in range(TURNS):
                recorder.record_answer(question, not_stated())
                recorder.record_feedback("fi", "porvoo", "civic_orientation", ["b-source", "a-source"], "up")
            start.wait()
            recorder.flush(factory)
            recorder.record_answer(question, not_stated())  # and a second flush adds to the rows
            recorder.flush(factory)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(recorder,)) for recorder in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with factory() as session:
        turns = session.execute(select(AnswerCount.week, AnswerCount.outcome, AnswerCount.fallback_language,
                                       AnswerCount.count)).all()
        texts = session.execute(select(UnansweredQuestion.text, UnansweredQuestion.count)).all()
        ratings = session.execute(select(FeedbackCount.sources, FeedbackCount.count)).all()
    assert turns == [(MONDAY, "not_stated", "en", WORKERS * (TURNS + 1))]
    assert texts == [("Maksaako se? Nimeni on [name]", WORKERS * (TURNS + 1))]
    assert ratings == [("a-source,b-source", WORKERS * TURNS)]


def test_counts_stay_in_memory_when_the_database_fails(tmp_path: Path) -> None:
    recorder = AnalyticsRecorder(today=lambda: MONDAY)
    recorder.record_answer(AnswerRequest(question="Maksaako se?", language="fi"), not_stated())
    broken = create_session_factory(create_db_engine(f"sqlite:///{tmp_path / 'not-migrated.db'}"))
    with pytest.raises(Exception, match="no such table"):
        recorder.flush(broken)
    url = f"sqlite:///{tmp_path / 'opas.db'}"
    migrate(url, quiet=True)
    factory = create_session_factory(create_db_engine(url))
    assert recorder.flush(factory) == 2  # the turn's row and its question's, kept for this try
    with factory() as session:
        assert session.scalar(select(AnswerCount.count)) == 1
