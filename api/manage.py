"""Opas API management: ``python -m api.manage <command>`` (from the repository root).

migrate        upgrade the database (DATABASE_URL) to the latest schema
load           load data/ (OPAS_DATA_DIR) into it; idempotent
check-data     validate data/ without touching the database
export-content write the published content to a folder in the data/ format (docs/content-workflow.md)
load-demo      the DEMO advisors of data/demo/advisors.yml and their free times for the coming
               weeks, and two demo coordinators (idempotent; refused when OPAS_ENV=production)
create-admin   create a staff admin (password from OPAS_ADMIN_PASSWORD, else asked);
               --reset-password sets a new one and ends the account's sessions
purge-expired  remove the contact data of appointments older than OPAS_BOOKING_RETENTION_DAYS
               and the conversations idle longer than OPAS_TRACKER_RETENTION_SECONDS
               (run daily, e.g. from cron)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session

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


@contextmanager
def database_session() -> Iterator[Session]:
    """A session on the database of the settings (DATABASE_URL)."""
    from .app.config import get_settings
    from .app.db import create_db_engine, create_session_factory

    engine = create_db_engine(get_settings().database_url)
    try:
        with create_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def load_demo(data_dir: Path | None) -> int:
    from .app.booking.demo import load_demo as load
    from .app.config import get_settings
    from .app.errors import ContentDataError

    settings = get_settings()
    if settings.env == "production":
        print("load-demo: refused, OPAS_ENV=production (demo advisors are not real)", file=sys.stderr)
        return 1
    from .app.handoff.demo import load_demo_advisor_logins
    from .app.staff.demo import load_demo_coordinators

    try:
        with database_session() as session:
            report = load(session, data_dir or settings.data_dir)
            coordinators = load_demo_coordinators(session)
            advisor_logins = load_demo_advisor_logins(session)
    except ContentDataError as error:
        print(error.message, file=sys.stderr)
        return 1
    counts = ", ".join(f"{key}: {n}" for key, n in sorted(report.items())) or "nothing new"
    print(f"demo advisors loaded ({counts}); demo coordinators created: {coordinators}; "
          f"demo advisor log-ins created: {advisor_logins} (on live-chat duty around the clock)")
    return 0


def _new_password() -> str:
    password = os.environ.get("OPAS_ADMIN_PASSWORD")
    if password:
        return password
    password = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("The same again: ") != password:
        raise ValueError("The passwords differ.")
    return password


def create_admin(username: str, reset_password: bool) -> int:
    from sqlalchemy import select

    from .app.errors import OpasError
    from .app.staff.auth import create_user, normalise_username, set_password
    from .app.staff.models import ADMIN, StaffUser

    with database_session() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username)))
        if user is not None and not reset_password:
            print(f"{user.username} exists; --reset-password sets a new password", file=sys.stderr)
            return 1
        try:
            if user is None:
                user = create_user(session, username, _new_password(), role=ADMIN)
                print(f"admin {user.username} created; log in at /staff/login")
            else:
                set_password(session, user, _new_password())
                print(f"password of {user.username} changed; its sessions ended")
        except (OpasError, ValueError) as error:
            print(getattr(error, "message", str(error)), file=sys.stderr)
            return 1
    return 0


def export_content(out_dir: Path) -> int:
    from .app.content.export import export_content as export

    with database_session() as session:
        count = export(session, out_dir)
    print(f"{count} published statements written to {out_dir} (data/ format)")
    return 0


def purge_expired() -> int:
    from .app.config import get_settings
    from .app.db import create_db_engine, create_session_factory
    from .app.retention import purge_once

    settings = get_settings()
    engine = create_db_engine(settings.database_url)
    try:
        purged = purge_once(create_session_factory(engine), settings)
    finally:
        engine.dispose()
    print(f"contact data removed from {purged.appointments} appointments older than "
          f"{settings.booking_retention_days} days")
    if settings.tracker_db is not None:
        print(f"{purged.conversations} conversations idle for more than "
              f"{settings.tracker_retention_seconds / 86400:g} days removed from {settings.tracker_db}")
    print(f"{purged.questions} masked analytics questions older than "
          f"{settings.analytics_question_retention_days} days removed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.manage", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    load = commands.add_parser("load", help="load data/ into the database (idempotent)")
    load.add_argument("--data-dir", type=Path, default=None)
    check = commands.add_parser("check-data", help="validate data/ only")
    check.add_argument("--data-dir", type=Path, default=None)
    demo = commands.add_parser("load-demo", help="load the demo advisors and their free times")
    demo.add_argument("--data-dir", type=Path, default=None)
    admin = commands.add_parser("create-admin", help="create a staff admin account")
    admin.add_argument("--username", default="admin")
    admin.add_argument("--reset-password", action="store_true")
    commands.add_parser("purge-expired", help="remove expired contact data of appointments")
    export = commands.add_parser("export-content", help="write the published content in the data/ format")
    export.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)

    if args.command == "migrate":
        migrate()
        return 0
    if args.command == "load-demo":
        return load_demo(args.data_dir)
    if args.command == "create-admin":
        return create_admin(args.username, args.reset_password)
    if args.command == "purge-expired":
        return purge_expired()
    if args.command == "export-content":
        return export_content(args.out_dir)
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
