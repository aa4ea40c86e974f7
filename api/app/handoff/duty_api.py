"""``/staff/api/duty``: the weekly live-chat duty hours of the provider's advisors (Finnish time).

An advisor reads their colleagues' hours and sets their own; an admin sets anyone's. Hours are
``HH:MM`` to ``HH:MM`` per weekday (0 = Monday; ``24:00`` ends the day); a weekday may have one
span. Nobody on duty means no live chat is offered: the bot offers a booking instead.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy import select

from .. import audit
from ..booking.models import Advisor
from ..deps import SessionDep
from ..errors import Forbidden, NotFound
from ..staff.auth import AdvisorUser
from .duty import DAY_MINUTES, set_duty_hours
from .models import DutyHours
from .staff_api import CsrfHeader

_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
router = APIRouter(prefix="/staff/api/duty", tags=["handoff"])


def _minutes(clock: str) -> int:
    match = _CLOCK.fullmatch(clock)
    if not match or int(match.group(1)) * 60 + int(match.group(2)) > DAY_MINUTES:
        raise ValueError("must be HH:MM, 00:00 to 24:00")
    return int(match.group(1)) * 60 + int(match.group(2))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class Span(BaseModel):
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday.")
    start: str = Field(examples=["08:00"])
    end: str = Field(examples=["16:00"])

    @field_validator("start", "end")
    @classmethod
    def _clock_shape(cls, value: str) -> str:
        _minutes(value)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if _minutes(self.start) >= _minutes(self.end):
            raise ValueError("start must be before end")
        return self


class DutyIn(BaseModel):
    hours: list[Span] = Field(max_length=7)

    @model_validator(mode="after")
    def _one_per_day(self) -> DutyIn:
        if len({span.weekday for span in self.hours}) != len(self.hours):
            raise ValueError("one span per weekday")
        return self


class AdvisorDuty(BaseModel):
    advisor_id: int
    name: str
    provider: str
    languages: list[str]
    hours: list[Span]


def _duty(advisor: Advisor, rows: list[DutyHours]) -> AdvisorDuty:
    spans = [Span(weekday=r.weekday, start=_clock(r.start_minute), end=_clock(r.end_minute)) for r in rows]
    return AdvisorDuty(
        advisor_id=advisor.id, name=advisor.name, provider=advisor.provider_id, languages=advisor.languages, hours=spans
    )


@router.get("", response_model=list[AdvisorDuty])
def list_duty(session: SessionDep, user: AdvisorUser) -> list[AdvisorDuty]:
    """The duty hours of your provider's advisors (an admin: of every provider)."""
    query = select(Advisor).where(Advisor.active.is_(True)).order_by(Advisor.provider_id, Advisor.name)
    if user.provider_id is not None:
        query = query.where(Advisor.provider_id == user.provider_id)
    advisors = list(session.scalars(query).unique())
    rows = session.scalars(
        select(DutyHours).where(DutyHours.advisor_id.in_([a.id for a in advisors])).order_by(DutyHours.weekday)
    )
    by_advisor: dict[int, list[DutyHours]] = {}
    for row in rows:
        by_advisor.setdefault(row.advisor_id, []).append(row)
    return [_duty(advisor, by_advisor.get(advisor.id, [])) for advisor in advisors]


@router.put("/{advisor_id}", response_model=AdvisorDuty, dependencies=[CsrfHeader], responses={403: {}, 404: {}})
def set_duty(session: SessionDep, user: AdvisorUser, advisor_id: Annotated[int, Path()], body: DutyIn) -> AdvisorDuty:
    """Replaces an advisor's weekly duty hours: your own, or anyone's for an admin."""
    advisor = session.get(Advisor, advisor_id)
    if advisor is None or (user.provider_id is not None and advisor.provider_id != user.provider_id):
        raise NotFound("No such advisor.")
    if not user.is_admin and user.advisor_id != advisor.id:
        raise Forbidden("Only your own duty hours.")
    set_duty_hours(session, advisor, {s.weekday: (_minutes(s.start), _minutes(s.end)) for s in body.hours})
    session.commit()
    audit.record(session, user, "duty.set", "advisor", advisor.id, detail=f"{len(body.hours)} days")
    rows = list(
        session.scalars(select(DutyHours).where(DutyHours.advisor_id == advisor.id).order_by(DutyHours.weekday))
    )
    return _duty(advisor, rows)
