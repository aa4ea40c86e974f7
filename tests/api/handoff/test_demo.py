"""In development the demo advisors can log in and are on live-chat duty around the clock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app.handoff.demo import DEMO_PASSWORD, load_demo_advisor_logins
from api.app.handoff.duty import on_duty
from api.app.staff.auth import authenticate
from api.app.staff.models import StaffUser
from tests.api.factories import make_advisor
from tests.api.handoff.conftest import NOW
from tests.api.staff.conftest import _fast_password_hashing  # noqa: F401  (autouse fixture)


def test_demo_advisors_get_a_log_in_and_duty_around_the_clock(db: Session) -> None:
    demo = make_advisor(db, provider="porvoo", key="demo-porvoo-1", name="Demo Advisor 1")
    real = make_advisor(db, provider="porvoo", name="Real Advisor")
    assert load_demo_advisor_logins(db) == 1
    assert load_demo_advisor_logins(db) == 0  # idempotent
    user = authenticate(db, "demo.porvoo.1", DEMO_PASSWORD)
    assert user is not None and user.advisor_id == demo.id
    assert db.scalar(select(StaffUser).where(StaffUser.advisor_id == real.id)) is None
    for hours in range(0, 24 * 7, 5):  # every day of the week, any hour
        assert [a.id for a in on_duty(db, NOW + timedelta(hours=hours), "porvoo")] == [demo.id]
