"""Demo coordinator accounts for development (`python -m api.manage load-demo`; never in production).

Two, because a coordinator's change is published by another coordinator: log in as one to edit,
as the other to review. The password is public on purpose: these accounts exist only on a
developer's machine (load-demo refuses OPAS_ENV=production).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .auth import create_user, normalise_username
from .models import COORDINATOR, StaffUser

DEMO_COORDINATORS = ("demo.coordinator", "demo.reviewer")
DEMO_PASSWORD = "demo-coordinator-password"


def load_demo_coordinators(session: Session) -> int:
    """Creates the demo coordinators that do not exist yet; returns how many it created."""
    created = 0
    for username in DEMO_COORDINATORS:
        if session.scalar(select(StaffUser.id).where(StaffUser.username == normalise_username(username))) is None:
            create_user(session, username, DEMO_PASSWORD, role=COORDINATOR)
            created += 1
    return created
