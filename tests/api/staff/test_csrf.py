"""CSRF: a staff form posted without the session's token, or with another, is refused with 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.app.booking.models import Slot
from api.app.main import create_app
from tests.api.staff.conftest import Accounts, csrf_token, log_in


def slot_form(accounts: Accounts) -> dict[str, object]:
    day = (accounts.porvoo.created_at + timedelta(days=10)).date().isoformat()
    return {
        "advisor_id": accounts.porvoo.id,
        "day": day,
        "start": "10:00",
        "duration_minutes": 45,
        "mode": "phone",
    }


def slot_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Slot))


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_a_form_without_the_right_token_is_forbidden(
    browser: TestClient, accounts: Accounts, db: Session, token: str | None
) -> None:
    log_in(browser, "porvoo.advisor")
    data = slot_form(accounts) | ({} if token is None else {"csrf_token": token})
    response = browser.post("/staff/slots", data=data)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")  # a page, not JSON
    assert "lataa sivu uudelleen" in response.text  # in the page's language: Finnish first
    english = browser.post("/staff/slots", data=data, headers={"Accept-Language": "en"})
    assert english.status_code == 403 and "reload the page" in english.text
    assert slot_count(db) == 0


def test_the_token_of_another_session_is_forbidden(
    browser: TestClient, accounts: Accounts, db: Session, booking_settings
) -> None:
    log_in(browser, "porvoo.advisor")
    with TestClient(create_app(booking_settings), follow_redirects=False) as other:
        log_in(other, "loviisa.advisor")
        foreign = csrf_token(other, "/staff/slots")
    response = browser.post("/staff/slots", data=slot_form(accounts) | {"csrf_token": foreign})
    assert response.status_code == 403 and slot_count(db) == 0


def test_the_right_token_is_accepted(browser: TestClient, accounts: Accounts, db: Session) -> None:
    log_in(browser, "porvoo.advisor")
    data = slot_form(accounts) | {"csrf_token": csrf_token(browser, "/staff/slots")}
    response = browser.post("/staff/slots", data=data)
    assert response.status_code == 303, response.text
    assert slot_count(db) == 1


def test_the_login_form_needs_its_token_too(browser: TestClient, accounts: Accounts) -> None:
    browser.get("/staff/login")
    form = {"username": "porvoo.advisor", "password": "a long enough password"}
    assert browser.post("/staff/login", data=form).status_code == 403
    assert browser.post("/staff/login", data=form | {"csrf_token": "forged"}).status_code == 403
    assert browser.get("/staff/").status_code == 303  # still not logged in


def test_logging_in_gives_a_new_token(browser: TestClient, accounts: Accounts) -> None:
    before = csrf_token(browser)
    log_in(browser, "porvoo.advisor")
    assert csrf_token(browser, "/staff/") != before
    response = browser.post("/staff/logout", data={"csrf_token": before})
    assert response.status_code == 403
