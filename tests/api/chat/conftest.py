"""Chat gateway fixtures: the real app with the bot replaced by a fake ``ConversationTarget``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app.chat.service import ChatGateway
from api.app.chat.targets import TargetUnavailable
from api.app.main import create_app
from tests.api.conftest import make_settings


def rasa_reply(text: str = "Hello!", **opas: Any) -> list[dict[str, Any]]:
    """A turn as Rasa's REST channel sends it: the text, then ``custom.opas`` on its own."""
    fields = {"kind": "smalltalk", "topic": None, "language": "en", "municipality": None,
              "provider": None, "sources": [], "fallback_language": None} | opas
    return [{"recipient_id": "x", "text": text}, {"recipient_id": "x", "custom": {"opas": fields}}]


@dataclass
class FakeBot:
    """Records what the gateway forwards and answers with ``reply`` (or fails when ``down``)."""

    reply: list[dict[str, Any]] = field(default_factory=rasa_reply)
    down: bool = False
    received: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    closed: bool = False

    async def send(self, session_id: str, message: str, metadata: dict[str, str]) -> list[dict]:
        if self.down:
            raise TargetUnavailable("ConnectError")
        self.received.append((session_id, message, metadata))
        return self.reply

    async def aclose(self) -> None:
        self.closed = True


@dataclass
class ChatClient:
    http: TestClient
    bot: FakeBot

    def start(self, language: str | None = None, **headers: str) -> str:
        body = {"language": language} if language else {}
        response = self.http.post("/v1/chat/sessions", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return response.json()["session_id"]

    def say(self, session_id: str, headers: dict[str, str] | None = None, **body: Any):
        return self.http.post(
            f"/v1/chat/sessions/{session_id}/messages", json=body, headers=headers or {}
        )


@pytest.fixture
def chat_for(tmp_path: Path) -> Iterator[Callable[..., ChatClient]]:
    """Builds a chat client with settings overrides; no service token is sent."""
    clients: list[TestClient] = []

    def build(**overrides: object) -> ChatClient:
        settings = make_settings(tmp_path, tmp_path / "data", **overrides)
        app = create_app(settings)
        bot = FakeBot()
        app.state.chat = ChatGateway(settings, bot=bot)
        http = TestClient(app).__enter__()
        clients.append(http)
        return ChatClient(http, bot)

    yield build
    for http in clients:
        http.__exit__(None, None, None)


@pytest.fixture
def chat(chat_for: Callable[..., ChatClient]) -> ChatClient:
    return chat_for()
