"""Odd input is a 4xx with a clear message, never a 500 or a misleading 503 (issue 13's probes)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app.db import create_db_engine, create_session_factory
from api.app.main import create_app
from api.manage import migrate
from tests.api.chat.conftest import ChatClient
from tests.api.conftest import AUTH, make_settings
from tests.api.factories import add_providers, booking_body, make_advisor, make_slot
from tests.api.staff.conftest import log_in, post_form

SQLITE_INT64_OVERFLOW = 2**63
POSTGRES_INT4_OVERFLOW = 2**31


@pytest.fixture(params=["sqlite", "postgresql"])
def any_api(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_database: Path
) -> Iterator[tuple[TestClient, int]]:
    """The API with a bookable slot, on SQLite and on PostgreSQL; yields the client and the slot's id."""
    if request.param == "sqlite":
        shutil.copyfile(migrated_database, tmp_path / "opas.db")
        settings = make_settings(tmp_path, tmp_path / "data")
    else:
        url = request.getfixturevalue("postgres_url")
        migrate(url, quiet=True)
        settings = make_settings(tmp_path, tmp_path / "data", database_url=url)
    engine = create_db_engine(settings.database_url)
    with create_session_factory(engine)() as session:
        add_providers(session)
        slot_id = make_slot(session, make_advisor(session), timedelta(days=2)).id
    engine.dispose()
    with TestClient(create_app(settings), headers=AUTH) as client:
        yield client, slot_id


def _error(response) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    return response.json()["error"]


def test_a_day_before_year_2000_is_invalid_input(any_api: tuple[TestClient, int]) -> None:
    client, _ = any_api
    error = _error(client.get("/v1/slots", params={"provider": "porvoo", "from": "0001-01-01"}))
    assert "2000-01-01" in error["message"]
    assert client.get("/v1/slots", params={"provider": "porvoo", "from": "2030-01-01"}).status_code == 200


@pytest.mark.parametrize("slot_id", [SQLITE_INT64_OVERFLOW, POSTGRES_INT4_OVERFLOW, 0, -1])
def test_an_id_beyond_the_column_is_invalid_input(any_api: tuple[TestClient, int], slot_id: int) -> None:
    client, _ = any_api
    response = client.post("/v1/appointments", json=booking_body(slot_id))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["loc"] == ["body", "slot_id"]


def test_a_consent_time_that_overflows_in_utc_is_invalid_input(any_api: tuple[TestClient, int]) -> None:
    client, slot_id = any_api
    body = booking_body(slot_id, privacy_accepted_at="0001-01-01T00:00:00+14:00")
    assert _error(client.post("/v1/appointments", json=body))["code"] == "invalid_request"


def test_a_nul_in_a_name_is_invalid_input_and_books_nothing(any_api: tuple[TestClient, int]) -> None:
    client, slot_id = any_api
    error = _error(client.post("/v1/appointments", json=booking_body(slot_id, name="Ami\u0000na")))
    assert error["code"] == "nul_character"
    assert client.post("/v1/appointments", json=booking_body(slot_id)).status_code == 201  # still free


def test_a_nul_in_a_query_is_invalid_input(any_api: tuple[TestClient, int]) -> None:
    client, _ = any_api
    assert _error(client.get("/v1/slots", params={"provider": "por\u0000voo"}))["code"] == "nul_character"


def test_a_staff_form_with_an_odd_day_is_the_error_page_with_its_headers(browser: TestClient, accounts) -> None:
    log_in(browser, "porvoo.advisor")
    form = {"advisor_id": accounts.porvoo.id, "day": "0001-01-01", "start": "10:00",
            "duration_minutes": 60, "mode": "phone"}
    response = post_form(browser, "/staff/slots", form, page="/staff/slots")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "day" in response.text


def test_an_unreadable_chat_message_is_answered_in_the_sessions_language(chat: ChatClient) -> None:
    session = chat.start("ar")
    for body in ({"text": "   "}, {"text": "مرحبا\u0000"}, {"payload": "not a payload"}):
        response = chat.say(session, **body)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["message"] == "لم يتمكن Opas من قراءة هذه الرسالة. يرجى كتابتها مرة أخرى."
    assert chat.bot.received == []
