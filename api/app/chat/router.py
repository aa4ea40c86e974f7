"""``/v1/chat``: the web chat gateway. Public (no service token): the widget runs in any browser.

Abuse is bounded instead by the limits of ``ChatGateway`` (message length, messages per minute per
session and per client address, sessions per minute per address) and by the app's body limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from locales.widget import chat_error

from ..errors import BotUnavailable, InvalidChatMessage, NulCharacter, TooManyRequests, UnknownChatSession
from ..handoff.streams import parse_cursor, read_user_batch, user_stream
from ..privacy import delete_conversation
from .schemas import ChatSession, MessageIn, SessionCreate, Turn, error_responses
from .service import ChatGateway


@asynccontextmanager
async def _close_gateway(app: FastAPI) -> AsyncIterator[None]:
    yield
    gateway = getattr(app.state, "chat", None)
    if gateway is not None:
        await gateway.aclose()


class ChatRoute(APIRoute):
    """Invalid input is answered like the gateway's other errors: in the conversation's language."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def localised_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except (RequestValidationError, NulCharacter) as error:
                gateway: ChatGateway = request.app.state.chat
                language = gateway.error_language(
                    str(request.path_params.get("session_id", "")), request.headers.get("accept-language")
                )
                raise InvalidChatMessage(chat_error("invalid_message", language)) from error

        return localised_handler


router = APIRouter(prefix="/v1/chat", tags=["chat"], lifespan=_close_gateway, route_class=ChatRoute)


# Async: a plain `def` dependency runs in FastAPI's thread pool (a thread hop on every message).
async def get_gateway(request: Request) -> ChatGateway:
    return request.app.state.chat


async def client_address(request: Request) -> str:
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
    try:
        return await gateway.send(session_id, message, accept_language, address)
    except DBAPIError as error:
        # The database is briefly unreachable (the live handoff's state lives there): the same
        # apology as for an unreachable bot, in the user's language (tests/faults/test_stores.py).
        language = gateway.error_language(session_id, accept_language)
        raise BotUnavailable(chat_error("bot_unavailable", language)) from error


@router.get(
    "/sessions/{session_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Server-sent events of the session's live handoff. Each event has "
            "`id: <handoff_id>:<seq>`, `event: message | joined | left | queue | timeout | closed` "
            "and `data:` a Turn (the shape `POST .../messages` returns, `opas.kind` `handoff`, "
            "with the `handoff` object). The stream ends when the handoff has closed and every "
            "event was sent.",
        },
        204: {"description": "Nothing to stream: no open handoff, nothing after `Last-Event-ID`."},
        **error_responses(404, 429),
    },
)
async def handoff_events(
    request: Request,
    gateway: GatewayDep,
    session_id: SessionId,
    last_event_id: Annotated[str | None, Header(max_length=40, description="Resume after this event id.")] = None,
    after: Annotated[
        str | None, Query(max_length=40, description="The same as `Last-Event-ID`, for clients without the header.")
    ] = None,
    accept_language: AcceptLanguage = None,
) -> Response:
    """The advisor's messages and the handoff's events, live; resumes after `Last-Event-ID`."""
    if not gateway.ids.is_valid(session_id):
        language = gateway.error_language(session_id, accept_language)
        raise UnknownChatSession(chat_error("unknown_chat_session", language))
    factory = request.app.state.session_factory
    cursor = parse_cursor(last_event_id) or parse_cursor(after)
    open_streams = request.app.state.open_streams
    if open_streams.full(session_id):
        language = gateway.error_language(session_id, accept_language)
        raise TooManyRequests(chat_error("too_many_streams", language), headers={"Retry-After": "5"})
    start, is_open, pending = await run_in_threadpool(read_user_batch, factory, session_id, cursor)
    if start is None or (not is_open and not pending):
        return Response(status_code=204)
    stream = open_streams.held(session_id, user_stream(factory, session_id, start,
                                                       is_disconnected=request.is_disconnected))
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


class SessionDeleted(BaseModel):
    deleted: bool = True
    message: str = Field(description="A confirmation in the conversation's language.")


@router.delete(
    "/sessions/{session_id}",
    response_model=SessionDeleted,
    responses=error_responses(404, 422, 503),
)
async def delete_session(
    request: Request,
    gateway: GatewayDep,
    session_id: SessionId,
    accept_language: AcceptLanguage = None,
) -> SessionDeleted:
    """Deletes the conversation (Rasa's tracker store, live handoffs); the widget starts anew."""
    language = gateway.error_language(session_id, accept_language)
    if not gateway.ids.is_valid(session_id):
        raise UnknownChatSession(chat_error("unknown_chat_session", language))
    with request.app.state.session_factory() as session:
        await run_in_threadpool(delete_conversation, session, gateway.settings, session_id)
    gateway.forget(session_id)
    return SessionDeleted(message=chat_error("conversation_deleted", language))
