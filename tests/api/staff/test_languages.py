"""Staff pages in every language of the registry: the one chosen, else the browser's, else Finnish."""

from __future__ import annotations

import html
import re
from datetime import UTC, timedelta

import pytest
from babel.dates import format_datetime
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.booking import service
from api.app.booking.schemas import BookingIn
from api.app.booking.slots import HELSINKI
from api.app.staff.texts import COOKIE
from locales.languages import DEFAULT, SUPPORTED, menu_title, text_direction
from locales.pages import PageTexts
from tests.api.factories import booking_body, make_slot
from tests.api.staff.conftest import Accounts, log_in, post_form

_HTML_LANG = re.compile(r'<html lang="([a-z]+)"( dir="rtl")?>')
TIMES_NOTE = "Times are Finnish time (Europe/Helsinki)."


def html_lang(text: str) -> str:
    match = _HTML_LANG.search(text)
    assert match, "no <html lang>"
    return match.group(1)


def says(page: str, language: str, msgid: str, **arguments: object) -> bool:
    """Whether ``page`` shows ``msgid`` in ``language``."""
    return html.escape(PageTexts(language).gettext(msgid, **arguments)) in page


def choose(browser: TestClient, language: str) -> None:
    response = browser.get("/staff/language", params={"lang": language, "next": "/staff/login"})
    assert response.status_code == 303 and browser.cookies.get(COOKIE) == language


@pytest.mark.parametrize(
    ("accept_language", "lang", "title", "label"),
    [
        (None, "fi", "Kirjaudu sisään", "Käyttäjätunnus"),
        ("de-DE,de;q=0.9", "fi", "Kirjaudu sisään", "Salasana"),  # none of ours: Finnish
        ("sv-FI,sv;q=0.9,en;q=0.5", "sv", "Logga in", "Användarnamn"),
        ("SV", "sv", "Logga in", "Lösenord"),
        ("en-GB,en;q=0.8", "en", "Log in", "Username"),
        ("uk-UA,uk;q=0.9,ru;q=0.8", "uk", "Увійти", "Пароль"),
        ("ar-SA,ar;q=0.9", "ar", "تسجيل الدخول", "كلمة المرور"),
        ("fa-IR", "fa", "ورود", "رمز عبور"),
        ("de,so;q=0.5", "so", "Soo gal", "Furaha sirta ah"),
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
    assert says(page.text, lang, TIMES_NOTE)
    others = [code for code in SUPPORTED if code != lang]
    assert not any(says(page.text, code, TIMES_NOTE) for code in others)


def test_the_default_is_the_registrys() -> None:
    assert DEFAULT == "fi"  # the tests above read "Finnish" for it


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_staff_page_in_every_language(
    browser: TestClient, db: Session, accounts: Accounts, lang: str
) -> None:
    slot = make_slot(db, accounts.porvoo, timedelta(days=2), mode="phone")
    out, _ = service.book(db, BookingIn(**booking_body(slot.id, contact="c@example.fi")), "https://x.example")
    choose(browser, lang)
    login = browser.get("/staff/login").text
    rtl = ' dir="rtl"' if text_direction(lang) == "rtl" else ""
    assert f'<html lang="{lang}"{rtl}>' in login
    # The header links every language of the registry, each named in itself.
    for code in SUPPORTED:
        named = f'lang="{code}" hreflang="{code}" dir="{text_direction(code)}">{menu_title(code)}</a>'
        current = f'<span lang="{code}" dir="{text_direction(code)}" aria-current="true">{menu_title(code)}</span>'
        assert (current if code == lang else named) in login, code
    log_in(browser, "admin")
    appointments = browser.get("/staff/").text
    assert f"<h1>{html.escape(PageTexts(lang).gettext('Appointments'))}</h1>" in appointments
    assert out.reference in appointments
    assert all(says(appointments, lang, msgid) for msgid in ("booked", "phone", "Reference", "Cancel", TIMES_NOTE))
    # The time: Helsinki time, the weekday in the page's language (Babel), the numbers in Finnish order.
    local = slot.starts_at.replace(tzinfo=UTC).astimezone(HELSINKI)
    assert format_datetime(local, "EEE d.M.yyyy HH:mm", locale=lang) in appointments
    assert says(appointments, lang, "{minutes} min", minutes=45)
    slots = browser.get("/staff/slots").text
    assert all(says(slots, lang, msgid) for msgid in ("Free times", "Add a time", "Start (Finnish time)", "Booked"))
    accounts_page = browser.get("/staff/accounts").text
    assert says(accounts_page, lang, "Advisors and accounts")
    assert says(accounts_page, lang, "Password (at least {minimum} characters)", minimum=12)
    if lang != "en":
        for page in (login, appointments, slots, accounts_page):
            assert TIMES_NOTE not in page and "Log out" not in page


@pytest.mark.parametrize("lang", SUPPORTED)
def test_error_pages_in_the_pages_language(browser: TestClient, accounts: Accounts, lang: str) -> None:
    choose(browser, lang)
    log_in(browser, "admin")
    # A message of the staff pages' own code: translated.
    form = {"name": "New Advisor", "provider": "porvoo", "languages": "fi", "modes": ["fax"]}
    response = post_form(browser, "/staff/advisors", form, "/staff/accounts")
    assert response.status_code == 422 and html_lang(response.text) == lang
    assert says(response.text, lang, "Please check what you entered.")
    assert says(response.text, lang, "Choose the meeting modes the advisor takes.")
    # A form that does not validate: the fields, under a translated heading.
    response = post_form(browser, "/staff/slots", {"advisor_id": accounts.porvoo.id}, "/staff/slots")
    fields = "day, duration_minutes, mode, start"
    assert response.status_code == 422 and says(response.text, lang, "Please check: {fields}.", fields=fields)
    # Another provider's appointment does not exist for an advisor: the heading alone.
    browser.cookies.delete("opas_staff", path="/staff")
    log_in(browser, "porvoo.advisor")
    missing = post_form(browser, "/staff/appointments/999999/cancel", {})
    assert missing.status_code == 404 and says(missing.text, lang, "This was not found.")
    assert "Not found." not in missing.text


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
    headers = "<th>Tid</th><th>Rådgivare</th>", "<th>Mötesform</th><th>Ämne</th>", "<th>Språk</th><th>Klient</th>"
    assert all(header in page for header in headers) and "<th>Bokningskod</th><th>Status</th>" in page
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
