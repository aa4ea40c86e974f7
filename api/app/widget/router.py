"""The widget's interface texts per language, and the demo page at ``/``.

The widget's script and style are static files under ``/widget/`` (mounted by ``install``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from locales.languages import SUPPORTED, menu_title, negotiate, text_direction
from locales.widget import widget_strings

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)

router = APIRouter(tags=["widget"])

# The demo page runs nothing but the widget, from this server: a strict policy shows that the
# widget needs no inline script or style, so it also works on sites with a policy like this one.
DEMO_PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class LanguageOption(BaseModel):
    code: str
    name: str = Field(description="The language's name in itself (CLDR).")
    direction: str = Field(description="'ltr' or 'rtl' (CLDR).")


class WidgetStrings(BaseModel):
    language: str
    direction: str
    languages: list[LanguageOption] = Field(description="The picker's options, in menu order.")
    strings: dict[str, str] = Field(description="Interface text id → text in `language`.")
    max_message_chars: int = Field(description="The longest message the gateway accepts.")


def _options() -> list[LanguageOption]:
    return [
        LanguageOption(code=code, name=menu_title(code), direction=text_direction(code))
        for code in SUPPORTED
    ]


@router.get("/widget/strings", response_model=WidgetStrings)
def get_widget_strings(
    request: Request,
    response: Response,
    language: Annotated[str | None, Query(max_length=35)] = None,
    accept_language: Annotated[str | None, Header(max_length=500)] = None,
) -> WidgetStrings:
    """The widget's interface texts in a language (else the best match for Accept-Language)."""
    chosen = language if language in SUPPORTED else negotiate(accept_language)
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Vary"] = "Accept-Language"
    return WidgetStrings(
        language=chosen,
        direction=text_direction(chosen),
        languages=_options(),
        strings=widget_strings(chosen),
        max_message_chars=request.app.state.settings.chat_max_message_chars,
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def demo_page(request: Request) -> HTMLResponse:
    """A municipal website with the widget embedded, to try Opas in a browser."""
    page = templates.TemplateResponse(request, "demo/index.html", {"municipality": "porvoo"})
    page.headers["Content-Security-Policy"] = DEMO_PAGE_POLICY
    return page
