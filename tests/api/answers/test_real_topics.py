"""Answers on the real data: every topic, covered place, jobseeker status and language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.config import Settings
from api.app.content.schemas import REQUIRED_LANGUAGES, TOPIC_IDS
from api.app.content.service import compose_answer
from api.app.db import create_db_engine, create_session_factory
from api.app.routing.service import RuleTable, load_rule_table, resolve_provider

COVERED = (
    "porvoo",
    "loviisa",
    "lapinjarvi",
    "askola",
    "myrskyla",
    "pukkila",
    "siuntio",
    "kirkkonummi",
)
STATUSES = ("yes", "no", "unknown")


@pytest.fixture(scope="module")
def session(real_settings: Settings) -> Session:
    engine = create_db_engine(real_settings.database_url)
    with create_session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="module")
def rules(real_settings: Settings) -> RuleTable:
    return load_rule_table(real_settings.data_dir / "municipalities.yml")


def test_every_combination_answers_well(
    session: Session, rules: RuleTable, client: TestClient
) -> None:
    topics = {t["id"]: t for t in client.get("/v1/topics").json()}
    problems = []
    combinations = [
        (topic, municipality, jobseeker)
        for topic in TOPIC_IDS
        for municipality in COVERED
        for jobseeker in STATUSES
    ]
    # Every combination once, the languages taking turns (each has every text: the schema says so).
    for n, (topic, municipality, jobseeker) in enumerate(combinations):
        language = REQUIRED_LANGUAGES[n % len(REQUIRED_LANGUAGES)]
        answer = compose_answer(
            session,
            topic_id=topic,
            language=language,
            municipality_id=municipality,
            jobseeker=jobseeker,
            rules=rules,
        )
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
        flag = {"yes": True, "no": False}.get(jobseeker)
        expected = (
            resolve_provider(municipality, flag, rules)
            if topics[topic]["states_provider"]
            else None
        )
        if answer.provider != expected:
            problems.append((*where, f"provider {answer.provider} != {expected}"))
    assert problems == []


@pytest.mark.parametrize("municipality", COVERED)
@pytest.mark.parametrize("jobseeker", STATUSES)
def test_who_provides_is_answered_everywhere(
    client: TestClient, municipality: str, jobseeker: str
) -> None:
    body = client.get(
        "/v1/answers/service_provider",
        params={"language": "en", "municipality": municipality, "jobseeker": jobseeker},
    ).json()
    assert body["status"] == "answer", body
    assert body["provider"] and body["sources"]


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
