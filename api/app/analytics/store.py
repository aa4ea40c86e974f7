"""Adding to the counts (one upsert per table, PostgreSQL and SQLite) and the retention purge."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import UnansweredQuestion

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def add_counts(session: Session, model: type, rows: list[dict]) -> None:
    """``count = count + n`` for each row's key (the table's primary key); new keys are inserted.

    One statement for all rows, safe when several API workers add to the same row at once.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = _INSERTS.get(dialect)
    if insert is None:
        raise NotImplementedError(f"analytics counts need PostgreSQL or SQLite, not {dialect}")
    table = model.__table__
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key.columns],
        set_={"count": table.c.count + statement.excluded.count},
    )
    session.execute(statement, rows)


def purge_questions(session: Session, retention_days: int, today: date) -> int:
    """Deletes the question texts of weeks that ended more than ``retention_days`` ago."""
    oldest_kept_week = today - timedelta(days=retention_days) - timedelta(days=6)
    result = session.execute(delete(UnansweredQuestion).where(UnansweredQuestion.week < oldest_kept_week))
    session.commit()
    return result.rowcount or 0
