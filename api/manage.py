"""Opas API management: ``python -m api.manage migrate|load|check-data`` (from the repository root).

migrate      upgrade the database (DATABASE_URL) to the latest schema
load         load data/ (OPAS_DATA_DIR) into it; idempotent
check-data   validate data/ without touching the database
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

API_DIR = Path(__file__).resolve().parent


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(API_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(API_DIR / "alembic"))
    if database_url:
        # Passed as an attribute, not an ini option: ini values treat '%' specially.
        config.attributes["database_url"] = database_url
    return config


def migrate(database_url: str | None = None, *, quiet: bool = False) -> None:
    """Upgrades the database to the newest migration (DATABASE_URL unless given)."""
    config = alembic_config(database_url)
    config.attributes["configure_logging"] = not quiet
    command.upgrade(config, "head")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m api.manage", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    load = commands.add_parser("load", help="load data/ into the database (idempotent)")
    load.add_argument("--data-dir", type=Path, default=None)
    check = commands.add_parser("check-data", help="validate data/ only")
    check.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)

    if args.command == "migrate":
        migrate()
        return 0
    if args.command == "load":
        from .app.content.loader import main as load_main

        return load_main(["--data-dir", str(args.data_dir)] if args.data_dir else [])
    from .app.config import get_settings
    from .app.content.schemas import read_dataset
    from .app.errors import ContentDataError

    data_dir = args.data_dir or get_settings().data_dir
    try:
        data = read_dataset(data_dir)
    except ContentDataError as error:
        print(error.message, file=sys.stderr)
        return 1
    statements = sum(len(a.statements) for a in data.answers)
    print(
        f"{data_dir}: valid ({len(data.sources)} sources, {len(data.municipalities)} "
        f"municipalities, {len(data.answers)} answer files, {statements} statements)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
