"""``/v1/chat``: the web chat gateway. Public (no service token): the widget runs in any browser.

Abuse is bounded instead by the limits of ``ChatGateway`` (message length, messages per minute per
session and per client address, sessions per minute per address) and by the app's body limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, Body, Depends, FastAPI, Header, Path, Request

from .schemas import ChatSession, MessageIn, SessionCreate, Turn, error_responses
from .service import ChatGateway


@asynccontextmanager
async def _close_gateway(app: FastAPI) -> AsyncIterator[None]:
    yield
    gateway = getattr(app.state, "chat", None)
    if gateway is not None:
        await gateway.aclose()


router = APIRouter(prefix="/v1/chat", tags=["chat"], lifespan=_close_gateway)


def get_gateway(request: Request) -> ChatGateway:
    return request.app.state.chat


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


GatewayDep = Annotated[ChatGateway, Depends(get_gateway)]
AddressDep = Annotated[str, Depends(client_address)]
AcceptLanguage = Annotated[
    str | None,
    Header(max_length=500, description="Negotiates the language of errors and new sessions."),
]
SessionId = Annotated[str, Path(max_length=200, description="From `POST /v1/chat/sessions`.")]


@router.post(
    "/sessions",
    status_code=201,
    response_model=ChatSession,
    responses=error_responses(422, 429),
)
async def create_session(
    gateway: GatewayDep,
    address: AddressDep,
    accept_language: AcceptLanguage = None,
    body: Annotated[SessionCreate | None, Body()] = None,
) -> ChatSession:
    """Starts a chat session; its language is the body's, else negotiated from Accept-Language."""
    return gateway.start_session(body or SessionCreate(), accept_language, address)


@router.post(
    "/sessions/{session_id}/messages",
    response_model=Turn,
    responses=error_responses(404, 413, 422, 429, 503),
)
async def send_message(
    gateway: GatewayDep,
    address: AddressDep,
    session_id: SessionId,
    message: MessageIn,
    accept_language: AcceptLanguage = None,
) -> Turn:
    """Sends the user's text or button payload to the bot and returns the bot's turn."""
    return await gateway.send(session_id, message, accept_language, address)
