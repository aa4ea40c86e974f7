"""The app as a whole: health, the service token, JSON errors for bad requests, OpenAPI."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import TOKEN

NLG_BODY = {"response": "utter_greet", "arguments": {}, "tracker": {}, "channel": {}}


#: Public by design: the web widget's chat gateway (tested in tests/api/chat/).
PUBLIC_V1 = ("/v1/chat/",)


#: A valid body of each POST route under /v1 that the service token guards.
POST_BODIES = {"/v1/nlg": NLG_BODY, "/v1/answer": {"question": "What is civic orientation?", "language": "en"}}


def v1_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every /v1 operation that needs the service token, from the OpenAPI schema."""
    paths = client.get("/openapi.json").json()["paths"]
    return [
        (method, path)
        for path, item in paths.items()
        if path.startswith("/v1") and not path.startswith(PUBLIC_V1)
        for method in item
    ]


def call(client: TestClient, route: tuple[str, str], **kwargs) -> object:
    method, path = route
    path = path.replace("{topic}", "civic_orientation")
    if method == "post":
        return client.post(path, json=POST_BODIES.get(path, NLG_BODY), **kwargs)
    if method == "delete":  # "delete my conversation" of one that never existed: nothing to do
        return client.delete(path.replace("{conversation_id}", "nobody"), **kwargs)
    return client.get(path, params={"q": "Porvoo"}, **kwargs)


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_health(small_client: TestClient) -> None:
    response = small_client.get("/health", headers={"Authorization": ""})
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_when_the_database_is_down(client_for: Callable[..., TestClient]) -> None:
    down = client_for(database_url="postgresql+psycopg://opas@127.0.0.1:9/opas?connect_timeout=2")
    response = down.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unavailable"}
    assert_error(down.get("/v1/topics"), 503, "service_unavailable")


def test_a_database_that_was_never_migrated(client_for: Callable[..., TestClient]) -> None:
    empty = client_for()
    assert_error(empty.get("/v1/answers/contact"), 503, "service_unavailable")


def test_every_v1_route_needs_the_token(small_client: TestClient) -> None:
    routes = v1_routes(small_client)
    assert len(routes) >= 7
    for route in routes:
        response = call(small_client, route, headers={"Authorization": ""})
        assert_error(response, 401, "unauthorized")
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-token", f"Basic {TOKEN}", TOKEN, "Bearer", f"Bearer {TOKEN}x"]
)
def test_wrong_tokens_are_refused(small_client: TestClient, authorization: str) -> None:
    response = small_client.get("/v1/topics", headers={"Authorization": authorization})
    assert_error(response, 401, "unauthorized")


def test_token_in_the_query_string(small_client: TestClient) -> None:
    headers = {"Authorization": ""}
    assert small_client.get(f"/v1/topics?token={TOKEN}", headers=headers).status_code == 200
    assert_error(small_client.get("/v1/topics?token=nope", headers=headers), 401, "unauthorized")


#: Routes that need real request bodies (a bookable slot, a reference): tests/api/booking/.
# Covered with real bodies by their own tests (tests/api/booking, tests/api/handoff).
NEEDS_REAL_REQUESTS = ("/v1/slots", "/v1/appointments", "/v1/handoffs")


def test_every_v1_route_works_with_the_token(small_client: TestClient) -> None:
    for route in v1_routes(small_client):
        if route[1].startswith(NEEDS_REAL_REQUESTS):
            continue
        response = call(small_client, route)
        assert response.status_code == 200, (route, response.text)


def test_unknown_path_and_method(small_client: TestClient) -> None:
    assert_error(small_client.get("/v2/nothing"), 404, "not_found")
    assert_error(small_client.delete("/v1/topics"), 405, "method_not_allowed")
    assert_error(small_client.get("/v1/nlg"), 405, "method_not_allowed")


def test_malformed_json(small_client: TestClient) -> None:
    response = small_client.post(
        "/v1/nlg",
        content=b'{"response": "utter_greet",',
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, 422, "invalid_request")


@pytest.mark.parametrize(
    "body",
    [b"", b"[]", b"null", b'"utter_greet"', b'{"response": 42}', b'{"arguments": {}}'],
    ids=["empty", "list", "null", "string", "number", "no-response"],
)
def test_request_bodies_of_the_wrong_shape(small_client: TestClient, body: bytes) -> None:
    response = small_client.post(
        "/v1/nlg", content=body, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 422, "invalid_request")
    assert "details" in response.json()["error"]


def test_a_body_that_is_not_json(small_client: TestClient) -> None:
    response = small_client.post(
        "/v1/nlg", content=b"response=utter_greet", headers={"Content-Type": "text/plain"}
    )
    assert_error(response, 422, "invalid_request")


def test_validation_errors_do_not_echo_the_input(small_client: TestClient) -> None:
    secret = "my phone is 040 123 4567"
    response = small_client.post("/v1/nlg", json={"response": {"text": secret}})
    assert_error(response, 422, "invalid_request")
    assert secret not in response.text


def test_oversized_body_by_content_length(client_for: Callable[..., TestClient]) -> None:
    small = client_for(max_body_bytes=2048)
    body = json.dumps({**NLG_BODY, "tracker": {"events": ["x" * 4096]}})
    response = small.post("/v1/nlg", content=body, headers={"Content-Type": "application/json"})
    assert_error(response, 413, "payload_too_large")


def test_oversized_streamed_body(client_for: Callable[..., TestClient]) -> None:
    small = client_for(max_body_bytes=2048)

    def chunks() -> Iterator[bytes]:
        yield b'{"response": "utter_greet", "tracker": {"events": ["'
        for _ in range(8):
            yield b"x" * 512
        yield b'"]}}'

    response = small.post("/v1/nlg", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "payload_too_large")


def test_a_body_under_the_limit_passes(client_for: Callable[..., TestClient]) -> None:
    small = client_for(max_body_bytes=2048)
    assert small.post("/v1/nlg", json=NLG_BODY).status_code == 200


def test_openapi_documents_every_route(small_client: TestClient) -> None:
    schema = small_client.get("/openapi.json").json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 8
    for operation in operations:
        assert operation.get("tags"), operation["operationId"]
        description = operation.get("description", "")
        assert description and "\n" not in description.strip(), operation["operationId"]
    answer = schema["paths"]["/v1/answers/{topic}"]["get"]
    assert {p["name"] for p in answer["parameters"]} >= {"language", "municipality", "jobseeker"}


def test_access_log_hides_tokens_and_user_text() -> None:
    import logging

    from api.app.middleware import RedactQueryFilter

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        (
            "127.0.0.1",
            "GET",
            f"/v1/municipalities/resolve?q=I+live+in+Porvoo&token={TOKEN}&language=en",
            "1.1",
            200,
        ),
        None,
    )
    RedactQueryFilter().filter(record)
    line = record.getMessage()
    assert TOKEN not in line and "Porvoo" not in line
    assert "language=en" in line


NASTY = [
    "\x00",
    "'; DROP TABLE sources; --",
    "😀" * 50,
    "\u202e\u200f",
    "%",
    "../../etc/passwd",
    " ",
]


@pytest.mark.parametrize("value", NASTY)
def test_odd_input_never_gives_a_server_error(small_client: TestClient, value: str) -> None:
    requests = [
        ("/v1/answers/civic_orientation", {"municipality": value}),
        ("/v1/answers/civic_orientation", {"language": value}),
        ("/v1/answers/civic_orientation", {"jobseeker": value}),
        ("/v1/search", {"q": value, "language": "fi"}),
        ("/v1/municipalities/resolve", {"q": value}),
        ("/v1/topics", {"language": value}),
        ("/v1/municipalities", {"covered": value}),
    ]
    for path, params in requests:
        response = small_client.get(path, params=params)
        assert response.status_code < 500, (path, params, response.text)
        assert response.status_code == 200 or "error" in response.json()
    response = small_client.get("/v1/answers/" + quote(value, safe=""))
    assert response.status_code in (404, 422)
    response = small_client.post("/v1/nlg", json={"response": value, "language": value})
    assert response.status_code in (404, 422)
