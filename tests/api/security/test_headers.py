"""Security headers on every response, CORS from the configured origins, no schema in production."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

PRODUCTION = {
    "env": "production",
    "service_token": "a-production-service-token-0123456789",
    "secret_key": "a-production-secret-key-0123456789abc",
}
PORVOO = "https://www.porvoo.fi"


@pytest.mark.parametrize(
    "path",
    ["/health", "/v1/topics", "/widget/opas.js", "/widget/strings", "/staff/no-such-page", "/no-such-path", "/"],
)
def test_every_response_has_the_headers(client_for: Callable[..., TestClient], path: str) -> None:
    response = client_for().get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors" in response.headers["content-security-policy"]
    assert "strict-transport-security" not in response.headers  # not outside production


def test_unknown_staff_paths_are_not_cached_nor_framed(client_for: Callable[..., TestClient]) -> None:
    response = client_for().get("/staff/no-such-page")
    assert response.status_code == 404
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_the_widget_may_be_framed_by_the_embedding_sites_only(client_for: Callable[..., TestClient]) -> None:
    client = client_for(chat_allowed_origins=[PORVOO, "https://www.loviisa.fi"])
    policy = client.get("/widget/opas.js").headers["content-security-policy"]
    assert f"frame-ancestors {PORVOO} https://www.loviisa.fi;" in policy
    assert "frame-ancestors 'none'" in client.get("/v1/topics").headers["content-security-policy"]


def test_production_sends_hsts_and_hides_the_schema(client_for: Callable[..., TestClient]) -> None:
    client = client_for(**PRODUCTION)
    response = client.get("/health")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    assert client.get("/openapi.json").status_code == 404
    assert client.get("/docs").status_code == 404
    asked = client_for(**PRODUCTION, api_docs=True)
    assert asked.get("/openapi.json").status_code == 200


def test_cors_answers_the_configured_origins_only(client_for: Callable[..., TestClient]) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    configured = client_for(**PRODUCTION, chat_allowed_origins=[PORVOO])
    allowed = configured.options("/v1/chat/sessions", headers={"Origin": PORVOO, **preflight})
    assert allowed.headers["access-control-allow-origin"] == PORVOO
    assert "access-control-allow-credentials" not in allowed.headers
    other = configured.options("/v1/chat/sessions", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    # Production without a configured site: no cross-origin chat at all.
    unset = client_for(**PRODUCTION).post("/v1/chat/sessions", json={}, headers={"Origin": PORVOO})
    assert "access-control-allow-origin" not in unset.headers
    # The service-token API never answers CORS, whatever the configuration.
    token_api = configured.get("/v1/topics", headers={"Origin": PORVOO})
    assert "access-control-allow-origin" not in token_api.headers


def test_rasa_answers_cors_for_the_api_only(repo_root) -> None:
    for script in ("scripts/run.sh", "scripts/run-scaled.sh"):
        text = (repo_root / script).read_text()
        assert "--cors '*'" not in text and "--cors $OPAS_API_URL" in text.replace("'", ""), script
