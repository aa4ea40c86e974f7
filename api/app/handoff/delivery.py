"""Events of handoffs on Telegram and WhatsApp reach the user through the channels' outbound
module (``api/app/channels/outbound.py``, issue 16). Until it exists nothing is sent there; the
web widget reads its events from the stream instead and needs nothing from here."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import BackgroundTasks

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


def _delivery(handoff: Handoff, event: HandoffEvent):
    """(deliver, turn) when ``event`` goes to the user's messaging channel, else None."""
    if handoff.channel in ("web", "rest") or event.kind not in DELIVERED:
        return None
    if event.kind == "message" and event.sender != "advisor":
        return None
    deliver = _outbound()
    return None if deliver is None else (deliver, event_turn(handoff, event))


def deliver_after_response(background: BackgroundTasks, handoff: Handoff, event: HandoffEvent) -> None:
    """From a route: sends the event once the response is out (web/rest: nothing to send)."""
    found = _delivery(handoff, event)
    if found is not None:
        background.add_task(_deliver, found[0], handoff, event.kind, found[1])


def deliver_soon(handoff: Handoff, event: HandoffEvent) -> None:
    """From the event loop (the sweep): sends the event in a task of its own."""
    found = _delivery(handoff, event)
    if found is None:
        return
    task = asyncio.get_running_loop().create_task(_deliver(found[0], handoff, event.kind, found[1]))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def _deliver(deliver, handoff: Handoff, kind: str, turn) -> None:
    try:
        await deliver(handoff, kind, turn)
    except Exception as error:  # a channel's failure must not break the advisor's request
        log.warning("handoff %s: delivery of %s failed: %s", handoff.id, kind, type(error).__name__)
