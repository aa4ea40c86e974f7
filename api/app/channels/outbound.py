"""A live handoff's events to the user's Telegram or WhatsApp chat (HANDOFF.md, "Outbound").

The backend calls `deliver(handoff, event_kind, turn)` for `joined | message | left | timeout |
closed` events of a handoff whose channel is `telegram` or `whatsapp` (api/app/handoff/delivery.py).
The bot's connectors cannot do it: Rasa answers only inside the request of the user's message, so
an advisor's reply goes out from here, through the platform's HTTP API:

- Telegram: Bot API `sendMessage` (buttons as an inline keyboard, whose callback comes back to the
  bot's webhook as the payload).
- WhatsApp: Twilio's Messages API. WhatsApp allows free-form messages only within 24 hours of the
  user's last message; later, nothing is sent and the result is `window_closed`, for the inbox to
  tell the advisor (a template message would be needed, which Opas does not have). Buttons are a
  bulleted list of their titles: typing the words does what the button does (the bot's own
  numbered options are resolved against the bot's conversation, which these messages are not in).

Texts are split at the platform's limits and right-to-left text is kept readable
(`locales.channel_format`). Base URLs come from the environment, so tests use fakes on 127.0.0.1.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from locales import channel_format

from .settings import OutboundSettings

log = logging.getLogger(__name__)

WHATSAPP_WINDOW = timedelta(hours=24)
SENT, WINDOW_CLOSED, FAILED, SKIPPED = "sent", "window_closed", "failed", "skipped"


@dataclass(frozen=True)
class DeliveryResult:
    status: str  # SENT | WINDOW_CLOSED | FAILED | SKIPPED
    detail: str = ""
    messages: int = 0  # platform messages sent

    @property
    def ok(self) -> bool:
        return self.status in (SENT, SKIPPED)


def _field(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


def _naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def window_open(last_user_message_at: datetime | None, now: datetime | None = None) -> bool:
    """Whether WhatsApp still takes a free-form message: within 24 h of the user's last message."""
    last = _naive_utc(last_user_message_at)
    if last is None:
        return False  # no message from the user known: the window cannot be shown to be open
    current = _naive_utc(now) or datetime.now(UTC).replace(tzinfo=None)
    return current - last < WHATSAPP_WINDOW


def turn_messages(turn: Any) -> list[dict[str, Any]]:
    """The bubbles of a Turn (model or dict) as `{"text", "buttons"}` dicts."""
    found = []
    for message in _field(turn, "messages") or []:
        buttons = [{"title": _field(button, "title"), "payload": _field(button, "payload")}
                   for button in _field(message, "buttons") or []]
        if _field(message, "text") or buttons:
            found.append({"text": _field(message, "text") or "", "buttons": buttons})
    return found


async def deliver(handoff: Any, event_kind: str, turn: Any, *, last_user_message_at: datetime | None = None,
                  now: datetime | None = None, settings: OutboundSettings | None = None) -> DeliveryResult:
    """Send `turn` (an event of `handoff`) to the user's chat; never raises for a platform's error.

    `last_user_message_at`: when the user last wrote (WhatsApp's window); else the handoff's
    `last_user_message_at` attribute, else its `created_at` (the user wrote just before it began)."""
    channel, user = _field(handoff, "channel"), _field(handoff, "channel_user")
    messages = turn_messages(turn)
    if channel not in ("telegram", "whatsapp") or not user or not messages:
        return DeliveryResult(SKIPPED, "nothing to send on this channel")
    settings = settings or OutboundSettings.from_env()
    if channel == "whatsapp":
        last = last_user_message_at or _field(handoff, "last_user_message_at") or _field(handoff, "created_at")
        if not window_open(last, now):
            log.info("handoff %s: WhatsApp's 24-hour window has closed; %s not sent", _field(handoff, "id"), event_kind)
            return DeliveryResult(WINDOW_CLOSED, "The user last wrote more than 24 hours ago.")
    send = _telegram if channel == "telegram" else _whatsapp
    if not (settings.telegram if channel == "telegram" else settings.whatsapp):
        return DeliveryResult(FAILED, f"{channel} is not configured")
    async with httpx.AsyncClient(timeout=settings.timeout_seconds) as client:
        sent = 0
        for message in messages:
            for piece in _pieces(channel, message):
                error = await send(client, settings, str(user), piece)
                if error:
                    log.warning("handoff %s: %s delivery of %s failed: %s", _field(handoff, "id"), channel,
                                event_kind, error)
                    return DeliveryResult(FAILED, error, sent)
                sent += 1
    return DeliveryResult(SENT, messages=sent)


def _pieces(channel: str, message: dict[str, Any]) -> list[dict[str, Any]]:
    if channel == "telegram":
        return channel_format.messages_for(message["text"], message["buttons"], limit=channel_format.TELEGRAM_LIMIT,
                                           keyboard=True)
    return channel_format.messages_for(message["text"], message["buttons"], limit=channel_format.WHATSAPP_LIMIT,
                                       keyboard=False, numbered=False)


async def _telegram(client: httpx.AsyncClient, settings: OutboundSettings, chat_id: str,
                    piece: dict[str, Any]) -> str | None:
    body: dict[str, Any] = {"chat_id": chat_id, "text": piece["text"]}
    if piece.get("buttons"):
        body["reply_markup"] = channel_format.inline_keyboard(piece["buttons"])
    url = f"{settings.telegram_api_url}/bot{settings.telegram_token}/sendMessage"
    return await _post(client, url, json=body)


async def _whatsapp(client: httpx.AsyncClient, settings: OutboundSettings, to: str,
                    piece: dict[str, Any]) -> str | None:
    url = f"{settings.twilio_api_url}/2010-04-01/Accounts/{settings.twilio_account_sid}/Messages.json"
    return await _post(client, url, data={"From": settings.twilio_number, "To": to, "Body": piece["text"]},
                       auth=(settings.twilio_account_sid, settings.twilio_auth_token))


async def _post(client: httpx.AsyncClient, url: str, **kwargs: Any) -> str | None:
    """None when the platform took the message; else why not (never the URL: it holds the token)."""
    try:
        response = await client.post(url, **kwargs)
    except httpx.HTTPError as error:
        return f"unreachable ({type(error).__name__})"
    if response.status_code >= 400:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    return None
