"""The one client the actions use to talk to the API: keep-alive, timeouts, one error type."""
from __future__ import annotations

import logging
from typing import Any

import httpx

from .settings import settings

logger = logging.getLogger(__name__)
# httpx logs every request line at INFO; ours carry the user's place and jobseeker status, and
# one line per API call is noise at any volume. Failures are logged here, without the request.
logging.getLogger("httpx").setLevel(logging.WARNING)


class ApiError(Exception):
    """The API could not give an answer (down, timed out, or refused the request)."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class ApiClient:
    """Async client of the Opas API for the custom actions."""

    def __init__(self, base_url: str = settings.api_url, token: str = settings.service_token,
                 timeout: float = settings.api_timeout,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            headers={"Authorization": f"Bearer {token}"},
            limits=httpx.Limits(max_keepalive_connections=20),
            transport=transport,
        )

    async def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        clean = {k: v for k, v in params.items() if v is not None}
        try:
            response = await self._client.get(path, params=clean)
        except httpx.HTTPError as error:
            raise ApiError(f"{path}: {type(error).__name__}") from error
        return self._json(path, response, (200,))

    async def _post(self, path: str, body: dict[str, Any], retries: int = 0) -> dict[str, Any]:
        """POST JSON. `retries` repeats the request when it never got an answer (connection
        refused or reset, timeout): only for requests that are safe to repeat (idempotent)."""
        for attempt in range(retries + 1):
            try:
                response = await self._client.post(path, json=body)
                break
            except httpx.TransportError as error:
                if attempt == retries:
                    raise ApiError(f"{path}: {type(error).__name__}") from error
            except httpx.HTTPError as error:
                raise ApiError(f"{path}: {type(error).__name__}") from error
        return self._json(path, response, (200, 201))

    @staticmethod
    def _json(path: str, response: httpx.Response, ok: tuple[int, ...]) -> dict[str, Any]:
        # Never put the request body (a contact) into the error: errors get logged.
        if response.status_code not in ok:
            try:
                code = response.json().get("error", {}).get("code")
            except (ValueError, AttributeError):
                code = None
            raise ApiError(f"{path}: HTTP {response.status_code}", response.status_code, code)
        try:
            return response.json()
        except ValueError as error:
            raise ApiError(f"{path}: invalid JSON") from error

    async def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        """The answer to one message (the API's `POST /v1/answer`): the turn's one API call.

        Not cached: the API answers from memory in about a millisecond, and a coordinator's
        published change must show from the next turn on. Safe to repeat (it changes nothing).
        """
        return await self._post("/v1/answer", request, retries=1)

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

    async def aclose(self) -> None:
        await self._client.aclose()


_client: ApiClient | None = None


def api() -> ApiClient:
    """The process-wide client (connections are kept alive between turns)."""
    global _client
    if _client is None:
        _client = ApiClient()
    return _client


def use_client(client: ApiClient | None) -> None:
    """Replace the process-wide client (tests pass one built on httpx.MockTransport)."""
    global _client
    _client = client
