"""Search on the real data: official terms and every topic's own title find their topic."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app.content.schemas import REQUIRED_LANGUAGES


def top(client: TestClient, q: str, language: str, limit: int = 3) -> list[str]:
    response = client.get("/v1/search", params={"q": q, "language": language, "limit": limit})
    assert response.status_code == 200, response.text
    return [r["topic"] for r in response.json()["results"]]


@pytest.mark.parametrize(
    ("q", "language", "topic"),
    [
        ("yhteiskuntaorientaatio", "fi", "civic_orientation"),
        ("Mikä on yhteiskuntaorientaatio?", "fi", "civic_orientation"),
        ("samhällsorientering", "sv", "civic_orientation"),
        ("What is civic orientation?", "en", "civic_orientation"),
        ("kotoutumissuunnitelma", "fi", "integration_plan"),
        ("alkukartoitus", "fi", "needs_assessment"),
        ("kotoutumiskoulutus", "fi", "integration_training"),
        ("integrationsutbildning", "sv", "integration_training"),
        ("Ориентация в обществе", "ru", "civic_orientation"),
        ("التوجيه المجتمعي", "ar", "civic_orientation"),
        ("Qorshaha is-dhexgalka", "so", "integration_plan"),
    ],
)
def test_terms_rank_their_topic_first(
    client: TestClient, q: str, language: str, topic: str
) -> None:
    assert top(client, q, language)[:1] == [topic]


@pytest.mark.parametrize("language", REQUIRED_LANGUAGES)
def test_every_topic_title_finds_its_topic(client: TestClient, language: str) -> None:
    topics = client.get("/v1/topics", params={"language": language}).json()
    misses = [t["id"] for t in topics if t["id"] not in top(client, t["title"], language)]
    assert misses == []
