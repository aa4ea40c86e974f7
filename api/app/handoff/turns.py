"""Handoff events as chat turns: the shape the widget already shows (kind ``handoff``)."""

from __future__ import annotations

from locales.handoff import BOOK_PAYLOAD, LEAVE_PAYLOAD, handoff_text, wait_minutes

from ..chat.schemas import HandoffInfo, OpasInfo, ReplyButton, ReplyMessage, Turn
from .models import Handoff, HandoffEvent

TOPIC = "human_handoff"
#: The handoff's status right after an event of the kind: a resumed stream replays old events
#: with the status they had, not today's.
STATUS_AFTER = {"queue": "queued", "joined": "claimed", "message": "claimed", "left": "closed",
                "closed": "closed", "timeout": "closed"}


def handoff_turn(
    handoff: Handoff,
    messages: list[ReplyMessage],
    position: int = 0,
    estimate_seconds: int | None = None,
    status: str | None = None,
) -> Turn:
    opas = OpasInfo(
        kind="handoff",
        topic=TOPIC,
        language=handoff.language,
        municipality=handoff.municipality,
        provider=handoff.provider_id,
    )
    info = HandoffInfo(
        id=handoff.id, status=status or handoff.status, position=position, estimate_seconds=estimate_seconds
    )
    return Turn(messages=messages, opas=opas, handoff=info)


def queued_message(language: str, position: int, estimate_seconds: int | None) -> ReplyMessage:
    """"You are number N in the queue (about M minutes)", with the button that leaves it."""
    text = handoff_text("queued", language, position=position)
    if estimate_seconds is not None:
        text += " " + wait_minutes(max(1, round(estimate_seconds / 60)), language)
    leave = ReplyButton(title=handoff_text("leave_button", language), payload=LEAVE_PAYLOAD)
    return ReplyMessage(text=text, buttons=[leave])


def event_turn(handoff: Handoff, event: HandoffEvent, position: int = 0, estimate_seconds: int | None = None) -> Turn:
    """An event of the user's stream as a turn; no bubble where there is nothing to say (the
    user's own leaving: the gateway answered that already)."""
    language = handoff.language
    if event.kind == "queue":
        messages = [queued_message(language, position, estimate_seconds)]
    elif event.kind == "timeout":
        book = ReplyButton(title=handoff_text("book_button", language), payload=BOOK_PAYLOAD)
        messages = [ReplyMessage(text=event.text, buttons=[book])]
    else:
        messages = [ReplyMessage(text=event.text)] if event.text else []
    return handoff_turn(handoff, messages, position, estimate_seconds, STATUS_AFTER.get(event.kind))
