"""The chat gateway's target while a conversation is with (or waiting for) an advisor.

The user's message is stored as a ``user`` event of the open handoff and does not reach Rasa; the
reply is the gateway's own short turn in Rasa's REST shape (so ``group_turn`` reads it like any
other): the place in the queue and a "Leave the queue" button while queued, nothing while an
advisor has the chat (their answers come through the event stream).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from locales.handoff import handoff_text

from ..chat.schemas import ReplyMessage
from . import service
from .models import QUEUED, Handoff
from .turns import handoff_turn, queued_message

RestMessages = list[dict[str, Any]]


class NoOpenHandoff(Exception):
    """The handoff closed meanwhile: the message belongs to the bot again."""


def _as_rest(messages: list[ReplyMessage], handoff: Handoff, position: int, estimate: int | None) -> RestMessages:
    turn = handoff_turn(handoff, messages, position, estimate)
    raw: RestMessages = [
        {"text": m.text, **({"buttons": [b.model_dump() for b in m.buttons]} if m.buttons else {})} for m in messages
    ]
    raw.append({"custom": {"opas": turn.opas.model_dump(), "handoff": turn.handoff.model_dump()}})  # type: ignore[union-attr]
    return raw


class HandoffTarget:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def _is_open(self, conversation_id: str) -> bool:
        with self._factory() as session:
            return service.active_handoff(session, conversation_id) is not None

    async def is_open(self, conversation_id: str) -> bool:
        return await run_in_threadpool(self._is_open, conversation_id)

    def _send(self, conversation_id: str, message: str) -> RestMessages:
        with self._factory() as session:
            handoff = service.active_handoff(session, conversation_id)
            if handoff is None:
                raise NoOpenHandoff()
            try:
                service.user_message(session, handoff, message)
            except service.HandoffNotActive as error:
                raise NoOpenHandoff() from error
            session.refresh(handoff)
            position, estimate = service.position_and_estimate(session, handoff)
            messages = [queued_message(handoff.language, position, estimate)] if handoff.status == QUEUED else []
            return _as_rest(messages, handoff, position, estimate)

    async def send(self, session_id: str, message: str, metadata: dict[str, str]) -> RestMessages:
        return await run_in_threadpool(self._send, session_id, message)

    def _leave(self, conversation_id: str, language: str) -> RestMessages | None:
        with self._factory() as session:
            handoff = service.active_handoff(session, conversation_id)
            if handoff is None:
                return None
            service.leave(session, handoff)
            return _as_rest([ReplyMessage(text=handoff_text("left_queue", handoff.language))], handoff, 0, None)

    async def leave(self, session_id: str, language: str) -> RestMessages | None:
        """Closes the open handoff (``user_left``); None when there was none."""
        return await run_in_threadpool(self._leave, session_id, language)

    async def aclose(self) -> None:
        return None
