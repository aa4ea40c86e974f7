"""GET /v1/slots: the free times the bot offers, for a provider, language and mode."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.content.models import Municipality, utcnow
from tests.api.factories import booking_body, make_advisor, make_slot


def slot_ids(api: TestClient, **params: object) -> list[int]:
    response = api.get("/v1/slots", params={"provider": "porvoo", **params})
    assert response.status_code == 200, response.text
    return [slot["id"] for slot in response.json()["slots"]]


def test_free_slots_earliest_first_with_their_details(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db, languages=("fi", "so"), name="Test Advisor Somali")
    later = make_slot(db, advisor, timedelta(days=3), mode="phone", minutes=30)
    sooner = make_slot(db, advisor, timedelta(days=1), place="Office of the City of Porvoo")
    body = api.get("/v1/slots", params={"provider": "porvoo", "language": "so"}).json()
    assert [s["id"] for s in body["slots"]] == [sooner.id, later.id]
    first = body["slots"][0]
    assert first["mode"] == "in_person" and first["place"] == "Office of the City of Porvoo"
    assert first["provider"] == "porvoo" and first["advisor_name"] == "Test Advisor Somali"
    assert first["advisor_languages"] == ["fi", "so"] and first["interpreter_needed"] is False
    starts = datetime.fromisoformat(first["starts_at"])
    assert starts.utcoffset() == timedelta(0)
    assert starts.replace(tzinfo=None) == sooner.starts_at
    local = datetime.fromisoformat(first["starts_at_local"])
    assert local == starts and local.utcoffset() in (timedelta(hours=2), timedelta(hours=3))
    assert datetime.fromisoformat(first["ends_at"]) - starts == timedelta(minutes=45)
    assert body["slots"][1]["place"] is None


def test_booked_past_withdrawn_and_other_providers_slots_are_not_free(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db)
    free = make_slot(db, advisor, timedelta(days=1))
    booked = make_slot(db, advisor, timedelta(days=2))
    make_slot(db, advisor, timedelta(hours=-1))
    make_slot(db, advisor, timedelta(days=3), withdrawn_at=utcnow())
    make_slot(db, make_advisor(db, provider="loviisa"), timedelta(days=1))
    make_slot(db, make_advisor(db, active=False), timedelta(days=1))
    assert api.post("/v1/appointments", json=booking_body(booked.id)).status_code == 201
    assert slot_ids(api) == [free.id]


def test_language_interpreter_and_mode_filters(api: TestClient, db: Session) -> None:
    speaks = make_advisor(db, languages=("fi", "ar"))
    other = make_advisor(db, languages=("fi", "sv"))
    own_language = make_slot(db, speaks, timedelta(days=2), mode="phone")
    interpreted = make_slot(db, other, timedelta(days=1))
    assert slot_ids(api, language="ar") == [interpreted.id, own_language.id]
    assert slot_ids(api, language="ar", with_interpreter="false") == [own_language.id]
    assert slot_ids(api, language="ar", mode="in_person") == [interpreted.id]
    slots = api.get("/v1/slots", params={"provider": "porvoo", "language": "ar"}).json()["slots"]
    assert [s["interpreter_needed"] for s in slots] == [True, False]
    # Without a language nobody needs an interpreter.
    slots = api.get("/v1/slots", params={"provider": "porvoo"}).json()["slots"]
    assert [s["interpreter_needed"] for s in slots] == [False, False]


def test_from_date_and_limit(api: TestClient, db: Session) -> None:
    advisor = make_advisor(db)
    slots = [make_slot(db, advisor, timedelta(days=days)) for days in (1, 4, 5, 6)]
    from_date = (utcnow() + timedelta(days=3)).date().isoformat()
    assert slot_ids(api, **{"from": from_date}) == [s.id for s in slots[1:]]
    assert slot_ids(api, limit=2) == [s.id for s in slots[:2]]
    # A day in the past means from now on.
    assert slot_ids(api, **{"from": "2020-01-01"}, limit=50) == [s.id for s in slots]


def test_bad_queries(api: TestClient) -> None:
    unknown = api.get("/v1/slots", params={"provider": "espoo"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_provider"
    language = api.get("/v1/slots", params={"provider": "porvoo", "language": "xx"})
    assert language.status_code == 422
    assert language.json()["error"]["code"] == "unsupported_language"
    for params in ({}, {"provider": "porvoo", "mode": "fax"}, {"provider": "porvoo", "limit": 0}):
        response = api.get("/v1/slots", params=params)
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


def test_needs_the_service_token(api: TestClient) -> None:
    response = api.get("/v1/slots", params={"provider": "porvoo"}, headers={"Authorization": ""})
    assert response.status_code == 401


# --- by municipality: the API decides who serves the user (CONTRACT.md §4) ------------------------


def add_municipality(db: Session, municipality: str, coverage: str = "full", integration: str | None = "porvoo",
                     jobseeker: str | None = "porvoo_employment_area") -> None:
    db.add(Municipality(id=municipality, position=1, coverage=coverage, integration_provider_id=integration,
                        jobseeker_provider_id=jobseeker, source_ids=[]))
    db.commit()


def test_a_municipality_gets_the_times_of_the_provider_that_serves_it(api: TestClient, db: Session) -> None:
    add_municipality(db, "askola")  # Askola buys its services from Porvoo
    porvoo = make_slot(db, make_advisor(db, provider="porvoo"), timedelta(days=1))
    employment = make_slot(db, make_advisor(db, provider="porvoo_employment_area"), timedelta(days=2))
    body = api.get("/v1/slots", params={"municipality": "askola"}).json()
    assert (body["provider"], body["municipality"], body["coverage"]) == ("porvoo", "askola", "full")
    assert [s["id"] for s in body["slots"]] == [porvoo.id]
    body = api.get("/v1/slots", params={"municipality": "askola", "jobseeker": "yes"}).json()
    assert body["provider"] == "porvoo_employment_area" and [s["id"] for s in body["slots"]] == [employment.id]
    # Asked by provider, the answer says whose times they are and nothing of a place.
    body = api.get("/v1/slots", params={"provider": "porvoo"}).json()
    assert (body["provider"], body["municipality"], body["coverage"]) == ("porvoo", None, None)


def test_a_place_opas_does_not_cover_is_the_apis_answer(api: TestClient, db: Session) -> None:
    add_municipality(db, "espoo", coverage="none", integration=None, jobseeker=None)
    make_slot(db, make_advisor(db), timedelta(days=1))
    body = api.get("/v1/slots", params={"municipality": "espoo", "language": "en"}).json()
    assert body == {"slots": [], "provider": None, "municipality": "espoo", "coverage": "none"}


def test_municipality_queries_that_are_refused(api: TestClient, db: Session) -> None:
    unknown = api.get("/v1/slots", params={"municipality": "atlantis"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_municipality"
    both = api.get("/v1/slots", params={"municipality": "askola", "provider": "porvoo"})
    assert both.status_code == 422 and both.json()["error"]["code"] == "invalid_request"
    status = api.get("/v1/slots", params={"municipality": "askola", "jobseeker": "maybe"})
    assert status.status_code == 422
