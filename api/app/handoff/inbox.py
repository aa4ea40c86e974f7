"""The advisor inbox page (``/staff/inbox``) and what puts the live handoff into the app.

The page is server-rendered like the other staff pages; its script (``api/static/staff/inbox.js``)
works on the JSON API of ``staff_api`` and its event stream. The page's CSP allows scripts and
connections from this site only: no inline script anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from locales.handoff import CANNED

from ..staff.auth import AdvisorUser, StaffSessionDep
from ..staff.router import StaffRoute, page
from .duty_api import router as duty_router
from .router import router as bot_router
from .staff_api import router as staff_api_router

STATIC_DIR = Path(__file__).resolve().parents[2] / "static" / "staff"
INBOX_CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class InboxRoute(StaffRoute):
    """A staff page whose own script (and nothing else) may run and call this site."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def with_script(request: Request) -> Response:
            response = await handler(request)
            if response.status_code == 200:
                response.headers["Content-Security-Policy"] = INBOX_CSP
            return response

        return with_script


pages = APIRouter(prefix="/staff", route_class=InboxRoute, include_in_schema=False)


@pages.get("/inbox")
def inbox_page(request: Request, staff: StaffSessionDep, user: AdvisorUser) -> Response:
    """Waiting and open live chats of the user's provider (an admin: of all), updated live."""
    return page(request, staff, "inbox.html", {"canned_keys": list(CANNED)})


def install_handoff(app: FastAPI) -> None:
    """``/v1/handoffs`` (bot, channels), ``/staff/api/handoffs`` and ``/staff/api/duty`` (advisors),
    ``/staff/inbox``."""
    app.include_router(bot_router)
    app.include_router(staff_api_router)
    app.include_router(duty_router)
    app.include_router(pages)
    app.mount("/staff/static", StaticFiles(directory=STATIC_DIR), name="staff-static")
