"""The links the user gets: the .ics calendar file (parsed back) and the cancel page."""

from __future__ import annotations

import html
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_time
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app.booking.models import Appointment, Slot
from api.app.booking.texts import TITLE, interpreter_note
from locales.booking import format_when
from locales.languages import SUPPORTED, menu_title, text_direction
from locales.pages import PageTexts
from tests.api.factories import booking_body, make_advisor, make_slot


def local(url: str) -> str:
    """The path and query of a link (the tests talk to the app, not to the public address)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def book(api: TestClient, slot: Slot, **changes: object) -> dict:
    response = api.post("/v1/appointments", json=booking_body(slot.id, **changes))
    assert response.status_code == 201, response.text
    return response.json()


def status_of(db: Session, reference: str) -> str:
    db.expire_all()
    return db.scalar(select(Appointment.status).where(Appointment.reference == reference))


HELSINKI = ZoneInfo("Europe/Helsinki")


def until_helsinki(clock: time, days: int = 3) -> timedelta:
    """How long from now until ``clock`` Finnish time, ``days`` days from today (Helsinki)."""
    now = datetime.now(UTC)
    day = now.astimezone(HELSINKI).date() + timedelta(days=days)
    return datetime.combine(day, clock, HELSINKI) - now


def events(body: bytes) -> list:
    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return list(calendar.walk("VEVENT"))


def test_the_calendar_file_parses_back(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db, languages=("fi",)), place="Kirkkonummi municipal house")
    out = book(api, slot, language="sv")
    response = api.get(local(out["calendar_url"]), headers={"Authorization": ""})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert f'filename="{out["reference"]}.ics"' in response.headers["content-disposition"]
    [event] = events(response.content)
    assert str(event["UID"]) == f"{out['reference']}@opas"
    assert event.decoded("DTSTART") == slot.starts_at.replace(tzinfo=UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)
    assert str(event["LOCATION"]) == "Kirkkonummi municipal house"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Möte med en rådgivare (integrationstjänster)"  # in Swedish
    description = str(event["DESCRIPTION"])
    assert out["reference"] in description and "tolk" in description  # interpreter (Swedish)
    assert out["cancel_url"] in description


def test_a_cancelled_appointments_calendar_file_says_so(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db), mode="phone")
    out = book(api, slot, language="fi")
    api.post(f"/v1/appointments/{out['reference']}/cancel", json={"contact": "0401234567"})
    [event] = events(api.get(local(out["calendar_url"]) + "&lang=en").content)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["LOCATION"]) == "Phone call: the advisor calls you"
    assert "cancel?token" not in str(event["DESCRIPTION"])


@pytest.mark.parametrize("tamper", ["token", "reference"])
def test_a_wrong_calendar_link_is_not_found(api: TestClient, db: Session, tamper: str) -> None:
    out = book(api, make_slot(db, make_advisor(db)))
    other = book(api, make_slot(db, make_advisor(db), timedelta(days=3)), contact="x@example.fi")
    url = local(out["calendar_url"])
    url = url[:-4] + "AAAA" if tamper == "token" else url.replace(out["reference"], other["reference"])
    response = api.get(url)
    assert response.status_code == 404
    assert "BEGIN:VCALENDAR" not in response.text


# A morning time (no leading zero in Finnish: "9.15") and an afternoon one, whatever the hour now.
@pytest.mark.parametrize("clock", [time(9, 15), time(14, 5)])
def test_the_cancel_page_asks_then_cancels(api: TestClient, db: Session, clock: time) -> None:
    advisor = make_advisor(db, languages=("fi",))
    slot = make_slot(db, advisor, until_helsinki(clock), place="Office of the City of Porvoo")
    out = book(api, slot, language="fi")
    page = api.get(local(out["cancel_url"]), headers={"Authorization": ""})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert '<html lang="fi">' in page.text and "Haluatko perua tämän ajan?" in page.text
    assert out["reference"] in page.text and "Office of the City of Porvoo" in page.text
    helsinki = slot.starts_at.replace(tzinfo=UTC).astimezone(HELSINKI)
    assert helsinki.time() == clock
    assert format_date(helsinki, "full", locale="fi") in page.text  # "tiistai 1. joulukuuta 2026"
    # Finnish time as Finns write it: "9.15", "14.05" (no leading zero, a dot).
    finnish_time = format_time(helsinki, "short", locale="fi")
    assert finnish_time == f"{clock.hour}.{clock.minute:02d}"
    assert f" {finnish_time}</dd>" in page.text  # after the date, with no leading zero
    # Opening the link (a preview, a mail scanner) does not cancel.
    assert status_of(db, out["reference"]) == "booked"
    token = out["cancel_url"].split("token=")[1]
    done = api.post("/cancel", data={"token": token, "lang": "fi"}, headers={"Authorization": ""})
    assert done.status_code == 200 and "Aika on peruttu." in done.text
    assert status_of(db, out["reference"]) == "cancelled"
    again = api.post("/cancel", data={"token": token})
    assert "Tämä aika on peruttu." in again.text


@pytest.mark.parametrize(
    ("lang", "question"),
    [("sv", "Vill du avboka den här tiden?"), ("en", "Do you want to cancel this appointment?")],
)
def test_the_cancel_page_in_swedish_and_english(api: TestClient, db: Session, lang: str, question: str) -> None:
    out = book(api, make_slot(db, make_advisor(db)), language="fi")
    page = api.get(local(out["cancel_url"]) + f"&lang={lang}")
    assert f'<html lang="{lang}">' in page.text and question in page.text


def test_the_appointments_language_else_the_browsers_else_english(api: TestClient, db: Session) -> None:
    out = book(api, make_slot(db, make_advisor(db, languages=("fi", "so"))), language="so")
    page = api.get(local(out["cancel_url"]), headers={"Accept-Language": "sv-FI,sv;q=0.9"})
    assert '<html lang="so">' in page.text  # the appointment's language wins over the browser's
    # A link that is not valid knows no appointment: the browser's language, else English.
    swedish_browser = api.get("/cancel?token=not-a-real-token", headers={"Accept-Language": "sv-FI,sv;q=0.9"})
    assert '<html lang="sv">' in swedish_browser.text
    german_browser = api.get("/cancel?token=not-a-real-token", headers={"Accept-Language": "de-DE,de"})
    assert '<html lang="en">' in german_browser.text and "This link is not valid." in german_browser.text
    persian_browser = api.get("/cancel?token=not-a-real-token", headers={"Accept-Language": "fa-IR,fa;q=0.9"})
    assert '<html lang="fa" dir="rtl">' in persian_browser.text


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_cancel_page_in_every_language(api: TestClient, db: Session, lang: str) -> None:
    slot = make_slot(db, make_advisor(db, languages=("fi",)), mode="phone")
    out = book(api, slot, language=lang, interpreter_needed=True)
    texts = PageTexts(lang)
    page = api.get(local(out["cancel_url"])).text
    tag = f'<html lang="{lang}" dir="rtl">' if text_direction(lang) == "rtl" else f'<html lang="{lang}">'
    assert tag in page
    assert html.escape(texts.gettext("Do you want to cancel this appointment?")) in page
    assert html.escape(texts.gettext("Phone call: the advisor calls you")) in page
    assert html.escape(format_when(slot.starts_at, lang)) in page  # Babel, in the page's language
    assert html.escape(interpreter_note(texts, lang)) in page  # the interpreter's language, named in it
    # Every other language of the registry is one link away, named in itself.
    for other in SUPPORTED:
        link = f'lang={other}" lang="{other}" hreflang="{other}" dir="{text_direction(other)}">{menu_title(other)}</a>'
        assert (link in page) == (other != lang), other
    if lang != "en":
        assert "Do you want to cancel this appointment?" not in page
    token = out["cancel_url"].split("token=")[1]
    done = api.post("/cancel", data={"token": token, "lang": lang}).text
    assert tag in done
    assert html.escape(texts.gettext("The appointment is cancelled. The time is free for others now.")) in done
    [event] = events(api.get(local(out["calendar_url"]) + f"&lang={lang}").content)
    assert str(event["SUMMARY"]) == texts.gettext(TITLE)
    assert str(event["STATUS"]) == "CANCELLED"


def test_an_unknown_cancel_link(api: TestClient) -> None:
    page = api.get("/cancel?token=not-a-real-token&lang=en")
    assert page.status_code == 404 and "This link is not valid." in page.text
    posted = api.post("/cancel", data={"token": "not-a-real-token"})
    assert posted.status_code == 404


def test_a_moved_appointments_old_link_cancels_the_new_time(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db)
    first, later = make_slot(db, advisor), make_slot(db, advisor, timedelta(days=4))
    out = book(api, first)
    moved = api.post(
        f"/v1/appointments/{out['reference']}/reschedule", json={"contact": "0401234567", "slot_id": later.id}
    ).json()
    token = out["cancel_url"].split("token=")[1]
    page = api.get(f"/cancel?token={token}&lang=en")
    assert moved["reference"] in page.text
    api.post("/cancel", data={"token": token})
    assert status_of(db, moved["reference"]) == "cancelled"
    assert status_of(db, out["reference"]) == "rescheduled"


def test_a_past_appointment_cannot_be_cancelled_from_the_link(api: TestClient, db: Session) -> None:
    slot = make_slot(db, make_advisor(db))
    out = book(api, slot)
    db.get(Slot, slot.id).starts_at -= timedelta(days=5)
    db.commit()
    token = out["cancel_url"].split("token=")[1]
    page = api.post("/cancel", data={"token": token, "lang": "en"})
    assert "can no longer be cancelled here" in page.text
    assert status_of(db, out["reference"]) == "booked"
