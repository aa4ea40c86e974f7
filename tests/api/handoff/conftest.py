"""Handoff fixtures: covered municipalities, advisors with accounts and duty hours, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.booking.models import Advisor
from api.app.config import Settings
from api.app.content.models import Municipality
from api.app.handoff.duty import around_the_clock, set_duty_hours
from api.app.handoff.service import HandoffRequest
from api.app.main import create_app
from api.app.staff.auth import create_user
from api.app.staff.models import ADMIN, StaffUser
from tests.api.factories import make_advisor
from tests.api.staff.conftest import PASSWORD, _fast_password_hashing  # noqa: F401  (autouse fixture)

# A Wednesday, 10:00 in Helsinki (UTC+2 in winter): within office hours.
NOW = datetime(2026, 12, 2, 8, 0)

#: municipality → (integration services, jobseekers), as CONTRACT.md §4 says for these two.
MUNICIPALITIES = {
    "porvoo": ("porvoo", "porvoo_employment_area"),
    "loviisa": ("loviisa", "porvoo_employment_area"),
    "helsinki": (None, None),
}


@dataclass
class Staff:
    porvoo: Advisor
    porvoo_2: Advisor
    loviisa: Advisor
    porvoo_user: StaffUser
    porvoo_2_user: StaffUser
    loviisa_user: StaffUser
    admin: StaffUser


@pytest.fixture
def staff(db: Session) -> Staff:
    """Two Porvoo advisors (one speaks Arabic), one of Loviisa, all on duty around the clock; an admin."""
    for municipality, (services, jobseekers) in MUNICIPALITIES.items():
        db.add(
            Municipality(
                id=municipality,
                position=len(municipality),
                coverage="full" if services else "none",
                integration_provider_id=services,
                jobseeker_provider_id=jobseekers,
            )
        )
    porvoo = make_advisor(db, provider="porvoo", name="Anna", languages=("fi", "en"))
    porvoo_2 = make_advisor(db, provider="porvoo", name="Bashir", languages=("fi", "ar"))
    loviisa = make_advisor(db, provider="loviisa", name="Lotta", languages=("sv", "fi"))
    for advisor in (porvoo, porvoo_2, loviisa):
        set_duty_hours(db, advisor, around_the_clock())
    db.commit()
    return Staff(
        porvoo=porvoo,
        porvoo_2=porvoo_2,
        loviisa=loviisa,
        porvoo_user=create_user(db, "anna", PASSWORD, advisor=porvoo),
        porvoo_2_user=create_user(db, "bashir", PASSWORD, advisor=porvoo_2),
        loviisa_user=create_user(db, "lotta", PASSWORD, advisor=loviisa),
        admin=create_user(db, "admin", PASSWORD, role=ADMIN),
    )


def request(conversation_id: str = "conversation-1", **values: object) -> HandoffRequest:
    fields: dict[str, object] = {
        "conversation_id": conversation_id,
        "channel": "web",
        "language": "en",
        "share_transcript": False,
        "municipality": "porvoo",
        "topic": "integration_plan",
    }
    return HandoffRequest(**(fields | values))  # type: ignore[arg-type]


@pytest.fixture
def handoff_api(booking_settings: Settings, staff: Staff) -> Iterator[TestClient]:
    """The API with the service token, on the booking database with the staff above."""
    from tests.api.conftest import AUTH

    with TestClient(create_app(booking_settings), headers=AUTH) as client:
        yield client
