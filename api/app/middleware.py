"""ASGI middleware: the request body limit, and access logs without secrets or user text."""

from __future__ import annotations

import logging
import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import PayloadTooLarge, error_response


class BodyLimitMiddleware:
    """Answers 413 to a body above ``max_bytes``: by its Content-Length, or while it streams."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await error_response(PayloadTooLarge())(scope, receive, send)
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException, because FastAPI passes only those through while it reads
                    # a body (others become a 400); errors.py maps it to the same JSON 413.
                    raise HTTPException(413, PayloadTooLarge.message)
            return message

        await self.app(scope, limited_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


# Rasa's NLG sends the service token as ?token=, and q= carries what a user typed.
_SENSITIVE_QUERY = re.compile(r"(?<=[?&])(token|q)=[^&\s]*", re.IGNORECASE)


class RedactQueryFilter(logging.Filter):
    """Removes the values of ``token`` and ``q`` from uvicorn's access log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _SENSITIVE_QUERY.sub(r"\1=…", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


def redact_access_log() -> None:
    access_log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactQueryFilter) for f in access_log.filters):
        access_log.addFilter(RedactQueryFilter())
