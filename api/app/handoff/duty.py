"""Who is on duty for live chats: advisors whose weekly duty hours cover this moment (Finnish time)
and who can log in (an active staff account). Preferring the user's language is the callers' job."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ..booking.models import Advisor
from ..booking.slots import HELSINKI
from ..staff.models import StaffUser
from .models import DutyHours

DAY_MINUTES = 1440


def helsinki_minute(now_utc: datetime) -> tuple[int, int]:
    """(weekday, minute of the day) in Finnish time of a naive UTC moment."""
    local = (now_utc if now_utc.tzinfo else now_utc.replace(tzinfo=UTC)).astimezone(HELSINKI)
    return local.weekday(), local.hour * 60 + local.minute


def on_duty(session: Session, now: datetime, provider_id: str | None = None) -> list[Advisor]:
    """The active advisors (of ``provider_id``, else of every provider) on duty at ``now``."""
    weekday, minute = helsinki_minute(now)
    query = (
        select(Advisor)
        .join(StaffUser, and_(StaffUser.advisor_id == Advisor.id, StaffUser.active.is_(True)))
        .join(DutyHours, DutyHours.advisor_id == Advisor.id)
        .where(
            Advisor.active.is_(True),
            DutyHours.weekday == weekday,
            DutyHours.start_minute <= minute,
            DutyHours.end_minute > minute,
        )
        .order_by(Advisor.id)
    )
    if provider_id is not None:
        query = query.where(Advisor.provider_id == provider_id)
    return list(session.scalars(query).unique())


def set_duty_hours(session: Session, advisor: Advisor, weekly: dict[int, tuple[int, int]]) -> None:
    """Replaces the advisor's duty hours: weekday → (start minute, end minute); not committed."""
    for row in session.scalars(select(DutyHours).where(DutyHours.advisor_id == advisor.id)):
        session.delete(row)
    session.flush()
    for weekday, (start, end) in sorted(weekly.items()):
        session.add(DutyHours(advisor_id=advisor.id, weekday=weekday, start_minute=start, end_minute=end))


def around_the_clock() -> dict[int, tuple[int, int]]:
    return {weekday: (0, DAY_MINUTES) for weekday in range(7)}
