"""The demo advisors (data/demo/advisors.yml) and `manage load-demo`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.app import config
from api.app.booking.demo import DEMO_FILE, load_demo
from api.app.booking.models import Advisor, Slot
from api.app.booking.slots import HELSINKI, to_stored
from api.app.config import Settings
from api.app.content.models import utcnow
from api.app.errors import ContentDataError
from api.manage import main as manage
from tests.api.factories import PROVIDERS

TODAY = date(2026, 12, 1)  # a Tuesday
NOW = to_stored(datetime(2026, 11, 30, 12, tzinfo=HELSINKI))


def slots_of(db: Session, provider: str | None = None) -> list[Slot]:
    query = select(Slot).join(Slot.advisor).order_by(Slot.starts_at)
    if provider:
        query = query.where(Advisor.provider_id == provider)
    return list(db.scalars(query).unique())


def test_demo_advisors_are_fictional_and_serve_every_provider(db: Session, repo_root: Path) -> None:
    report = load_demo(db, repo_root / "data", today=TODAY, now=NOW)
    advisors = db.scalars(select(Advisor)).unique().all()
    assert report["advisors created"] == len(advisors) >= len(PROVIDERS)
    assert all(re.fullmatch(r"Demo Advisor \d+", a.name) for a in advisors)
    assert {a.provider_id for a in advisors} == set(PROVIDERS)
    for provider in PROVIDERS:
        assert slots_of(db, provider), provider


def test_slots_are_generated_for_the_coming_weeks_in_helsinki_time(db: Session, repo_root: Path) -> None:
    weeks = yaml.safe_load((repo_root / "data" / DEMO_FILE).read_text("utf-8"))["weeks"]
    load_demo(db, repo_root / "data", today=TODAY, now=NOW)
    slots = slots_of(db)
    first = to_stored(datetime.combine(TODAY + timedelta(days=1), time(0), HELSINKI))
    last = to_stored(datetime.combine(TODAY + timedelta(days=weeks * 7 + 1), time(0), HELSINKI))
    assert all(first <= s.starts_at < last for s in slots)
    assert len(slots) > 50
    # Office hours in Finnish time, whatever the UTC offset of the day.
    for slot in slots:
        local = slot.starts_at.replace(tzinfo=UTC).astimezone(HELSINKI).time()
        assert time(8) <= local <= time(16), slot.starts_at


def test_places(db: Session, repo_root: Path) -> None:
    load_demo(db, repo_root / "data", today=TODAY, now=NOW)
    for slot in slots_of(db):
        if slot.mode != "in_person":
            assert slot.place is None
        elif slot.advisor.provider_id == "kirkkonummi":
            # Siuntio's services: mainly at the Kirkkonummi municipal house (siuntio-programme-2025).
            assert slot.place == "Kirkkonummi municipal house"
        else:
            assert slot.place.startswith("Office of ")


def test_loading_again_adds_only_new_days_and_not_removed_times(db: Session, repo_root: Path) -> None:
    first = load_demo(db, repo_root / "data", today=TODAY, now=NOW)
    assert not load_demo(db, repo_root / "data", today=TODAY, now=NOW)  # nothing new
    withdrawn = slots_of(db)[0]
    withdrawn.withdrawn_at = utcnow()
    db.commit()
    count = len(slots_of(db))
    # A week later the pattern reaches a week further: one week of times more.
    later = load_demo(db, repo_root / "data", today=TODAY + timedelta(days=7), now=NOW)
    assert 0 < later["slots created"] < first["slots created"]
    assert len(slots_of(db)) == count + later["slots created"]
    same_time = select(func.count()).where(
        Slot.advisor_id == withdrawn.advisor_id, Slot.starts_at == withdrawn.starts_at
    )
    assert db.scalar(same_time) == 1


def test_the_demo_slots_are_offered_by_the_api(api: TestClient, db: Session, repo_root: Path) -> None:
    load_demo(db, repo_root / "data")
    for provider in PROVIDERS:
        slots = api.get("/v1/slots", params={"provider": provider}).json()["slots"]
        assert slots and all(datetime.fromisoformat(s["starts_at"]) > datetime.now(HELSINKI) for s in slots)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["advisors"][0].update(name="Maria Virtanen"), "name"),
        (lambda d: d["advisors"][0].update(provider="espoo"), "unknown providers"),
        (lambda d: d.update(demo=False), "demo"),
        (lambda d: d["advisors"][0]["times"][0].update(mode="carrier_pigeon"), "mode"),
        (lambda d: d["advisors"][0].update(modes=["phone"]), "not among its modes"),
    ],
)
def test_an_invalid_demo_file_is_refused(db: Session, repo_root: Path, tmp_path: Path, change, problem: str) -> None:
    content = yaml.safe_load((repo_root / "data" / DEMO_FILE).read_text("utf-8"))
    change(content)
    (tmp_path / "demo").mkdir()
    (tmp_path / DEMO_FILE).write_text(yaml.safe_dump(content), "utf-8")
    with pytest.raises(ContentDataError, match=problem):
        load_demo(db, tmp_path)
    assert db.scalar(select(func.count()).select_from(Advisor)) == 0


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, booking_settings: Settings, repo_root: Path) -> pytest.MonkeyPatch:
    """The process environment of `python -m api.manage` pointed at the booking database."""
    monkeypatch.setenv("DATABASE_URL", booking_settings.database_url)
    monkeypatch.setenv("OPAS_DATA_DIR", str(repo_root / "data"))
    config.get_settings.cache_clear()
    yield monkeypatch
    config.get_settings.cache_clear()


def test_manage_load_demo(environment: pytest.MonkeyPatch, db: Session, capsys: pytest.CaptureFixture) -> None:
    assert manage(["load-demo"]) == 0
    assert "advisors created: 8" in capsys.readouterr().out
    assert manage(["load-demo"]) == 0
    assert "nothing new" in capsys.readouterr().out


def test_manage_load_demo_refuses_production(
    environment: pytest.MonkeyPatch, db: Session, capsys: pytest.CaptureFixture
) -> None:
    environment.setenv("OPAS_ENV", "production")
    environment.setenv("OPAS_SERVICE_TOKEN", "x" * 32)
    environment.setenv("OPAS_SECRET_KEY", "y" * 32)
    assert manage(["load-demo"]) == 1
    assert "refused" in capsys.readouterr().err
    assert db.scalar(select(func.count()).select_from(Advisor)) == 0
