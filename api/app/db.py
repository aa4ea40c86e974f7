"""Engine, sessions and the declarative base shared by every domain's models."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

# Stable constraint names, so that Alembic can alter them (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_db_engine(database_url: str) -> Engine:
    """An engine for ``database_url``; SQLite gets WAL, foreign keys and its folder created."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **server_pool_options())
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def server_pool_options() -> dict:
    """Connections per API process to a database server (docs/scaling.md sizes them): the pool
    plus its overflow times the API processes must stay below the server's max_connections; a
    request waits at most OPAS_DB_POOL_TIMEOUT for one, and a server that does not answer fails
    the connection after OPAS_DB_CONNECT_TIMEOUT seconds instead of hanging the request."""
    return {
        "pool_size": int(os.environ.get("OPAS_DB_POOL_SIZE", "5")),
        "max_overflow": int(os.environ.get("OPAS_DB_MAX_OVERFLOW", "5")),
        "pool_timeout": float(os.environ.get("OPAS_DB_POOL_TIMEOUT", "10")),
        "connect_args": {"connect_timeout": int(os.environ.get("OPAS_DB_CONNECT_TIMEOUT", "3"))},
    }


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session per request: committed by the caller, always closed."""
    session = factory()
    try:
        yield session
    finally:
        session.close()
