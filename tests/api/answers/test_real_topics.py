"""Whole topics on the real data: every topic, covered place, jobseeker status and language, and
who serves whom (CONTRACT.md §4, tests/contract.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.answers.index import ContentIndex, build_index
from api.app.answers.service import topic_answer
from api.app.config import Settings
from api.app.content.schemas import REQUIRED_LANGUAGES, TOPIC_IDS
from api.app.db import create_db_engine, create_session_factory
from tests.contract import COVERAGE, COVERED, PROVIDERS, provider_for

STATUSES = ("yes", "no", "unknown")


@pytest.fixture(scope="module")
def index(real_settings: Settings, client: TestClient) -> ContentIndex:
    engine = create_db_engine(real_settings.database_url)
    with create_session_factory(engine)() as session:
        assert isinstance(session, Session)
        built = build_index(session)
    engine.dispose()
    return built


def test_the_places_and_their_providers_are_those_of_the_contract(index: ContentIndex) -> None:
    assert set(index.covered_ids()) == COVERED
    for municipality, (coverage, _, _) in PROVIDERS.items():
        place = index.places[municipality]
        assert place.coverage == coverage
        for jobseeker in STATUSES:
            assert place.provider(jobseeker) == provider_for(municipality, jobseeker), (municipality, jobseeker)
    assert index.places["helsinki"].provider("no") is None
    assert {m for m, p in index.places.items() if p.covered} == set(COVERAGE)


def test_every_combination_answers_well(index: ContentIndex) -> None:
    problems = []
    combinations = [
        (topic, municipality, jobseeker)
        for topic in TOPIC_IDS
        for municipality in sorted(COVERED)
        for jobseeker in STATUSES
    ]
    # Every combination once, the languages taking turns (each has every text: the schema says so).
    for n, (topic, municipality, jobseeker) in enumerate(combinations):
        language = REQUIRED_LANGUAGES[n % len(REQUIRED_LANGUAGES)]
        answer = topic_answer(index, topic, language, municipality, jobseeker)
        where = (topic, municipality, jobseeker, language)
        if answer.status == "no_answer":
            continue  # e.g. Kirkkonummi: the sources do not say; the bot says so
        if answer.status != "answer":
            problems.append((*where, answer.status))
            continue
        if not (answer.text and answer.sources and answer.valid_from):
            problems.append((*where, "text, sources or date missing"))
        if answer.text_language != language or answer.fallback_language:
            problems.append((*where, f"shown in {answer.text_language}"))
        expected = provider_for(municipality, jobseeker) if index.topics[topic].states_provider else None
        if answer.provider != expected:
            problems.append((*where, f"provider {answer.provider} != {expected}"))
    assert problems == []


@pytest.mark.parametrize("municipality", sorted(COVERED))
@pytest.mark.parametrize("jobseeker", STATUSES)
def test_who_provides_is_answered_everywhere(client: TestClient, municipality: str, jobseeker: str) -> None:
    body = client.get(
        "/v1/answers/service_provider",
        params={"language": "en", "municipality": municipality, "jobseeker": jobseeker},
    ).json()
    assert body["status"] == "answer", body
    assert body["provider"] == provider_for(municipality, jobseeker) and body["sources"]


@pytest.mark.parametrize("topic", TOPIC_IDS)
def test_without_a_municipality(client: TestClient, topic: str) -> None:
    body = client.get(f"/v1/answers/{topic}", params={"language": "fi"}).json()
    needs = client.get("/v1/topics").json()
    needs_place = next(t["needs_municipality"] for t in needs if t["id"] == topic)
    if needs_place:
        assert body["status"] == "needs_municipality"
    else:
        assert body["status"] in {"answer", "needs_municipality"}, body
    assert body["provider"] is None


@pytest.mark.parametrize("topic", TOPIC_IDS)
def test_uncovered_place_is_out_of_coverage(client: TestClient, topic: str) -> None:
    body = client.get(f"/v1/answers/{topic}", params={"language": "so", "municipality": "helsinki"})
    assert body.json()["status"] == "out_of_coverage"
