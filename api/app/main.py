"""The FastAPI application: ``uvicorn api.app.main:app`` (or ``create_app()`` in tests)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import health
from .analytics.install import install_analytics
from .answers.index import IndexCache
from .answers.router import router as answers_router
from .booking.pages import router as booking_pages_router
from .booking.router import router as booking_router
from .chat.install import install_web_chat
from .config import Settings, get_settings
from .content.router import router as content_router
from .db import create_db_engine, create_session_factory
from .edge import RejectNul
from .errors import install_error_handlers
from .handoff.inbox import install_handoff
from .handoff.streams import OpenStreams
from .middleware import BodyLimitMiddleware, redact_access_log
from .nlg.router import router as nlg_router
from .openapi_errors import document_errors
from .places.router import router as places_router
from .privacy_router import router as privacy_router
from .retention import purge_periodically
from .search.router import router as search_router
from .security_headers import SecurityHeadersMiddleware
from .staff.admin import router as staff_admin_router
from .staff.audit_page import router as staff_audit_router
from .staff.content import router as staff_content_router
from .staff.router import router as staff_router
from .staff.throttle import LoginThrottle
from .warm import warm_caches

DESCRIPTION = """Opas guides newcomers to Finnish municipalities through the integration programme.

Every `/v1` route but the widget's chat gateway (`/v1/chat`) needs the service token:
`Authorization: Bearer <token>` or `?token=<token>`.
Errors are `{"error": {"code": ..., "message": ...}}`. No text may contain a NUL character (422
`nul_character`); dates lie in 2000-2099 and ids within 32 bits."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Builds the app; refuses to start when the settings are not safe (e.g. a default secret)."""
    settings = settings or get_settings()
    engine = create_db_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redact_access_log()
        if settings.warm_caches:
            await asyncio.to_thread(warm_caches, app)
        purge = None
        if settings.purge_interval_seconds:
            purge = asyncio.create_task(purge_periodically(create_session_factory(engine), settings))
        yield
        if purge is not None:
            purge.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purge
        engine.dispose()

    app = FastAPI(
        title="Opas API",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Production hides the schema and its page unless OPAS_API_DOCS asks for them.
        docs_url="/docs" if settings.api_docs_public else None,
        openapi_url="/openapi.json" if settings.api_docs_public else None,
        redoc_url=None,
        dependencies=[RejectNul],  # api/app/edge.py: no NUL reaches a route or a database
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = create_session_factory(engine)
    app.state.answers = IndexCache(settings.content_check_seconds)
    app.state.staff_logins = LoginThrottle(settings)
    app.state.open_streams = OpenStreams(settings.handoff_streams_per_session)
    install_error_handlers(app)
    document_errors(app)  # every route's error answers in the schema (api/app/openapi_errors.py)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    for router in (health.router, answers_router, content_router, places_router, search_router, nlg_router):
        app.include_router(router)
    app.include_router(booking_router)
    app.include_router(booking_pages_router)
    app.include_router(privacy_router)
    install_handoff(app)  # /v1/handoffs, the advisor's API and inbox page (api/app/handoff)
    app.include_router(staff_router)
    app.include_router(staff_admin_router)
    app.include_router(staff_audit_router)
    app.include_router(staff_content_router)
    install_web_chat(app)  # the chat gateway, the widget, the demo page at / and their CORS
    install_analytics(app)  # answer turns and feedback counted, the coordinators' page
    # Outermost: every response gets the headers, the files and errors of the lines above too.
    app.add_middleware(
        SecurityHeadersMiddleware,
        embedding_origins=settings.embedding_origins,
        production=settings.env == "production",
    )
    return app


def __getattr__(name: str) -> FastAPI:
    # `uvicorn api.app.main:app` builds the app on first access, so that importing this module
    # (tests, tools) does not read the environment.
    if name == "app":
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(name)
