"""Loads the demo advisors (``data/demo/advisors.yml``) and generates their free times.

Times are generated from each advisor's weekly pattern for the coming weeks, counted from today,
so the demo never runs out of dates. Idempotent: an advisor is found by its key, and a time that
exists (or existed: staff may have removed it) is not added again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content.models import Provider, utcnow
from ..errors import ContentDataError
from .models import MODES, Advisor, Slot
from .slots import HELSINKI, to_stored

DEMO_FILE = Path("demo") / "advisors.yml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Mode = Literal[MODES]  # type: ignore[valid-type]
Weekday = Literal[WEEKDAYS]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeeklyTimes(_Strict):
    days: list[Weekday] = Field(min_length=1)
    at: list[dt.time] = Field(min_length=1)
    mode: Mode
    minutes: int = Field(ge=5, le=480)


class DemoAdvisor(_Strict):
    key: Annotated[str, StringConstraints(pattern=r"^demo-[a-z0-9-]+$")]
    # Demo advisors must never look like real people.
    name: Annotated[str, StringConstraints(pattern=r"^Demo Advisor \d+$")]
    provider: str
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]] = Field(min_length=1)
    modes: list[Mode] = Field(min_length=1)
    place: str | None = None
    times: list[WeeklyTimes]


class DemoFile(_Strict):
    demo: Literal[True]
    weeks: int = Field(ge=1, le=12)
    advisors: list[DemoAdvisor]


def read_demo(path: Path) -> DemoFile:
    try:
        demo = DemoFile.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (OSError, yaml.YAMLError) as error:
        raise ContentDataError([f"{path}: {error}"]) from error
    except ValidationError as error:
        raise ContentDataError(
            [f"{path}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
        ) from error
    problems = []
    for advisor in demo.advisors:
        for weekly in advisor.times:
            if weekly.mode not in advisor.modes:
                problems.append(f"{path}: {advisor.key}: {weekly.mode} is not among its modes")
            if weekly.mode == "in_person" and not advisor.place:
                problems.append(f"{path}: {advisor.key}: in-person times need a place")
    if problems:
        raise ContentDataError(problems)
    return demo


def _sync_advisor(session: Session, item: DemoAdvisor, report: Counter[str]) -> Advisor:
    advisor = session.scalar(select(Advisor).where(Advisor.key == item.key))
    if advisor is None:
        advisor = Advisor(key=item.key)
        session.add(advisor)
        report["advisors created"] += 1
    advisor.name = item.name
    advisor.provider_id = item.provider
    advisor.modes = list(item.modes)
    if advisor.languages != list(item.languages):
        advisor.languages = list(item.languages)
    advisor.active = True
    return advisor


def load_demo(
    session: Session, data_dir: Path, today: dt.date | None = None, now: dt.datetime | None = None
) -> Counter[str]:
    """Creates or updates the demo advisors and adds their coming free times; commits."""
    path = data_dir / DEMO_FILE
    demo = read_demo(path)
    known = set(session.scalars(select(Provider.id)))
    unknown = sorted({a.provider for a in demo.advisors} - known)
    if unknown:
        raise ContentDataError([f"{path}: unknown providers {unknown}; run `python -m api.manage load` first"])
    today = today or dt.datetime.now(HELSINKI).date()
    now = now or utcnow()
    report: Counter[str] = Counter()
    advisors = [_sync_advisor(session, item, report) for item in demo.advisors]
    keys = {item.key for item in demo.advisors}
    for stale in session.scalars(select(Advisor).where(Advisor.key.like("demo-%"))):
        if stale.key not in keys and stale.active:
            stale.active = False  # kept: appointments may refer to it
            report["advisors deactivated"] += 1
    session.flush()
    existing = {
        (advisor_id, starts)
        for advisor_id, starts in session.execute(
            select(Slot.advisor_id, Slot.starts_at).where(Slot.advisor_id.in_([a.id for a in advisors]))
        )
    }
    for item, advisor in zip(demo.advisors, advisors, strict=True):
        for offset in range(1, demo.weeks * 7 + 1):
            day = today + dt.timedelta(days=offset)
            for weekly in item.times:
                if WEEKDAYS[day.weekday()] not in weekly.days:
                    continue
                for at in weekly.at:
                    starts = to_stored(dt.datetime.combine(day, at, HELSINKI))
                    if starts <= now or (advisor.id, starts) in existing:
                        continue
                    session.add(
                        Slot(
                            advisor_id=advisor.id,
                            starts_at=starts,
                            duration_minutes=weekly.minutes,
                            mode=weekly.mode,
                            place=item.place if weekly.mode == "in_person" else None,
                        )
                    )
                    existing.add((advisor.id, starts))
                    report["slots created"] += 1
    session.commit()
    return report
