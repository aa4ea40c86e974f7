"""The one exception hierarchy of the API and its mapping to JSON errors.

Every error leaves the API as ``{"error": {"code": ..., "message": ...}}`` (validation errors add
``details``). Bad input is a 4xx, never a 500; request bodies and inputs are never echoed or logged.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class OpasError(Exception):
    """Base of every error the API reports to its clients."""

    status_code = 500
    code = "internal_error"
    message = "Internal error."

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None):
        self.message = message or self.message
        self.headers = headers
        super().__init__(self.message)


class NotFound(OpasError):
    status_code = 404
    code = "not_found"
    message = "Not found."


class UnknownTopic(NotFound):
    code = "unknown_topic"


class UnknownMunicipality(NotFound):
    code = "unknown_municipality"


class UnknownResponse(NotFound):
    code = "unknown_response"


class InvalidInput(OpasError):
    status_code = 422
    code = "invalid_request"
    message = "The request is not valid."


class NulCharacter(InvalidInput):
    """No text may hold NUL: PostgreSQL cannot store it, and no user types it (api/app/edge.py)."""

    code = "nul_character"


class UnsupportedLanguage(InvalidInput):
    code = "unsupported_language"


class Unauthorized(OpasError):
    status_code = 401
    code = "unauthorized"
    message = "A valid service token is required."


class PayloadTooLarge(OpasError):
    status_code = 413
    code = "payload_too_large"
    message = "The request body is too large."


class ServiceUnavailable(OpasError):
    status_code = 503
    code = "service_unavailable"
    message = "The service is not ready."


# --- web chat gateway: raised with a message in the conversation's language ----------------------


class UnknownChatSession(NotFound):
    code = "unknown_chat_session"


class ChatMessageTooLong(PayloadTooLarge):
    code = "message_too_long"


class InvalidChatMessage(InvalidInput):
    code = "invalid_message"


class TooManyRequests(OpasError):
    """Raised with a ``Retry-After`` header."""

    status_code = 429
    code = "too_many_requests"
    message = "Too many requests."


class BotUnavailable(ServiceUnavailable):
    code = "bot_unavailable"


# --- booking (api/app/booking) and staff pages (api/app/staff) -----------------------------------


class Forbidden(OpasError):
    status_code = 403
    code = "forbidden"
    message = "Not allowed."


class Conflict(OpasError):
    status_code = 409
    code = "conflict"
    message = "The request conflicts with the current state."


class UnknownProvider(NotFound):
    code = "unknown_provider"


class InvalidContact(InvalidInput):
    code = "invalid_contact"
    message = "The contact is neither a valid phone number nor a valid e-mail address."


class SlotUnavailable(Conflict):
    """The time is taken, withdrawn, past or unknown: the client offers other times either way."""

    code = "slot_unavailable"
    message = "This time is not available."


class AppointmentNotFound(NotFound):
    """Also for a wrong contact: a reference alone must not tell whether it exists."""

    code = "appointment_not_found"
    message = "No appointment matches this reference and contact."


class AppointmentNotActive(Conflict):
    code = "appointment_not_active"
    message = "The appointment is no longer booked."


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    message = "This idempotency key was used for a different booking."


class ContentDataError(OpasError):
    """The programme data files do not follow docs/data-format.md."""

    code = "invalid_content_data"

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The programme data is not valid:\n  " + "\n  ".join(problems))


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def error_response(error: OpasError) -> JSONResponse:
    return JSONResponse(
        error_body(error.code, error.message), status_code=error.status_code, headers=error.headers
    )


def _validation_details(error: RequestValidationError) -> list[dict[str, Any]]:
    # Only where and what: the input itself may hold personal data.
    return [
        {"loc": [str(part) for part in item.get("loc", ())], "msg": item.get("msg", "")}
        for item in error.errors()
    ]


async def _opas_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, OpasError)
    if error.status_code >= 500:
        log.error("%s: %s", error.code, error.message)
    return error_response(error)


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = _validation_details(error)
    first = details[0] if details else {"loc": [], "msg": ""}
    where = ".".join(first["loc"])
    message = f"Invalid request: {where}: {first['msg']}" if where else "Invalid request."
    return JSONResponse(error_body("invalid_request", message, details=details), status_code=422)


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    code = _HTTP_CODES.get(status, "http_error")
    try:
        default_message = HTTPStatus(status).phrase + "."
    except ValueError:
        default_message = "HTTP error."
    # Messages of framework errors are fixed phrases; details of our own never go this way.
    message = error.detail if isinstance(error.detail, str) else default_message
    return JSONResponse(
        error_body(code, message), status_code=status, headers=getattr(error, "headers", None)
    )


def database_error(error: DBAPIError) -> OpasError:
    """What a database error means to the client: a value the database refuses (out of a column's
    range, a NUL, a date it cannot hold) is the client's invalid input, anything else is ours."""
    if isinstance(error, DataError):
        return InvalidInput("A value is outside what the service accepts.")
    # The statement, not its parameters: those may hold what a user typed.
    log.error("database error: %s", type(error).__name__)
    return ServiceUnavailable("The database is not available.")


async def _database_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DBAPIError)
    return error_response(database_error(error))


async def _overflow_error(_request: Request, error: Exception) -> JSONResponse:
    # An integer beyond what the database driver can bind (SQLite: 64 bits): the client's input.
    return error_response(InvalidInput("A value is outside what the service accepts."))


async def _unexpected_error(_request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=error)
    return error_response(OpasError())


def install_error_handlers(app: FastAPI) -> None:
    """Map every error to the JSON shape above: the one place that does it."""
    app.add_exception_handler(OpasError, _opas_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(OverflowError, _overflow_error)
    app.add_exception_handler(Exception, _unexpected_error)
