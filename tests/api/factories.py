"""Test data of the booking domain: providers, advisors, slots and booking requests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from api.app.booking.models import MODES, Advisor, Slot
from api.app.content.models import Provider, utcnow

#: The providers of data/municipalities.yml.
PROVIDERS = (
    "porvoo",
    "loviisa",
    "lapinjarvi",
    "kirkkonummi",
    "porvoo_employment_area",
    "kirkkonummi_employment_area",
)
PHONE = "040 123 4567"
PHONE_E164 = "+358401234567"
_numbers = itertools.count(1)


def add_providers(session: Session) -> None:
    for provider in PROVIDERS:
        session.add(Provider(id=provider, kind="municipality", names={"en": provider}, source_ids=[]))
    session.commit()


def make_advisor(
    session: Session,
    provider: str = "porvoo",
    languages: tuple[str, ...] = ("fi", "sv", "en"),
    modes: tuple[str, ...] = MODES,
    **values: Any,
) -> Advisor:
    advisor = Advisor(
        name=values.pop("name", f"Test Advisor {next(_numbers)}"),
        provider_id=provider,
        modes=list(modes),
        **values,
    )
    advisor.languages = list(languages)
    session.add(advisor)
    session.commit()
    return advisor


def make_slot(
    session: Session,
    advisor: Advisor,
    starts_in: timedelta = timedelta(days=2),
    *,
    mode: str = "in_person",
    minutes: int = 45,
    **values: Any,
) -> Slot:
    """A slot ``starts_in`` from now (negative: in the past), on a whole minute."""
    starts = (utcnow() + starts_in).replace(second=0, microsecond=0)
    slot = Slot(
        advisor_id=advisor.id,
        starts_at=starts,
        duration_minutes=minutes,
        mode=mode,
        place=values.pop("place", "Office of the test provider" if mode == "in_person" else None),
        **values,
    )
    session.add(slot)
    session.commit()
    return slot


def booking_body(slot_id: int, **overrides: Any) -> dict[str, Any]:
    """A valid request to book ``slot_id``, with a fresh idempotency key."""
    body = {
        "idempotency_key": f"test-key-{next(_numbers):06d}",
        "slot_id": slot_id,
        "topic": "integration_plan",
        "language": "en",
        "contact": PHONE,
        "privacy_accepted_at": datetime.now(UTC).isoformat(),
    }
    return body | overrides
