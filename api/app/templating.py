"""Server-rendered HTML pages (staff pages, the public cancel page): templates in the page's
language, errors as HTML instead of JSON, and the security headers every page gets.

Every page speaks one language of the registry (``locales/languages.yml``), right-to-left where
CLDR says so. Its texts are msgids of the gettext domain ``pages`` (``locales/pages.py``): in the
templates ``{{ _("Log in") }}`` and ``{{ ngettext("{count} minute", "{count} minutes", n) }}``,
``{named}`` placeholders as keyword arguments, translated into the page's ``lang``; in Python
``PageTexts(language).gettext(...)``; in errors ``PageMessage(...)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from locales.languages import DEFAULT, SUPPORTED, is_supported, menu_title, negotiate, text_direction
from locales.pages import PageMessage, PageTexts
from locales.response_types import N_

from .config import REPO_ROOT
from .errors import OpasError, Unauthorized, database_error

log = logging.getLogger(__name__)

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

#: The language links of the pages: every language of the registry, named in itself.
LANGUAGE_LINKS = tuple((code, menu_title(code), text_direction(code)) for code in SUPPORTED)


@pass_context
def _gettext(context: Context, message: str, **arguments: object) -> str:
    return PageTexts(context["lang"]).gettext(message, **arguments)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, count: int, **arguments: object) -> str:
    return PageTexts(context["lang"]).ngettext(singular, plural, count, **arguments)


templates.env.globals.update({"_": _gettext, "gettext": _gettext, "ngettext": _ngettext})


def page_language(*preferred: str | None, accept_language: str = "", default: str = DEFAULT) -> str:
    """The first supported language of ``preferred``, else the browser's, else ``default``."""
    for code in preferred:
        if code is not None and is_supported(code):
            return code
    return negotiate(accept_language[:200], default=default)


def browser_language(request: Request) -> str:
    """The language of a page that knows nothing of its visitor but the browser's Accept-Language."""
    return page_language(accept_language=request.headers.get("accept-language", ""))


def render(
    request: Request,
    name: str,
    language: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The template ``name`` in ``language`` (``lang``, ``direction`` and the language links set)."""
    values = {"lang": language, "direction": text_direction(language), "languages": LANGUAGE_LINKS}
    return templates.TemplateResponse(request, name, values | (context or {}), status_code=status_code)


# --- errors ------------------------------------------------------------------------------------

# The heading of the error page, by HTTP status; the error's own sentence may follow it.
_HEADLINES = {
    401: N_("Please log in."),
    403: N_("This is not allowed."),
    # Translators: Error page heading: the page, link or item asked for does not exist.
    404: N_("This was not found."),
    # Translators: Error page heading: e.g. the appointment has begun or was already cancelled.
    409: N_("This cannot be done now."),
    422: N_("Please check what you entered."),
    429: N_("Too many attempts. Please wait a while and try again."),
    503: N_("The service is not available at the moment. Please try again later."),
}
_OTHER_ERROR = N_("Something went wrong. Please try again later.")


def _error_page(request: Request, error: Exception, language: str) -> Response:
    detail: str | None = None  # an error's own sentence; English if it comes from a service
    if isinstance(error, DBAPIError):
        error = database_error(error)
    if isinstance(error, OpasError):
        status = error.status_code
        # The class's generic message says no more than the heading does.
        detail = None if error.message == type(error).message else error.message
    elif isinstance(error, RequestValidationError):
        # Where, not what: the input may hold personal data.
        fields = {str(item["loc"][-1]) for item in error.errors() if item.get("loc")}
        status, detail = 422, PageMessage("Please check: {fields}.", fields=", ".join(sorted(fields)))
    elif isinstance(error, StarletteHTTPException):
        status = error.status_code  # the framework's fixed phrases: the heading says it
    else:  # a bug: the page says so, in the page's language and with the page's headers
        log.exception("unexpected error on a page", exc_info=error)
        status = 500
    texts = PageTexts(language)
    context = {
        "status": status,
        "headline": texts.gettext(_HEADLINES.get(status, _OTHER_ERROR)),
        "detail": detail.translated(texts) if isinstance(detail, PageMessage) else detail,
        "detail_lang": language if isinstance(detail, PageMessage) else "en",
    }
    return render(request, "error.html", language, context, status)


class HtmlRoute(APIRoute):
    """A route answering in HTML, errors included, in the language ``page_language_of`` gives;
    with ``login_url``, an Unauthorized error (no valid session) redirects there."""

    login_url: str | None = None
    page_language_of: Callable[[Request], str] = staticmethod(browser_language)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        login_url = self.login_url
        language_of = self.page_language_of

        async def html_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except Unauthorized as error:
                if login_url is None:
                    response = _error_page(request, error, language_of(request))
                else:
                    response = RedirectResponse(login_url, status_code=303)
            except Exception as error:  # every error of a page is a page
                response = _error_page(request, error, language_of(request))
            response.headers.update(SECURITY_HEADERS)
            return response

        return html_handler
