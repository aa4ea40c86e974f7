"""Roles: an admin passes every rule, a coordinator has no business with appointments or slots,
an advisor none with content; unknown roles are refused where the rules are written."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from api.app.errors import InvalidInput
from api.app.staff.auth import create_user, require_roles
from api.app.staff.models import ADMIN, ADVISOR, COORDINATOR

from .conftest import PASSWORD, log_in


def test_a_rule_names_its_roles_and_always_lets_an_admin_in() -> None:
    assert require_roles(COORDINATOR).roles == {COORDINATOR, ADMIN}
    assert require_roles(ADMIN).roles == {ADMIN}


def test_a_rule_with_an_unknown_role_is_refused_when_written() -> None:
    with pytest.raises(ValueError, match="unknown roles"):
        require_roles("superuser")


def test_an_advisor_account_needs_an_advisor_record(db: Session) -> None:
    with pytest.raises(InvalidInput):
        create_user(db, "nobody", PASSWORD, role=ADVISOR)


def test_a_coordinator_is_sent_from_the_appointments_to_the_content(db: Session, browser, accounts) -> None:
    create_user(db, "coordinator", PASSWORD, role=COORDINATOR, scope_provider_id="loviisa")
    assert log_in(browser, "coordinator").status_code == 303
    home = browser.get("/staff/")
    assert home.status_code == 303 and home.headers["location"] == "/staff/content"
    assert browser.get("/staff/slots").status_code == 403


def test_a_coordinators_scope_is_their_provider_and_an_admins_everything(db: Session, accounts) -> None:
    scoped = create_user(db, "scoped", PASSWORD, role=COORDINATOR, scope_provider_id="loviisa")
    everywhere = create_user(db, "everywhere", PASSWORD, role=COORDINATOR)
    admin = create_user(db, "root", PASSWORD, role=ADMIN, scope_provider_id="porvoo")
    assert (scoped.provider_id, everywhere.provider_id, admin.provider_id) == ("loviisa", None, None)
    assert admin.scope_provider_id is None  # only a coordinator has a scope
