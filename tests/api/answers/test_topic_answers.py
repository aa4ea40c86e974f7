"""GET /v1/answers/{topic} (a whole topic for a user) on the small data set: statements, provider,
fallbacks, errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from api.app.answers.index import build_index
from api.app.answers.service import topic_answer
from api.app.content import models
from api.app.content.service import bump_revision, edit_statement_text
from api.app.db import create_db_engine, create_session_factory

PORVOO = "[{lang}] Porvoo provides its own services."
ASKOLA = "[{lang}] Askola buys the services from Porvoo."
JOBSEEKERS = "[{lang}] Jobseekers are served by the employment area."


def answer(client: TestClient, topic: str, **params: str) -> dict[str, Any]:
    response = client.get(f"/v1/answers/{topic}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def with_session(client: TestClient):
    return client.app.state.session_factory()


@pytest.mark.parametrize("jobseeker", ["no", "unknown"])
def test_askola_non_jobseeker(small_client: TestClient, jobseeker: str) -> None:
    body = answer(
        small_client, "service_provider", language="so", municipality="askola", jobseeker=jobseeker
    )
    assert body | {"revision": 0} == {
        "status": "answer",
        "topic": "service_provider",
        "first_steps": False,
        "language": "so",
        "statements": ["service-provider-askola"],
        "text": ASKOLA.format(lang="so"),
        "text_language": "so",
        "fallback_language": None,
        "outdated": False,
        "source_language": None,
        "not_stated": None,
        "more": False,
        "municipality": "askola",
        "place": "askola",
        "coverage": "full",
        "provider": "porvoo",
        "covered": [],
        "subject": None,
        "suggestions": [],
        "pending": None,
        "sources": [
            {
                "id": "lovisa-minutes-2025",
                "title": "Integrationsprogrammet för Borgå sysselsättningsområde 2025-2026",
                "url": None,
            },
            {
                "id": "act-681-2023",
                "title": "Act on the Promotion of Integration 681/2023",
                "url": "https://www.finlex.fi/fi/laki/alkup/2023/20230681",
            },
        ],
        "valid_from": "2025-03-12",
        "revision": 0,
        "updating": False,
    }


def test_askola_jobseeker(small_client: TestClient) -> None:
    body = answer(
        small_client, "service_provider", language="en", municipality="askola", jobseeker="yes"
    )
    assert body["text"] == JOBSEEKERS.format(lang="en")
    assert body["provider"] == "porvoo_employment_area"
    assert [s["id"] for s in body["sources"]] == ["act-681-2023", "lovisa-minutes-2025"]


def test_statements_are_joined_in_order_and_sources_deduplicated(
    small_client: TestClient,
) -> None:
    body = answer(
        small_client, "service_provider", language="fi", municipality="porvoo", jobseeker="yes"
    )
    assert body["text"] == PORVOO.format(lang="fi") + "\n\n" + JOBSEEKERS.format(lang="fi")
    assert [s["id"] for s in body["sources"]] == ["lovisa-minutes-2025", "act-681-2023"]
    assert body["valid_from"] == "2025-01-01"


def test_needs_municipality(small_client: TestClient) -> None:
    body = answer(small_client, "service_provider", language="ar")
    assert body["status"] == "needs_municipality"
    assert body["text"] is None and body["sources"] == [] and body["provider"] is None


def test_uncovered_municipality(small_client: TestClient) -> None:
    for topic in ("service_provider", "civic_orientation"):
        body = answer(small_client, topic, language="sv", municipality="helsinki")
        assert body["status"] == "out_of_coverage"
        assert (body["municipality"], body["place"], body["coverage"], body["provider"]) == (
            None,
            "helsinki",
            "none",
            None,
        )
        assert body["text"] is None and body["sources"] == []
        assert body["covered"] == ["porvoo", "askola"]


def test_topic_without_provider_or_place(small_client: TestClient) -> None:
    body = answer(small_client, "civic_orientation", language="uk", municipality="porvoo")
    assert body["status"] == "answer"
    assert body["provider"] is None  # the topic does not state a provider
    assert body["text"] == "[uk] Civic orientation tells about Finnish society.\n\n[uk] The course is about 70 hours."
    assert body["coverage"] == "full"


def test_topic_without_content(small_client: TestClient) -> None:
    body = answer(small_client, "contact", language="fi", municipality="porvoo")
    assert body["status"] == "no_answer"
    assert body["text"] is None and body["sources"] == []


def test_missing_translation_falls_back_to_english_then_finnish(
    small_client: TestClient,
) -> None:
    with with_session(small_client) as session:
        session.execute(
            update(models.StatementTranslation)
            .where(models.StatementTranslation.statement_id == "civic-orientation-what")
            .where(models.StatementTranslation.language == "so")
            .values(status="missing", text=None)
        )
        session.commit()
    body = answer(small_client, "civic_orientation", language="so")
    assert (body["language"], body["text_language"], body["fallback_language"]) == (
        "so",
        "en",
        "en",
    )
    assert body["text"].startswith("[en] ")

    with with_session(small_client) as session:
        session.execute(
            update(models.StatementTranslation)
            .where(models.StatementTranslation.language == "en")
            .values(status="missing", text=None)
        )
        bump_revision(session)  # as every change of content does: answers come from the new one
        session.commit()
    body = answer(small_client, "civic_orientation", language="so")
    assert (body["text_language"], body["fallback_language"]) == ("fi", "fi")
    assert body["text"].startswith("[fi] ")


def test_outdated_translation_is_shown_and_flagged(small_client: TestClient) -> None:
    with with_session(small_client) as session:
        edit_statement_text(session, "civic-orientation-what", "fi", "Uusi teksti.")
    body = answer(small_client, "civic_orientation", language="fa")
    assert body["text"].startswith("[fa] Civic orientation tells about Finnish society.")
    assert (body["outdated"], body["source_language"]) == (True, "fi")
    assert answer(small_client, "civic_orientation", language="fi")["outdated"] is False


def test_when_municipality_known_asks_for_the_place(small_client: TestClient) -> None:
    with with_session(small_client) as session:
        session.execute(
            update(models.Statement)
            .where(models.Statement.id == "civic-orientation-what")
            .values(when_municipality_known=True)
        )
        session.execute(
            update(models.Statement)
            .where(models.Statement.id == "civic-orientation-length")
            .values(when_municipality_known=True)
        )
        session.commit()
        result = topic_answer(build_index(session), "civic_orientation", "en", None, "unknown")
    assert result.status == "needs_municipality"


def test_language_tags_are_reduced_to_the_language(small_client: TestClient) -> None:
    body = answer(small_client, "civic_orientation", language="SV-fi")
    assert (body["language"], body["text_language"]) == ("sv", "sv")


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/v1/answers/residence_permit", {}, 404, "unknown_topic"),
        ("/v1/answers/service_provider", {"municipality": "atlantis"}, 404, "unknown_municipality"),
        ("/v1/answers/civic_orientation", {"language": "de"}, 422, "unsupported_language"),
        ("/v1/answers/civic_orientation", {"language": ""}, 422, "unsupported_language"),
        ("/v1/answers/civic_orientation", {"jobseeker": "maybe"}, 422, "invalid_request"),
        ("/v1/answers/civic_orientation", {"municipality": "x" * 61}, 422, "invalid_request"),
        ("/v1/answers/" + "t" * 61, {}, 422, "invalid_request"),
    ],
)
def test_bad_input(
    small_client: TestClient, path: str, params: dict[str, str], status: int, code: str
) -> None:
    response = small_client.get(path, params=params)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_topic_answer_directly(small_client: TestClient) -> None:
    """The service function the router uses, without HTTP."""
    settings = small_client.app.state.settings
    engine = create_db_engine(settings.database_url)
    with create_session_factory(engine)() as session:
        assert isinstance(session, Session)
        result = topic_answer(build_index(session), "service_provider", "ru", "porvoo", "no")
    engine.dispose()
    assert (result.status, result.provider, result.text) == (
        "answer",
        "porvoo",
        PORVOO.format(lang="ru"),
    )
