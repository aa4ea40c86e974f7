"""The three calls a connector makes to the API about a live handoff (HANDOFF.md): is one active
for this conversation, pass the user's message on, leave the queue. Service token, short timeouts;
when the API does not answer, the message goes to the bot (never lost, never an error)."""
from __future__ import annotations

import logging
from typing import Any

import aiohttp

from actions.settings import settings

logger = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=3)


class HandoffClient:
    def __init__(self, base_url: str | None = None, token: str | None = None) -> None:
        self.base_url = (base_url or settings.api_url).rstrip("/")
        self.headers = {"Authorization": f"Bearer {token or settings.service_token}"}

    async def _call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        async with aiohttp.ClientSession(headers=self.headers, timeout=TIMEOUT) as session, \
                session.request(method, f"{self.base_url}{path}", **kwargs) as response:
            body = await response.json(content_type=None) if response.status != 204 else None
            return response.status, body

    async def active(self, conversation_id: str) -> dict[str, Any] | None:
        """The queued or claimed handoff of the conversation; None if none (or the API is away)."""
        try:
            status, body = await self._call("GET", "/v1/handoffs/active", params={"conversation_id": conversation_id})
        except (aiohttp.ClientError, TimeoutError, ValueError):
            logger.warning("Handoff lookup failed; the message goes to the bot", exc_info=True)
            return None
        if status == 200 and isinstance(body, dict) and body.get("id") is not None:
            return body
        if status != 404:
            logger.warning("Handoff lookup answered %s; the message goes to the bot", status)
        return None

    async def forward(self, handoff_id: Any, text: str) -> bool:
        """Store the user's message in the handoff (the advisor sees it in the inbox)."""
        try:
            status, _ = await self._call("POST", f"/v1/handoffs/{handoff_id}/messages", json={"text": text})
        except (aiohttp.ClientError, TimeoutError, ValueError):
            logger.warning("Could not pass a message on to the handoff", exc_info=True)
            return False
        return status in (200, 201)

    async def leave(self, handoff_id: Any) -> bool:
        try:
            status, _ = await self._call("POST", f"/v1/handoffs/{handoff_id}/leave")
        except (aiohttp.ClientError, TimeoutError, ValueError):
            logger.warning("Could not leave the handoff queue", exc_info=True)
            return False
        return status == 200
