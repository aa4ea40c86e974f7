"""Server-rendered HTML pages (staff pages, the public cancel page): templates, Helsinki times,
errors as HTML instead of JSON, and the security headers every page gets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .config import REPO_ROOT
from .errors import OpasError, ServiceUnavailable, Unauthorized

log = logging.getLogger(__name__)

HELSINKI = ZoneInfo("Europe/Helsinki")
templates = Jinja2Templates(directory=REPO_ROOT / "api" / "templates")

SECURITY_HEADERS = {
    # Pages show personal data: never cached, never framed, nothing loaded from elsewhere.
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # The cancel page's address carries its token: never send it on as a Referer.
    "Referrer-Policy": "no-referrer",
}


def helsinki(moment: datetime | None, pattern: str = "EEE d.M.yyyy HH:mm") -> str:
    """A stored (naive UTC) time as Finnish local time, for staff pages."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return format_datetime(aware, pattern, tzinfo=HELSINKI, locale="en_FI")


templates.env.filters["helsinki"] = helsinki


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code)


def _error_page(request: Request, error: Exception) -> Response:
    if isinstance(error, OpasError):
        status, message = error.status_code, error.message
    elif isinstance(error, RequestValidationError):
        # Where, not what: the input may hold personal data.
        fields = {str(item["loc"][-1]) for item in error.errors() if item.get("loc")}
        status, message = 422, "Please check: " + ", ".join(sorted(fields)) + "."
    elif isinstance(error, StarletteHTTPException):
        status, message = error.status_code, str(error.detail)
    else:  # DBAPIError
        log.error("database error: %s", type(error).__name__)
        status, message = 503, ServiceUnavailable.message
    return render(request, "error.html", {"status": status, "message": message}, status)


class HtmlRoute(APIRoute):
    """A route answering in HTML, errors included; with ``login_url``, an Unauthorized error
    (no valid session) redirects there."""

    login_url: str | None = None

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        login_url = self.login_url

        async def html_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except Unauthorized as error:
                if login_url is None:
                    response = _error_page(request, error)
                else:
                    response = RedirectResponse(login_url, status_code=303)
            except (OpasError, RequestValidationError, StarletteHTTPException, DBAPIError) as error:
                response = _error_page(request, error)
            response.headers.update(SECURITY_HEADERS)
            return response

        return html_handler
