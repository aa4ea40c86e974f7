"""Who, on the messaging platform, the message being handled came from: for the handoff request.

Telegram and WhatsApp conversations are known to the bot only by a keyed hash of the platform's
user id (bot/components/channels/identity.py), so the tracker never holds a chat id or a phone
number. Yet a live handoff needs the real one: the API sends the advisor's replies to it. The
connector sets it here for the duration of one message; the actions run inside the same request
(in-process actions), so the action that creates a handoff reads it from here:

    from actions.channel_context import current_channel
    origin = current_channel()   # None for the widget / REST
    body.update(channel=origin.channel, channel_user=origin.user) if origin else ...
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class ChannelOrigin:
    channel: str  # the handoff's channel: "telegram" | "whatsapp"
    user: str  # the platform's user id: Telegram chat id, "whatsapp:+358..."


_origin: ContextVar[ChannelOrigin | None] = ContextVar("opas_channel_origin", default=None)


def current_channel() -> ChannelOrigin | None:
    """The messaging platform and user of the message being handled; None outside the connectors."""
    return _origin.get()


def set_channel(origin: ChannelOrigin | None):
    """Set for the message being handled; returns the token to `reset_channel` with."""
    return _origin.set(origin)


def reset_channel(token) -> None:
    _origin.reset(token)
