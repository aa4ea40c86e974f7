"""Demo advisors on live-chat duty for development (`python -m api.manage load-demo`; never in
production): each demo advisor gets a log-in and duty around the clock, so that a newcomer can
try both sides of a handoff at once (the widget, and the inbox in a second window).

The password is public on purpose: these accounts exist only on a developer's machine (load-demo
refuses OPAS_ENV=production), like the demo coordinators'.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..booking.models import Advisor
from ..staff.auth import create_user
from ..staff.models import StaffUser
from .duty import around_the_clock, set_duty_hours

DEMO_PASSWORD = "demo-advisor-password"


def demo_username(advisor: Advisor) -> str:
    """``demo-porvoo-1`` → ``demo.porvoo.1``."""
    return (advisor.key or f"demo-{advisor.id}").replace("-", ".")


def load_demo_advisor_logins(session: Session) -> int:
    """Puts every active demo advisor on duty around the clock and creates the log-ins that do
    not exist yet; returns how many it created. Commits."""
    created = 0
    advisors = session.scalars(select(Advisor).where(Advisor.key.like("demo-%"), Advisor.active.is_(True)))
    for advisor in list(advisors):
        set_duty_hours(session, advisor, around_the_clock())
        if session.scalar(select(StaffUser.id).where(StaffUser.advisor_id == advisor.id)) is None:
            create_user(session, demo_username(advisor), DEMO_PASSWORD, advisor=advisor)  # commits
            created += 1
    session.commit()
    return created
