"""Events of handoffs on Telegram and WhatsApp reach the user through the channels' outbound
module (``api/app/channels/outbound.py``, issue 16). Until it exists nothing is sent there; the
web widget reads its events from the stream instead and needs nothing from here."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from fastapi import BackgroundTasks
from sqlalchemy import func, select
from sqlalchemy.orm import object_session

from .models import Handoff, HandoffEvent
from .turns import event_turn

log = logging.getLogger(__name__)

#: Event kinds a messaging channel is told about (the user's own messages and the transcript not).
DELIVERED = frozenset({"joined", "message", "left", "timeout", "closed"})
_pending: set[asyncio.Task[Any]] = set()


def _outbound():
    try:
        from ..channels import outbound  # type: ignore[import-not-found]
    except ImportError:
        return None
    return getattr(outbound, "deliver", None)


def last_user_message_at(handoff: Handoff) -> datetime | None:
    """When the user last wrote in this chat (WhatsApp's 24-hour window), read while the handoff's
    session is still open; None without one (the channels then count from the handoff's start)."""
    session = object_session(handoff)
    if session is None:
        return None
    return session.scalar(
        select(func.max(HandoffEvent.created_at)).where(
            HandoffEvent.handoff_id == handoff.id, HandoffEvent.kind == "message", HandoffEvent.sender == "user"
        )
    )


def _delivery(handoff: Handoff, event: HandoffEvent):
    """(deliver, turn) when ``event`` goes to the user's messaging channel, else None."""
    if handoff.channel in ("web", "rest") or event.kind not in DELIVERED:
        return None
    if event.kind == "message" and event.sender != "advisor":
        return None
    deliver = _outbound()
    if deliver is None:
        return None
    last = last_user_message_at(handoff) if handoff.channel == "whatsapp" else None
    return deliver, event_turn(handoff, event), last


def deliver_after_response(background: BackgroundTasks, handoff: Handoff, event: HandoffEvent) -> None:
    """From a route: sends the event once the response is out (web/rest: nothing to send)."""
    found = _delivery(handoff, event)
    if found is not None:
        background.add_task(_deliver, found[0], handoff, event.kind, *found[1:])


def deliver_soon(handoff: Handoff, event: HandoffEvent) -> None:
    """From the event loop (the sweep): sends the event in a task of its own."""
    found = _delivery(handoff, event)
    if found is None:
        return
    task = asyncio.get_running_loop().create_task(_deliver(found[0], handoff, event.kind, *found[1:]))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def _deliver(deliver, handoff: Handoff, kind: str, turn, last_user_message_at: datetime | None = None) -> None:
    try:
        result = await deliver(handoff, kind, turn, last_user_message_at=last_user_message_at)
    except Exception as error:  # a channel's failure must not break the advisor's request
        log.warning("handoff %s: delivery of %s failed: %s", handoff.id, kind, type(error).__name__)
        return
    if not getattr(result, "ok", True):  # e.g. window_closed: not yet shown in the inbox
        log.warning("handoff %s: %s not delivered: %s", handoff.id, kind, getattr(result, "status", result))
