"""Staff pages in Finnish, Swedish and English: Finnish first, the browser's language, or the one chosen."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.booking import service
from api.app.booking.schemas import BookingIn
from api.app.staff.texts import COOKIE, TEXTS
from tests.api.factories import booking_body, make_slot
from tests.api.staff.conftest import Accounts, log_in

_HTML_LANG = re.compile(r'<html lang="([a-z]+)">')


def html_lang(text: str) -> str:
    match = _HTML_LANG.search(text)
    assert match, "no <html lang>"
    return match.group(1)


def test_every_language_has_the_same_texts() -> None:
    assert set(TEXTS) == {"fi", "sv", "en"}
    keys = set(TEXTS["fi"])
    for language, texts in TEXTS.items():
        assert set(texts) == keys, language
        assert all(value.strip() for value in texts.values()), language


@pytest.mark.parametrize(
    ("accept_language", "lang", "title", "label"),
    [
        (None, "fi", "Kirjaudu sisään", "Käyttäjätunnus"),
        ("de-DE,de;q=0.9", "fi", "Kirjaudu sisään", "Salasana"),  # none of ours: Finnish
        ("sv-FI,sv;q=0.9,en;q=0.5", "sv", "Logga in", "Användarnamn"),
        ("SV", "sv", "Logga in", "Lösenord"),
        ("en-GB,en;q=0.8", "en", "Log in", "Username"),
    ],
)
def test_the_login_page_in_the_browsers_language(
    browser: TestClient, accept_language: str | None, lang: str, title: str, label: str
) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}
    page = browser.get("/staff/login", headers=headers)
    assert page.status_code == 200
    assert html_lang(page.text) == lang
    assert f"<h1>{title}</h1>" in page.text and label in page.text
    assert TEXTS[lang]["times_note"] in page.text
    others = [code for code in TEXTS if code != lang]
    assert all(TEXTS[code]["times_note"] not in page.text for code in others)


def test_a_language_link_sets_the_cookie_and_goes_back(browser: TestClient) -> None:
    page = browser.get("/staff/login").text
    assert 'href="/staff/language?lang=sv&amp;next=/staff/login"' in page
    response = browser.get("/staff/language", params={"lang": "sv", "next": "/staff/login"})
    assert response.status_code == 303 and response.headers["location"] == "/staff/login"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"{COOKIE}=sv;") and "path=/staff" in cookie and "httponly" in cookie
    # The choice wins over the browser's language.
    page = browser.get("/staff/login", headers={"Accept-Language": "en"})
    assert html_lang(page.text) == "sv" and "<h1>Logga in</h1>" in page.text
    browser.get("/staff/language", params={"lang": "en", "next": "/staff/login"})
    assert html_lang(browser.get("/staff/login").text) == "en"


def test_a_wrong_password_in_the_chosen_language(browser: TestClient, accounts: Accounts) -> None:
    browser.get("/staff/language", params={"lang": "sv", "next": "/staff/login"})
    response = log_in(browser, "porvoo.advisor", "wrong password!")
    assert response.status_code == 401 and "Fel användarnamn eller lösenord." in response.text


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "/staffevil", "/v1/slots", "", "/staff/\r\nX: y"],
)
def test_the_language_link_does_not_leave_the_staff_pages(browser: TestClient, target: str) -> None:
    response = browser.get("/staff/language", params={"lang": "en", "next": target})
    assert response.status_code == 303 and response.headers["location"] == "/staff/"
    assert browser.cookies.get(COOKIE) == "en"


def test_an_unknown_language_sets_nothing(browser: TestClient) -> None:
    response = browser.get("/staff/language", params={"lang": "de", "next": "/staff/login"})
    assert response.status_code == 303 and response.headers["location"] == "/staff/login"
    assert "set-cookie" not in response.headers
    browser.cookies.set(COOKIE, "de", path="/staff")  # a cookie from elsewhere: Finnish
    assert html_lang(browser.get("/staff/login").text) == "fi"


def test_appointments_in_swedish(browser: TestClient, db: Session, accounts: Accounts) -> None:
    slot = make_slot(db, accounts.porvoo, timedelta(days=2))
    out, _ = service.book(db, BookingIn(**booking_body(slot.id, contact="client@example.fi")), "https://x.example")
    log_in(browser, "porvoo.advisor")
    page = browser.get("/staff/", headers={"Accept-Language": "sv-FI"}).text
    assert html_lang(page) == "sv"
    assert "<h1>Bokningar: porvoo</h1>" in page
    headers = "<th>Tid</th><th>Rådgivare</th><th>Mötesform</th><th>Ämne</th><th>Språk</th><th>Klient</th>"
    assert headers in page and "<th>Bokningskod</th><th>Status</th>" in page
    assert out.reference in page and ">bokad</td>" in page and ">Avboka</button>" in page
    assert "Lediga tider" in page and "Logga ut" in page and "Tiderna är i finsk tid" in page
    assert "Appointments" not in page and "Ajanvaraukset" not in page
    # The language link keeps the user on the page, logged in.
    browser.get("/staff/language", params={"lang": "fi", "next": "/staff/slots"})
    slots = browser.get("/staff/slots", headers={"Accept-Language": "sv-FI"}).text
    assert "<h1>Vapaat ajat: porvoo</h1>" in slots and "Kirjaudu ulos" in slots


def test_the_accounts_page_in_english(browser: TestClient, accounts: Accounts) -> None:
    log_in(browser, "admin")
    page = browser.get("/staff/accounts", headers={"Accept-Language": "en"}).text
    assert html_lang(page) == "en" and "<h1>Advisors and accounts</h1>" in page
    assert "Password (at least 12 characters)" in page
    finnish = browser.get("/staff/accounts").text
    assert "<h1>Neuvojat ja käyttäjätilit</h1>" in finnish and "Salasana (vähintään 12 merkkiä)" in finnish
