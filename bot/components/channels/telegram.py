"""Telegram: Rasa 3.6's `TelegramInput`, verified and fitted (docs/channels.md).

Credentials (bot/credentials.yml, written by `components.channels.credentials` from the
environment): `access_token: ${OPAS_TELEGRAM_TOKEN}`, `secret_token: ${OPAS_TELEGRAM_SECRET}`.
Telegram sends the secret given to setWebhook in `X-Telegram-Bot-Api-Secret-Token` with every
update; anything without it (or with another) gets 403 and reaches nobody. Rasa's own connector
instead asks Telegram's getMe on every update and compares a user name: no protection at all
against a forged update, and a network call per message.

An update is always acknowledged with 200 once verified, whatever happens inside (Telegram would
otherwise send it again and again); the user gets an answer or a polite notice, never an error.
"""
from __future__ import annotations

import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from .identity import conversation_id
from .output import TelegramOutput
from .settings import TelegramSettings
from .webhook import EMPTY, LOCATION, MEDIA, TEXT, Incoming, Webhook, channel_blueprint

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MEDIA_KEYS = ("photo", "voice", "audio", "video", "video_note", "sticker", "document", "animation",
              "contact", "poll", "dice")


def verified(request: Request, secret: str) -> bool:
    """Whether the update carries our secret (compared in constant time)."""
    given = request.headers.get(SECRET_HEADER)
    return bool(secret) and given is not None and hmac.compare_digest(given.encode(), secret.encode())


def read_update(update: Dict[str, Any]) -> Optional[tuple[Dict[str, Any], Incoming, Optional[str]]]:
    """(the chat, what the user sent, the callback query id) of an update; None for updates that
    are not a user's message (a channel post, the bot added to a group, ...)."""
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        chat = (callback.get("message") or {}).get("chat") or {"id": (callback.get("from") or {}).get("id")}
        hint = (callback.get("from") or {}).get("language_code")
        data = str(callback.get("data") or "").strip()
        return chat, Incoming(TEXT if data else EMPTY, data, hint), callback.get("id")
    message = update.get("message") or update.get("edited_message")
    if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
        return None
    hint = (message.get("from") or {}).get("language_code")
    text = str(message.get("text") or "").strip()
    if text:
        return message["chat"], Incoming(TEXT, text, hint), None
    if "location" in message or "venue" in message:
        return message["chat"], Incoming(LOCATION, language_hint=hint), None
    if any(key in message for key in MEDIA_KEYS):
        return message["chat"], Incoming(MEDIA, language_hint=hint), None
    return message["chat"], Incoming(EMPTY, language_hint=hint), None


class OpasTelegramInput(TelegramInput):
    """Telegram webhook at /webhooks/telegram/webhook."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        env = TelegramSettings.from_env()
        settings = TelegramSettings(credentials.get("access_token") or env.token,
                                    credentials.get("secret_token") or env.secret,
                                    (credentials.get("api_url") or env.api_url).rstrip("/"))
        if not settings.configured:
            cls.raise_missing_credentials_exception()
        return cls(settings)

    def __init__(self, settings: TelegramSettings) -> None:
        super().__init__(settings.token, None, None, debug_mode=False)
        self.settings = settings
        self.webhook = Webhook("telegram", self.name())

    def get_output_channel(self, chat_id: str = "") -> TelegramOutput:
        # No setWebhook here (Rasa's does it on every call, with asyncio.run inside the running loop).
        return TelegramOutput(chat_id, self.settings)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = channel_blueprint("opas_telegram_webhook")

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not verified(request, self.settings.secret):
                logger.warning("Refused a Telegram update without the right secret token")
                return response.json({"error": "forbidden"}, status=403)
            update = request.json if isinstance(request.json, dict) else {}
            read = read_update(update)
            if read is None or read[0].get("id") is None:
                return response.json({"ok": True})
            chat, incoming, callback_id = read
            output = self.get_output_channel(str(chat["id"]))
            if callback_id:
                await output.answer_callback(str(callback_id))
            try:
                await self.webhook.handle(incoming, sender_id=conversation_id("telegram", str(chat["id"])),
                                          output=output, agent=getattr(request.app.ctx, "agent", None),
                                          on_new_message=on_new_message)
            except Exception:
                logger.exception("A Telegram update could not be handled")
            return response.json({"ok": True})

        return telegram_webhook
