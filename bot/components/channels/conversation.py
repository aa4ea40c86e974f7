"""What a connector needs to know of a conversation before handing a message to the bot, read
from the tracker store (read only, no lock): is it new, its language, the options last shown."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.events import BotUttered, UserUttered

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConversationView:
    is_new: bool = True
    language: str | None = None
    # The buttons of the bot's last turn, in the order shown (continuously numbered on WhatsApp).
    last_buttons: list[dict[str, Any]] = field(default_factory=list)


def view_of(tracker: Any) -> ConversationView:
    if tracker is None:
        return ConversationView()
    events = list(tracker.events)
    is_new = not any(isinstance(event, UserUttered) for event in events)
    buttons: list[dict[str, Any]] = []
    for event in reversed(events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            buttons[:0] = [b for b in (event.data or {}).get("buttons") or [] if isinstance(b, dict)]
    return ConversationView(is_new, tracker.get_slot("language"), buttons)


async def read(agent: Any, sender_id: str) -> ConversationView:
    """The view of `sender_id`'s conversation; an empty one when there is no tracker store (tests)
    or it cannot be read (the message still goes to the bot, which reads it itself)."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return ConversationView()
    try:
        return view_of(await store.retrieve(sender_id))
    except Exception:
        logger.warning("Could not read the conversation before a channel message", exc_info=True)
        return ConversationView()
