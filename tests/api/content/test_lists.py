"""GET /v1/topics and GET /v1/sources."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.dataset import TOPICS


def test_topics_in_order_with_titles_in_the_language(small_client: TestClient) -> None:
    response = small_client.get("/v1/topics", params={"language": "ar"})
    assert response.status_code == 200
    topics = response.json()
    assert [t["id"] for t in topics] == list(TOPICS)
    assert topics[1] == {
        "id": "service_provider",
        "title": "[ar] service provider",
        "needs_municipality": True,
        "states_provider": True,
    }


def test_topics_default_to_finnish(small_client: TestClient) -> None:
    assert small_client.get("/v1/topics").json()[0]["title"] == "[fi] integration programme"


def test_topics_in_an_unsupported_language(small_client: TestClient) -> None:
    response = small_client.get("/v1/topics", params={"language": "xx"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unsupported_language"


def test_sources(small_client: TestClient) -> None:
    response = small_client.get("/v1/sources")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": "act-681-2023",
            "title": "Act on the Promotion of Integration 681/2023",
            "url": "https://www.finlex.fi/fi/laki/alkup/2023/20230681",
            "publisher": "Finlex",
            "date": "2023-04-01",
            "language": "fi",
        },
        {
            "id": "lovisa-minutes-2025",
            "title": "Integrationsprogrammet för Borgå sysselsättningsområde 2025-2026",
            "url": None,
            "publisher": "Lovisa stad",
            "date": "2025-05-21",
            "language": "sv",
        },
    ]
