"""POST /v1/chat/sessions/{id}/feedback: a thumbs up or down counted; the session id only authorises."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app.analytics.models import FeedbackCount
from tests.api.analytics.conftest import flush

RATING = {"rating": "up", "topic": "civic_orientation", "language": "fi", "municipality": "porvoo",
          "sources": ["act-681-2023", "lovisa-minutes-2025"]}


def start(client: TestClient) -> str:
    response = client.post("/v1/chat/sessions", json={"language": "fi"})
    assert response.status_code == 201, response.text
    return response.json()["session_id"]


def rate(client: TestClient, session_id: str, **changes: Any):
    return client.post(f"/v1/chat/sessions/{session_id}/feedback", json=RATING | changes)


def stored(client: TestClient) -> list[FeedbackCount]:
    with client.app.state.session_factory() as session:
        return list(session.scalars(select(FeedbackCount).order_by(FeedbackCount.rating)))


def test_ratings_are_counted_per_topic_language_place_and_sources(analytics_client: TestClient) -> None:
    client = analytics_client
    session_id = start(client)
    assert rate(client, session_id).status_code == 204
    assert rate(client, session_id, sources=["lovisa-minutes-2025", "act-681-2023"]).status_code == 204
    assert rate(client, start(client), rating="down").status_code == 204
    flush(client)
    rows = stored(client)
    assert [(r.rating, r.topic, r.language, r.municipality, r.sources, r.count) for r in rows] == [
        ("down", "civic_orientation", "fi", "porvoo", "act-681-2023,lovisa-minutes-2025", 1),
        ("up", "civic_orientation", "fi", "porvoo", "act-681-2023,lovisa-minutes-2025", 2),
    ]
    # The session id authorised the rating and went no further.
    with client.app.state.engine.connect() as connection:
        values = [str(v) for row in connection.execute(select(FeedbackCount.__table__)) for v in row]
    assert not any(session_id in value or session_id.split(".")[0] in value for value in values)


def test_an_unknown_or_forged_session_is_not_found(analytics_client: TestClient) -> None:
    forged = start(analytics_client)[:-3] + "abc"
    for session_id in ("nope", forged):
        response = rate(analytics_client, session_id)
        assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_chat_session"
    flush(analytics_client)
    assert stored(analytics_client) == []


@pytest.mark.parametrize("changes", [
    {"rating": "meh"},
    {"topic": "weather"},
    {"language": "de"},
    {"municipality": "Porvoo; DROP TABLE"},
    {"sources": ["<script>"]},
    {"sources": [f"source-{n}" for n in range(11)]},
    {"session": "extra fields are refused"},
])
def test_invalid_ratings_are_refused(analytics_client: TestClient, changes: dict[str, Any]) -> None:
    response = rate(analytics_client, start(analytics_client), **changes)
    assert response.status_code == 422, response.text


def test_a_session_cannot_flood_the_counts(analytics_client: TestClient) -> None:
    session_id = start(analytics_client)
    statuses = [rate(analytics_client, session_id).status_code for _ in range(12)]
    assert statuses[:10] == [204] * 10 and statuses[10:] == [429, 429]
    flush(analytics_client)
    assert [r.count for r in stored(analytics_client)] == [10]


def test_a_widget_on_another_site_may_rate(analytics_client: TestClient) -> None:
    preflight = analytics_client.options(
        f"/v1/chat/sessions/{start(analytics_client)}/feedback",
        headers={"Origin": "https://www.porvoo.fi", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"]
