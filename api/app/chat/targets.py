"""Where a chat session's messages go: the bot (Rasa's REST channel), or during a live handoff
the advisor (``api.app.handoff.target.HandoffTarget``).

``ConversationTarget`` is the seam: ``ChatGateway.target_for`` picks one per message, and both
answer in Rasa's REST shape, so the widget sees the same kind of turns either way.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import httpx

from .schemas import HandoffInfo, OpasInfo, ReplyButton, ReplyMessage, Turn

log = logging.getLogger(__name__)

RestMessages = list[dict[str, Any]]


class TargetUnavailable(Exception):
    """The target did not take the message (down, timed out or answered with an error)."""


class ConversationTarget(Protocol):
    async def send(self, session_id: str, message: str, metadata: dict[str, str]) -> RestMessages:
        """Delivers one user message; returns the reply in Rasa's REST shape (CONTRACT.md §1)."""
        ...

    async def aclose(self) -> None: ...


class RasaRestTarget:
    """Rasa's REST channel: ``POST /webhooks/rest/webhook {sender, message, metadata}``."""

    def __init__(
        self, base_url: str, timeout: float, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        # Created on first use, inside the running event loop, and kept for keep-alive.
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self._base_url, timeout=self._timeout, transport=self._transport
            )
        return self._client

    async def send(self, session_id: str, message: str, metadata: dict[str, str]) -> RestMessages:
        body: dict[str, Any] = {"sender": session_id, "message": message}
        if metadata:
            body["metadata"] = metadata
        try:
            # The conversation, for a proxy that keeps each on one Rasa process (scripts/scaled).
            response = await self._http().post(
                "/webhooks/rest/webhook", json=body, headers={"X-Opas-Conversation": session_id}
            )
            response.raise_for_status()
            reply = response.json()
        except (httpx.HTTPError, ValueError) as error:
            # The kind of failure only: the message is what a user typed.
            log.warning("rasa REST channel failed: %s", type(error).__name__)
            raise TargetUnavailable(type(error).__name__) from error
        if not isinstance(reply, list):
            log.warning("rasa REST channel answered a %s, not a list", type(reply).__name__)
            raise TargetUnavailable("unexpected reply")
        return reply

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _buttons(raw: object) -> list[ReplyButton]:
    if not isinstance(raw, list):
        return []
    return [
        ReplyButton(title=item["title"], payload=item["payload"])
        for item in raw
        if isinstance(item, dict)
        and isinstance(item.get("title"), str)
        and isinstance(item.get("payload"), str)
    ]


def group_turn(raw: RestMessages) -> Turn:
    """The messages Rasa sent for one user message, as one turn: bubbles and the ``opas`` object.

    Rasa sends a response's text (split at blank lines, the buttons on the last part) and then its
    ``custom`` as a message of its own; several responses may follow each other in one turn.
    Keys other than text, buttons and ``custom.opas`` (images, attachments) are not shown.
    """
    messages: list[ReplyMessage] = []
    opas: OpasInfo | None = None
    handoff: HandoffInfo | None = None
    for item in raw:
        if not isinstance(item, dict):
            continue
        custom = item.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("opas"), dict):
            # The last one wins: it describes what the bot ended the turn with.
            opas = OpasInfo.model_validate(custom["opas"])
        # The gateway's own handoff turns carry it beside `opas`; the bot's (the user was just
        # queued) inside it, as its NLG builds every `custom.opas`.
        found = custom.get("handoff") if isinstance(custom, dict) else None
        if not isinstance(found, dict) and isinstance(custom, dict) and isinstance(custom.get("opas"), dict):
            found = custom["opas"].get("handoff")
        if isinstance(found, dict):
            handoff = HandoffInfo.model_validate(found)
        text = item.get("text") if isinstance(item.get("text"), str) else ""
        buttons = _buttons(item.get("buttons"))
        if text or buttons:
            messages.append(ReplyMessage(text=text, buttons=buttons))
    return Turn(messages=messages, opas=opas, handoff=handoff)
