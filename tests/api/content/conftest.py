"""Content test fixtures: the small data set loaded, and two coordinators (cheap password hashes)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from api.app.staff.auth import create_user
from api.app.staff.models import COORDINATOR, StaffUser
from tests.api.conftest import load_database
from tests.api.staff.conftest import _fast_password_hashing  # noqa: F401  (autouse: cheap hashes)


@pytest.fixture
def loaded(small_settings, small_session: Session) -> Session:
    """A session on the small data set, loaded."""
    load_database(small_settings)
    return small_session


@pytest.fixture
def anna(loaded: Session) -> StaffUser:
    return create_user(loaded, "anna", "a long enough password", role=COORDINATOR)


@pytest.fixture
def bertil(loaded: Session) -> StaffUser:
    return create_user(loaded, "bertil", "a long enough password", role=COORDINATOR)
