"""Alembic environment: the URL from the settings (or ``config.attributes["database_url"]``)."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import make_url

from api.app import audit  # noqa: F401  (the audit log's table)
from api.app.analytics import models as analytics_models  # noqa: F401
from api.app.booking import models as booking_models  # noqa: F401
from api.app.config import get_settings
from api.app.content import models  # noqa: F401  (registers the content tables)
from api.app.db import Base, create_db_engine
from api.app.staff import models as staff_models  # noqa: F401

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _database_url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def _batch(url: str) -> bool:
    # SQLite cannot ALTER most things: batch mode recreates the table instead.
    return make_url(url).get_backend_name() == "sqlite"


def run_migrations_offline() -> None:
    url = _database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=_batch(url),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _database_url()
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=_batch(url),
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
