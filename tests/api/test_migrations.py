"""Alembic: the migrations build exactly the models' schema, and go down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from api.app.db import Base, create_db_engine
from api.manage import alembic_config, migrate

VERSIONS = Path(__file__).resolve().parents[2] / "api" / "alembic" / "versions"


def test_migrations_match_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'opas.db'}"
    migrate(url, quiet=True)
    engine = create_db_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_to_nothing_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'opas.db'}"
    config = alembic_config(url)
    config.attributes["configure_logging"] = False
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = create_db_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    command.upgrade(config, "head")
    engine = create_db_engine(url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_migration_files_are_named_by_date_and_slug() -> None:
    names = sorted(p.name for p in VERSIONS.glob("*.py"))
    assert names and all(
        len(name.split("_")) >= 5 and name[:10].replace("_", "").isdigit() for name in names
    ), names
