"""The audit log: staff actions are recorded (who, what, which record, when), admins read them."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import audit
from api.app.content.models import utcnow
from tests.api.staff.conftest import Accounts, log_in, post_form
from tests.api.staff.test_pages import SUMMER_DAY, book


def actions(db: Session) -> list[tuple[str, str, str | None, str | None]]:
    db.expire_all()
    return [(e.username, e.action, e.record_type, e.record_id) for e in reversed(audit.recent(db))]


def test_an_advisors_day_is_recorded(browser: TestClient, db: Session, accounts: Accounts) -> None:
    appointment = book(db, accounts.porvoo, "client@example.fi")
    log_in(browser, "porvoo.advisor")
    form = {"advisor_id": accounts.porvoo.id, "day": SUMMER_DAY.isoformat(), "start": "10:00",
            "duration_minutes": 60, "mode": "phone"}
    assert post_form(browser, "/staff/slots", form, page="/staff/slots").status_code == 303
    slot_id = next(e.record_id for e in audit.recent(db) if e.action == "slot.create")
    assert post_form(browser, f"/staff/slots/{slot_id}/withdraw", {}, page="/staff/slots").status_code == 303
    assert post_form(browser, f"/staff/appointments/{appointment.id}/cancel", {}).status_code == 303
    assert post_form(browser, "/staff/logout", {}).status_code == 303
    assert actions(db) == [
        ("porvoo.advisor", "login", "staff_user", actions(db)[0][3]),
        ("porvoo.advisor", "slot.create", "slot", slot_id),
        ("porvoo.advisor", "slot.withdraw", "slot", slot_id),
        ("porvoo.advisor", "appointment.cancel", "appointment", str(appointment.id)),
        ("porvoo.advisor", "logout", "staff_user", actions(db)[0][3]),
    ]
    assert "client@example.fi" not in str(actions(db))


def test_failed_log_ins_name_only_existing_accounts(browser: TestClient, db: Session, accounts: Accounts) -> None:
    log_in(browser, "porvoo.advisor", "wrong password!!")
    log_in(browser, "my secret password", "x" * 12)  # a password typed into the name field
    assert [(name, action) for name, action, _, _ in actions(db)] == [
        ("porvoo.advisor", "login.failed"), ("unknown", "login.failed")]


def test_admins_read_the_log_and_others_may_not(browser: TestClient, db: Session, accounts: Accounts) -> None:
    log_in(browser, "porvoo.advisor")
    assert browser.get("/staff/audit").status_code == 403
    post_form(browser, "/staff/logout", {})
    log_in(browser, "admin")
    page = browser.get("/staff/audit")
    assert page.status_code == 200 and "porvoo.advisor" in page.text and "logout" in page.text
    only = browser.get("/staff/audit", params={"action": "logout"})
    assert "porvoo.advisor" in only.text and "<code>login</code>" not in only.text


def test_old_entries_are_purged(db: Session, accounts: Accounts) -> None:
    audit.record(db, None, "login.failed")
    assert audit.purge_audit(db, retention_days=365, now=utcnow() + timedelta(days=366)) == 1
    assert audit.recent(db) == []
