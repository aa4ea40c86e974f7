"""Staff log-in: nothing without it, argon2 hashes, signed sessions that expire and end."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app.config import Settings
from api.app.staff.auth import COOKIE, set_password
from api.app.staff.models import StaffUser
from api.app.staff.throttle import LoginThrottle
from tests.api.staff.conftest import PASSWORD, Accounts, csrf_token, log_in

PAGES = ["/staff/", "/staff/slots", "/staff/accounts"]
FORMS = [
    "/staff/logout",
    "/staff/slots",
    "/staff/slots/1/withdraw",
    "/staff/appointments/1/outcome",
    "/staff/appointments/1/cancel",
    "/staff/advisors",
    "/staff/accounts",
]


def user(db: Session, username: str) -> StaffUser:
    db.expire_all()
    return db.scalar(select(StaffUser).where(StaffUser.username == username))


def is_logged_in(browser: TestClient) -> bool:
    response = browser.get("/staff/")
    assert response.status_code in (200, 303)
    return response.status_code == 200


def test_the_login_page_sets_a_protected_session_cookie(browser: TestClient) -> None:
    page = browser.get("/staff/login")
    assert page.status_code == 200 and 'name="password"' in page.text
    cookie = page.headers["set-cookie"].lower()
    assert cookie.startswith(f"{COOKIE}=")
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/staff" in cookie
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", PAGES)
def test_pages_redirect_to_the_login_without_a_session(browser: TestClient, accounts: Accounts, path: str) -> None:
    response = browser.get(path)
    assert response.status_code == 303 and response.headers["location"] == "/staff/login"


@pytest.mark.parametrize("path", FORMS)
def test_forms_do_nothing_without_a_login(browser: TestClient, accounts: Accounts, path: str) -> None:
    assert browser.post(path, data={}).status_code == 403  # no session: no CSRF token either
    # With the login page's valid token, but not logged in: to the log-in page.
    response = browser.post(path, data={"csrf_token": csrf_token(browser)})
    assert response.status_code == 303 and response.headers["location"] == "/staff/login"


def test_log_in_with_the_username_in_any_case(browser: TestClient, accounts: Accounts, db: Session) -> None:
    response = log_in(browser, "PORVOO.advisor ")
    assert response.status_code == 303 and response.headers["location"] == "/staff/"
    page = browser.get("/staff/")
    assert page.status_code == 200 and "porvoo.advisor" in page.text
    assert user(db, "porvoo.advisor").last_login_at is not None


@pytest.mark.parametrize(("username", "password"), [("porvoo.advisor", "wrong password!"), ("nobody", PASSWORD)])
def test_a_wrong_username_or_password(browser: TestClient, accounts: Accounts, username: str, password: str) -> None:
    response = log_in(browser, username, password)
    assert response.status_code == 401 and "Väärä käyttäjätunnus tai salasana." in response.text  # Finnish first
    browser.headers["Accept-Language"] = "en"
    response = log_in(browser, username, password)
    assert response.status_code == 401 and "Wrong username or password." in response.text
    assert not is_logged_in(browser)


def test_passwords_are_stored_as_argon2_hashes(accounts: Accounts, db: Session) -> None:
    stored = user(db, "porvoo.advisor").password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_session_expires(browser: TestClient, accounts: Accounts, booking_settings: Settings, monkeypatch) -> None:
    log_in(browser, "porvoo.advisor")
    assert is_logged_in(browser)
    later = time.time() + booking_settings.staff_session_minutes * 60 + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: int(later))
    assert not is_logged_in(browser)


def test_log_out_ends_the_session_even_for_a_copied_cookie(browser: TestClient, accounts: Accounts) -> None:
    log_in(browser, "porvoo.advisor")
    copied = browser.cookies.get(COOKIE)
    response = browser.post("/staff/logout", data={"csrf_token": csrf_token(browser, "/staff/")})
    assert response.status_code == 303 and response.headers["location"] == "/staff/login"
    assert not is_logged_in(browser)
    browser.cookies.set(COOKIE, copied, path="/staff")
    assert not is_logged_in(browser)


def test_a_changed_password_ends_the_sessions(browser: TestClient, accounts: Accounts, db: Session) -> None:
    log_in(browser, "porvoo.advisor")
    set_password(db, user(db, "porvoo.advisor"), "another long password")
    assert not is_logged_in(browser)
    assert log_in(browser, "porvoo.advisor").status_code == 401
    assert log_in(browser, "porvoo.advisor", "another long password").status_code == 303


def test_a_tampered_or_foreign_cookie_is_refused(browser: TestClient, accounts: Accounts, booking_settings) -> None:
    log_in(browser, "porvoo.advisor")
    cookie = browser.cookies.get(COOKIE)
    browser.cookies.set(COOKIE, cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB"), path="/staff")
    assert not is_logged_in(browser)
    # Signed with another key (another installation, or the development key).
    forged = URLSafeTimedSerializer("another key", salt="opas.staff.session").dumps({"c": "x", "u": 1, "e": 0})
    browser.cookies.set(COOKIE, forged, path="/staff")
    assert not is_logged_in(browser)


def test_an_inactive_account_cannot_log_in(browser: TestClient, accounts: Accounts, db: Session) -> None:
    log_in(browser, "porvoo.advisor")
    user(db, "porvoo.advisor").active = False
    db.commit()
    assert not is_logged_in(browser)
    assert log_in(browser, "porvoo.advisor").status_code == 401


def test_production_refuses_the_development_secret_key() -> None:
    strong = "k3Jq-8vTn2LxQ0pWm9rZ4sYb7cHd1eFg"
    with pytest.raises(ValidationError, match="OPAS_SECRET_KEY"):
        Settings(env="production", service_token=strong)
    with pytest.raises(ValidationError, match="OPAS_SECRET_KEY"):
        Settings(env="production", service_token=strong, secret_key="short")
    assert Settings(env="production", service_token=strong, secret_key=strong[::-1]).env == "production"


def test_wrong_passwords_lock_the_username_for_a_while(browser: TestClient, accounts: Accounts,
                                                       booking_settings: Settings) -> None:
    browser.headers["Accept-Language"] = "en"
    now = [1000.0]
    browser.app.state.staff_logins = LoginThrottle(booking_settings, clock=lambda: now[0])
    for _ in range(booking_settings.staff_login_failures_per_user):
        assert log_in(browser, "porvoo.advisor", "wrong password!").status_code == 401
    refused = log_in(browser, "Porvoo.Advisor")  # the right password, any case: still refused
    assert refused.status_code == 429 and "Too many wrong passwords. Try again in 15 minutes." in refused.text
    assert int(refused.headers["retry-after"]) > 0
    assert not is_logged_in(browser)
    assert log_in(browser, "loviisa.advisor").status_code == 303  # another account is not locked
    browser.cookies.clear()  # log that one out again
    now[0] += booking_settings.staff_login_window_minutes * 60 + 1
    assert log_in(browser, "porvoo.advisor").status_code == 303


def test_wrong_passwords_from_one_address_are_limited_across_usernames(
        browser: TestClient, accounts: Accounts, booking_settings: Settings) -> None:
    for n in range(booking_settings.staff_login_failures_per_address):
        assert log_in(browser, f"guess{n}", "wrong password!").status_code == 401
    assert log_in(browser, "admin").status_code == 429
