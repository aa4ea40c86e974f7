"""Staff pages: each advisor sees and changes their own provider only; admins see everything."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app.booking import service
from api.app.booking.models import Advisor, Appointment, Slot
from api.app.booking.schemas import BookingIn
from api.app.content.models import utcnow
from api.app.staff.models import StaffUser
from tests.api.factories import booking_body, make_slot
from tests.api.staff.conftest import Accounts, log_in, post_form

HELSINKI = ZoneInfo("Europe/Helsinki")


def first_of(month: int) -> date:
    """The first day of ``month`` at least a year after today (Helsinki): always a day to come,
    whatever the date the tests run on. July 1st is in summer time (UTC+3), December 1st in winter
    time (UTC+2)."""
    today = datetime.now(HELSINKI).date()
    day = date(today.year + 1, month, 1)
    return day if day >= today + timedelta(days=365) else date(today.year + 2, month, 1)


SUMMER_DAY, WINTER_DAY = first_of(7), first_of(12)


def book(db: Session, advisor: Advisor, contact: str, starts_in: timedelta = timedelta(days=2)) -> Appointment:
    slot = make_slot(db, advisor, starts_in)
    out, _ = service.book(db, BookingIn(**booking_body(slot.id, contact=contact)), "https://opas.example")
    return db.scalar(select(Appointment).where(Appointment.reference == out.reference))


def in_the_past(db: Session, appointment: Appointment) -> None:
    db.get(Slot, appointment.slot_id).starts_at = utcnow() - timedelta(hours=1)
    db.commit()


def status_of(db: Session, appointment: Appointment) -> str:
    db.expire_all()
    return db.get(Appointment, appointment.id).status


@pytest.fixture
def two_appointments(db: Session, accounts: Accounts) -> tuple[Appointment, Appointment]:
    return book(db, accounts.porvoo, "porvoo.client@example.fi"), book(
        db, accounts.loviisa, "loviisa.client@example.fi"
    )


def test_an_advisor_sees_only_their_own_providers_appointments(
    browser: TestClient, two_appointments: tuple[Appointment, Appointment]
) -> None:
    porvoo, loviisa = two_appointments
    for username, own, other in [("porvoo.advisor", porvoo, loviisa), ("loviisa.advisor", loviisa, porvoo)]:
        browser.cookies.clear()
        log_in(browser, username)
        page = browser.get("/staff/").text
        assert own.reference in page and own.contact in page
        assert other.reference not in page and other.contact not in page
        # Asking for the other provider changes nothing for an advisor.
        assert other.reference not in browser.get("/staff/?provider=" + other.slot.advisor.provider_id).text


def test_an_admin_sees_every_provider_and_can_filter(
    browser: TestClient, two_appointments: tuple[Appointment, Appointment]
) -> None:
    porvoo, loviisa = two_appointments
    log_in(browser, "admin")
    page = browser.get("/staff/").text
    assert porvoo.reference in page and loviisa.reference in page
    filtered = browser.get("/staff/?provider=loviisa").text
    assert loviisa.reference in filtered and porvoo.reference not in filtered


def test_times_are_shown_in_helsinki_time(browser: TestClient, db: Session, accounts: Accounts) -> None:
    appointment = book(db, accounts.porvoo, "client@example.fi")
    log_in(browser, "porvoo.advisor")
    local = appointment.slot.starts_at.replace(tzinfo=UTC).astimezone(HELSINKI)
    assert local.strftime("%-d.%-m.%Y %H:%M") in browser.get("/staff/").text


def test_marking_done_and_no_show(browser: TestClient, db: Session, accounts: Accounts) -> None:
    done, missed, upcoming = (book(db, accounts.porvoo, f"c{n}@example.fi", timedelta(days=n + 1)) for n in range(3))
    in_the_past(db, done)
    in_the_past(db, missed)
    log_in(browser, "porvoo.advisor")
    page = browser.get("/staff/").text
    assert f"/staff/appointments/{done.id}/outcome" in page
    assert f"/staff/appointments/{upcoming.id}/outcome" not in page  # not begun: nothing to mark
    assert post_form(browser, f"/staff/appointments/{done.id}/outcome", {"status": "done"}).status_code == 303
    assert post_form(browser, f"/staff/appointments/{missed.id}/outcome", {"status": "no_show"}).status_code == 303
    assert (status_of(db, done), status_of(db, missed)) == ("done", "no_show")
    response = post_form(browser, f"/staff/appointments/{upcoming.id}/outcome", {"status": "done"})
    assert response.status_code == 409 and response.headers["content-type"].startswith("text/html")
    assert status_of(db, upcoming) == "booked"
    bad = post_form(browser, f"/staff/appointments/{done.id}/outcome", {"status": "cancelled"})
    assert bad.status_code == 422


def test_cancelling_a_coming_appointment_frees_its_time(browser: TestClient, db: Session, accounts: Accounts) -> None:
    coming = book(db, accounts.porvoo, "a@example.fi")
    begun = book(db, accounts.porvoo, "b@example.fi", timedelta(days=3))
    in_the_past(db, begun)
    log_in(browser, "porvoo.advisor")
    page = browser.get("/staff/").text
    assert f"/staff/appointments/{coming.id}/cancel" in page and f"/staff/appointments/{begun.id}/cancel" not in page
    assert post_form(browser, f"/staff/appointments/{coming.id}/cancel", {}).status_code == 303
    assert post_form(browser, f"/staff/appointments/{begun.id}/cancel", {}).status_code == 409
    assert (status_of(db, coming), status_of(db, begun)) == ("cancelled", "booked")
    # Now the time can be removed.
    assert post_form(browser, f"/staff/slots/{coming.slot_id}/withdraw", {}, "/staff/slots").status_code == 303


def test_an_advisor_cannot_mark_another_providers_appointment(
    browser: TestClient, db: Session, two_appointments: tuple[Appointment, Appointment]
) -> None:
    _porvoo, loviisa = two_appointments
    in_the_past(db, loviisa)
    log_in(browser, "porvoo.advisor")
    response = post_form(browser, f"/staff/appointments/{loviisa.id}/outcome", {"status": "no_show"})
    assert response.status_code == 404
    assert post_form(browser, f"/staff/appointments/{loviisa.id}/cancel", {}).status_code == 404
    assert status_of(db, loviisa) == "booked"


def test_adding_a_slot_in_helsinki_time(browser: TestClient, db: Session, accounts: Accounts) -> None:
    log_in(browser, "porvoo.advisor")
    form = {"advisor_id": accounts.porvoo.id, "day": SUMMER_DAY.isoformat(), "start": "09:30", "duration_minutes": 30}
    assert post_form(browser, "/staff/slots", form | {"mode": "phone"}, "/staff/slots").status_code == 303
    slot = db.scalar(select(Slot))
    assert slot.starts_at == datetime(SUMMER_DAY.year, 7, 1, 6, 30)  # summer time: UTC+3
    assert slot.mode == "phone" and slot.place is None and slot.duration_minutes == 30
    assert f"1.7.{SUMMER_DAY.year} 09:30" in browser.get("/staff/slots").text
    winter = form | {"day": WINTER_DAY.isoformat(), "mode": "in_person", "place": "Office of the City of Porvoo"}
    assert post_form(browser, "/staff/slots", winter, "/staff/slots").status_code == 303
    stored = db.scalar(select(Slot.starts_at).where(Slot.mode == "in_person"))
    assert stored == datetime(WINTER_DAY.year, 12, 1, 7, 30)  # winter time: UTC+2


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"mode": "in_person"}, 422),  # no place
        ({"day": "2020-01-01"}, 422),  # the past
        ({"mode": "fax"}, 422),
        ({"duration_minutes": 2}, 422),
        ({"start": "09:45"}, 409),  # overlaps the 09:30 slot
    ],
)
def test_slots_that_cannot_be_added(browser: TestClient, db: Session, accounts: Accounts, change, status) -> None:
    log_in(browser, "porvoo.advisor")
    form = {"advisor_id": accounts.porvoo.id, "day": SUMMER_DAY.isoformat(), "start": "09:30", "duration_minutes": 30}
    assert post_form(browser, "/staff/slots", form | {"mode": "phone"}, "/staff/slots").status_code == 303
    response = post_form(browser, "/staff/slots", form | {"mode": "phone"} | change, "/staff/slots")
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    assert len(db.scalars(select(Slot)).all()) == 1


def test_an_advisor_cannot_add_or_remove_another_providers_slots(
    browser: TestClient, db: Session, accounts: Accounts
) -> None:
    theirs = make_slot(db, accounts.loviisa)
    log_in(browser, "porvoo.advisor")
    assert f"/staff/slots/{theirs.id}/withdraw" not in browser.get("/staff/slots").text
    form = {"advisor_id": accounts.loviisa.id, "day": SUMMER_DAY.isoformat(), "start": "09:30", "duration_minutes": 30}
    assert post_form(browser, "/staff/slots", form | {"mode": "phone"}, "/staff/slots").status_code == 404
    assert post_form(browser, f"/staff/slots/{theirs.id}/withdraw", {}, "/staff/slots").status_code == 404
    db.expire_all()
    assert db.get(Slot, theirs.id).withdrawn_at is None and len(db.scalars(select(Slot)).all()) == 1


def test_removing_a_free_slot_but_not_a_booked_one(
    browser: TestClient, api: TestClient, db: Session, accounts: Accounts
) -> None:
    free = make_slot(db, accounts.porvoo)
    booked = book(db, accounts.porvoo, "client@example.fi", timedelta(days=3)).slot
    log_in(browser, "porvoo.advisor")
    page = browser.get("/staff/slots").text
    assert f"/staff/slots/{free.id}/withdraw" in page and f"/staff/slots/{booked.id}/withdraw" not in page
    assert post_form(browser, f"/staff/slots/{free.id}/withdraw", {}, "/staff/slots").status_code == 303
    response = post_form(browser, f"/staff/slots/{booked.id}/withdraw", {}, "/staff/slots")
    assert response.status_code == 409
    db.expire_all()
    assert db.get(Slot, free.id).withdrawn_at is not None and db.get(Slot, booked.id).withdrawn_at is None
    offered = [s["id"] for s in api.get("/v1/slots", params={"provider": "porvoo"}).json()["slots"]]
    assert free.id not in offered


def test_only_an_admin_manages_accounts(browser: TestClient, accounts: Accounts) -> None:
    log_in(browser, "porvoo.advisor")
    assert "/staff/accounts" not in browser.get("/staff/").text
    assert browser.get("/staff/accounts").status_code == 403
    form = {"name": "New Advisor", "provider": "porvoo", "languages": "fi", "modes": ["phone"]}
    assert post_form(browser, "/staff/advisors", form).status_code == 403


def test_an_admin_creates_an_advisor_and_their_account(
    browser: TestClient, db: Session, accounts: Accounts, booking_settings
) -> None:
    log_in(browser, "admin")
    form = {"name": "New Advisor", "provider": "kirkkonummi", "languages": "fi, sv, SO", "modes": ["phone", "video"]}
    assert post_form(browser, "/staff/advisors", form, "/staff/accounts").status_code == 303
    advisor = db.scalar(select(Advisor).where(Advisor.name == "New Advisor"))
    assert advisor.languages == ["fi", "sv", "so"] and advisor.modes == ["phone", "video"]
    short = {"advisor_id": advisor.id, "username": "new.advisor", "password": "short"}
    assert post_form(browser, "/staff/accounts", short, "/staff/accounts").status_code == 422
    account = short | {"password": "a new long password"}
    assert post_form(browser, "/staff/accounts", account, "/staff/accounts").status_code == 303
    taken = account | {"advisor_id": accounts.porvoo.id}
    assert post_form(browser, "/staff/accounts", taken, "/staff/accounts").status_code == 422
    assert db.scalar(select(StaffUser).where(StaffUser.username == "new.advisor")).advisor_id == advisor.id
    # The new account sees its own provider.
    with TestClient(browser.app, follow_redirects=False) as newcomer:
        assert log_in(newcomer, "new.advisor", "a new long password").status_code == 303
        assert "Ajanvaraukset: kirkkonummi" in newcomer.get("/staff/").text
