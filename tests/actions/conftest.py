"""Fixtures for action tests: a tracker factory and an API faked by a request handler."""
from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from rasa_sdk import Tracker

from actions import api_client


def make_tracker(text: str = "", intent: str | None = None, entities: list[dict[str, Any]] | None = None,
                 slots: dict[str, Any] | None = None, detection: dict[str, Any] | None = None,
                 metadata: dict[str, Any] | None = None, active_loop: str | None = None,
                 confidence: float = 0.9) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or [],
              "metadata": metadata or {}}
    if detection is not None:
        latest["language_detection"] = detection
    all_slots = {"language": None, "municipality": None, "uncovered_place": None, "jobseeker": None,
                 "pending_topic": None, "context_topic": None, "shown_statements": None}
    all_slots.update(slots or {})
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("test-user", all_slots, latest, [], False, None, loop, "action_listen")


def place(municipality_id: str) -> dict[str, Any]:
    return {"entity": "municipality", "value": municipality_id}


class FakeApi:
    """Records requests and answers them with a handler; `down=True` simulates a dead API."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self.handler = handler
        self.down = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return self.handler(request)


def answer_json(topic: str | None, status: str = "answer", **extra: Any) -> dict[str, Any]:
    """A `POST /v1/answer` reply (api/app/answers/schemas.py AnswerOut)."""
    body = {"status": status, "topic": topic, "first_steps": False, "language": "fi",
            "statements": ["s-1"] if status == "answer" else [],
            "text": "Vastaus." if status == "answer" else None, "text_language": "fi", "fallback_language": None,
            "outdated": False, "source_language": None, "not_stated": None, "more": False, "municipality": None,
            "place": None, "coverage": None, "provider": None,
            "sources": [{"id": "lovisa-minutes-2025", "title": "Lovisa", "url": None}] if status == "answer" else [],
            "covered": [], "subject": None, "suggestions": [], "pending": None, "valid_from": "2025-01-01",
            "revision": 1}
    body.update(extra)
    return body


@pytest.fixture
def fake_api():
    def default(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "no handler"}})

    fake = FakeApi(default)
    api_client.use_client(api_client.ApiClient(base_url="http://api.test", token="t", handler=fake))
    yield fake
    api_client.use_client(None)


def run(action, dispatcher, tracker) -> list[dict[str, Any]]:
    return asyncio.run(action.run(dispatcher, tracker, {}))


def respond(payload: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, content=json.dumps(payload).encode(), headers={"content-type": "application/json"})
