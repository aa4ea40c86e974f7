"""Dependencies shared by the routers (``Annotated`` aliases)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from .config import Settings
from .errors import Unauthorized
from .languages import DEFAULT, check_language

# The dependencies that neither block nor wait are `async def`: FastAPI runs a plain `def`
# dependency in its thread pool, a thread hop (and a queue) on every request that uses it.


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.close()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session)]


async def require_service_token(
    request: Request,
    settings: SettingsDep,
    token: Annotated[
        str | None,
        Query(description="The service token, for clients that cannot send a header (Rasa's NLG)."),
    ] = None,
) -> None:
    """Accepts ``Authorization: Bearer <token>`` or ``?token=<token>``."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    offered = credentials.strip() if scheme.lower() == "bearer" else (token or "")
    expected = settings.service_token.get_secret_value()
    if not offered or not secrets.compare_digest(offered.encode(), expected.encode()):
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})


ServiceAuth = Depends(require_service_token)


async def language_query(
    language: Annotated[
        str, Query(max_length=35, description="ISO 639-1 code of a supported language.")
    ] = DEFAULT,
) -> str:
    return check_language(language)


LanguageDep = Annotated[str, Depends(language_query)]
