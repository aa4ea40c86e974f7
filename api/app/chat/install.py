"""Puts the web chat into the app: gateway, widget files, demo page, and CORS for embedding sites."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from ..handoff.target import HandoffTarget
from ..widget.router import router as widget_router
from .router import router as chat_router
from .service import ChatGateway

STATIC_DIR = Path(__file__).resolve().parents[2] / "static" / "widget"
#: Only what a widget on another site calls; the service-token API stays same-origin.
CORS_PATHS = ("/v1/chat/", "/widget/")


class ScopedCORS:
    """CORS headers (and preflight answers) for the paths under ``prefixes`` only."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...], origins: list[str]) -> None:
        self.app = app
        self.prefixes = prefixes
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["GET", "POST", "DELETE"],  # DELETE: "delete my conversation"
            allow_headers=["Content-Type", "Accept-Language"],
            expose_headers=["Retry-After"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefixes):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def install_web_chat(app: FastAPI) -> None:
    """Adds ``/v1/chat``, ``/widget/*`` and the demo page at ``/`` to an app from ``create_app``."""
    settings = app.state.settings
    app.state.chat = ChatGateway(settings, handoffs=HandoffTarget(app.state.session_factory))
    app.include_router(chat_router)
    app.include_router(widget_router)
    app.mount("/widget", StaticFiles(directory=STATIC_DIR), name="widget")
    app.add_middleware(ScopedCORS, prefixes=CORS_PATHS, origins=settings.embedding_origins)
