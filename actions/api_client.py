"""The one client the actions use to talk to the API: keep-alive, timeouts, one error type.

aiohttp, the HTTP client Rasa itself runs on: on a turn's one API call it costs a fraction of what
httpx's async client did (measured with py-spy under load: 13% of a Rasa worker's time went to
httpx). Tests pass a `handler` (an httpx.Request → httpx.Response function) instead of a network.
"""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import aiohttp
import httpx

from .settings import settings

logger = logging.getLogger(__name__)

#: What tests put in place of the network: an httpx.Request in, an httpx.Response out.
Handler = Callable[[httpx.Request], httpx.Response]


class ApiError(Exception):
    """The API could not give an answer (down, timed out, or refused the request)."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class _NoAnswer(Exception):
    """The request got no answer at all (refused, reset, timed out): safe to repeat if idempotent."""


class ApiClient:
    """Async client of the Opas API for the custom actions."""

    def __init__(self, base_url: str = settings.api_url, token: str = settings.service_token,
                 timeout: float = settings.api_timeout, handler: Handler | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = timeout
        self._handler = handler
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        # Created on first use, inside the event loop Rasa's server runs in, and kept for keep-alive.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self._headers,
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                connector=aiohttp.TCPConnector(limit=50, limit_per_host=20),
                json_serialize=lambda value: json.dumps(value, ensure_ascii=False),
            )
        return self._session

    async def _send(self, method: str, path: str, params: dict[str, str] | None = None,
                    body: dict[str, Any] | None = None) -> tuple[int, bytes]:
        url = self._base_url + path
        if self._handler is not None:
            try:
                response = self._handler(httpx.Request(method, url, params=params, json=body, headers=self._headers))
            except httpx.TransportError as error:
                raise _NoAnswer(type(error).__name__) from error
            return response.status_code, response.content
        try:
            async with self._http().request(method, url, params=params, json=body) as response:
                return response.status, await response.read()
        except (aiohttp.ClientConnectionError, asyncio.TimeoutError) as error:
            raise _NoAnswer(type(error).__name__) from error
        except aiohttp.ClientError as error:
            raise ApiError(f"{path}: {type(error).__name__}") from error

    async def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        clean = {k: str(v) for k, v in params.items() if v is not None}
        try:
            status, content = await self._send("GET", path, params=clean)
        except _NoAnswer as error:
            raise ApiError(f"{path}: {error}") from error
        return self._json(path, status, content, (200,))

    async def _get_json_list(self, path: str, params: dict[str, str]) -> list[Any]:
        try:
            status, content = await self._send("GET", path, params=params)
        except _NoAnswer as error:
            raise ApiError(f"{path}: {error}") from error
        found = self._json(path, status, content, (200,))
        if not isinstance(found, list):
            raise ApiError(f"{path}: not a list")
        return found

    async def _post(self, path: str, body: dict[str, Any], retries: int = 0) -> dict[str, Any]:
        """POST JSON. `retries` repeats the request when it never got an answer (connection
        refused or reset, timeout): only for requests that are safe to repeat (idempotent)."""
        for attempt in range(retries + 1):
            try:
                status, content = await self._send("POST", path, body=body)
                break
            except _NoAnswer as error:
                if attempt == retries:
                    raise ApiError(f"{path}: {error}") from error
        return self._json(path, status, content, (200, 201))

    @staticmethod
    def _json(path: str, status: int, content: bytes, ok: tuple[int, ...]) -> Any:
        # Never put the request body (a contact) into the error: errors get logged.
        if status not in ok:
            try:
                code = json.loads(content).get("error", {}).get("code")
            except (ValueError, AttributeError):
                code = None
            raise ApiError(f"{path}: HTTP {status}", status, code)
        try:
            return json.loads(content)
        except ValueError as error:
            raise ApiError(f"{path}: invalid JSON") from error

    async def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        """The answer to one message (the API's `POST /v1/answer`): the turn's one API call.

        Not cached: the API answers from memory in about a millisecond, and a coordinator's
        published change must show within a second. Safe to repeat (it changes nothing).
        """
        return await self._post("/v1/answer", request, retries=1)

    async def covered_municipalities(self) -> list[str]:
        """The ids of the municipalities Opas covers (the API owns coverage)."""
        body = await self._get_json_list("/v1/municipalities", {"covered": "true", "language": "fi"})
        return [item["id"] for item in body if isinstance(item, dict) and isinstance(item.get("id"), str)]

    # --- booking (docs/booking.md); contacts travel in bodies, never in URLs ---------------------

    async def free_slots(self, *, provider: str | None = None, municipality: str | None = None,
                         jobseeker: str | None = None, language: str | None = None, with_interpreter: bool = True,
                         mode: str | None = None, from_date: str | None = None, limit: int = 5) -> dict[str, Any]:
        """The next free times (`slots`, earliest first) of a provider, or of the provider that serves
        a municipality: the API decides which and says so (`provider`, `coverage`; no provider and
        no times for a place Opas does not cover)."""
        return await self._get("/v1/slots", {
            "provider": provider, "municipality": municipality, "jobseeker": jobseeker, "language": language,
            "with_interpreter": str(with_interpreter).lower(), "mode": mode, "from": from_date, "limit": limit,
        })

    async def book(self, booking: dict[str, Any]) -> dict[str, Any]:
        """Books a slot. Safe to retry: the API answers a repeated `idempotency_key` with the
        appointment booked the first time, so an answer lost on the way never books twice."""
        return await self._post("/v1/appointments", booking, retries=1)

    async def look_up(self, reference: str, contact: str) -> dict[str, Any]:
        return await self._post(f"/v1/appointments/{reference}/lookup", {"contact": contact}, retries=1)

    async def cancel(self, reference: str, contact: str) -> dict[str, Any]:
        # Cancelling twice is no error, so a retry is safe.
        return await self._post(f"/v1/appointments/{reference}/cancel", {"contact": contact}, retries=1)

    async def reschedule(self, reference: str, contact: str, slot_id: int) -> dict[str, Any]:
        # Repeated, the API answers with the same new appointment, so a retry is safe.
        return await self._post(f"/v1/appointments/{reference}/reschedule",
                                {"contact": contact, "slot_id": slot_id}, retries=1)

    # --- live handoff to an advisor (docs/booking-bot.md, docs/handoff.md) -------------------

    async def handoff_availability(self, *, municipality: str | None, jobseeker: str | None,
                                   language: str) -> dict[str, Any]:
        """Whether an advisor of the provider serving the place is on duty now (`available`), with
        the queue's length and an estimate. Changes nothing."""
        return await self._get("/v1/handoffs/availability", {
            "municipality": municipality or "", "jobseeker": jobseeker if jobseeker in ("yes", "no") else "",
            "language": language})

    async def start_handoff(self, request: dict[str, Any]) -> dict[str, Any]:
        """Queues the conversation for an advisor. Safe to retry: the API answers a conversation
        that already has a queued or claimed handoff with that one. A 409 (nobody on duty any
        more) raises ApiError with status 409."""
        return await self._post("/v1/handoffs", request, retries=1)

    async def active_handoff(self, conversation_id: str) -> dict[str, Any] | None:
        """The conversation's queued or claimed handoff, or None."""
        try:
            return await self._get("/v1/handoffs/active", {"conversation_id": conversation_id})
        except ApiError as error:
            if error.status == 404:
                return None
            raise

    async def leave_handoff(self, handoff_id: int) -> dict[str, Any]:
        """Takes the conversation out of the queue (closed, user_left); safe to repeat."""
        return await self._post(f"/v1/handoffs/{handoff_id}/leave", {}, retries=1)

    async def delete_conversation(self, conversation_id: str) -> None:
        """Deletes the conversation's live handoffs and stored events (the user asked to)."""
        try:
            status, _ = await self._send("DELETE", f"/v1/conversations/{quote(conversation_id, safe='')}")
        except _NoAnswer as error:
            raise ApiError(f"delete conversation: {error}") from error
        if status >= 400:
            raise ApiError(f"delete conversation: HTTP {status}", status=status)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


_client: ApiClient | None = None


def api() -> ApiClient:
    """The process-wide client (connections are kept alive between turns)."""
    global _client
    if _client is None:
        _client = ApiClient()
    return _client


def use_client(client: ApiClient | None) -> None:
    """Replace the process-wide client (tests pass one with a handler instead of a network)."""
    global _client
    _client = client
