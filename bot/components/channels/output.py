"""Output channels that send through the platforms' HTTP APIs, one instance per incoming message
(bound to the real chat id or phone number, which the tracker never sees: `recipient_id` is the
hashed conversation id and is ignored).

Rasa 3.6's own outputs cannot be used: its Telegram output (aiogram) fails when sending from
inside the running loop (upstream #10666) and cannot be pointed at a fake API; its Twilio output
blocks the event loop with a synchronous client. Both render buttons their own way."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text, Tuple

import aiohttp
from rasa.core.channels.channel import OutputChannel

from locales import channel_format

from .settings import TelegramSettings, TwilioSettings

logger = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=10)


class MessagingOutput(OutputChannel):
    """Formats each bot message for the channel and sends its pieces in order."""

    limit = channel_format.TELEGRAM_LIMIT
    keyboard = True

    def __init__(self, user: str, settings: Any) -> None:
        self.user = user
        self.settings = settings
        self.options_shown = 0  # buttons shown so far in this turn: WhatsApp numbers continue
        self.sent: List[Dict[str, Any]] = []

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        text = message.get("text") or ""
        if message.get("image"):
            text = f"{text}\n{message['image']}".strip()
        await self.send_formatted(text, message.get("buttons") or message.get("quick_replies"))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_formatted(text, None)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self.send_formatted(text, buttons)

    async def send_formatted(self, text: Optional[str], buttons: Optional[List[Dict[str, Any]]], *,
                             numbered: bool = True) -> None:
        pieces = channel_format.messages_for(text, buttons, limit=self.limit, keyboard=self.keyboard,
                                             numbered=numbered, first_number=self.options_shown + 1)
        self.options_shown += len(buttons or [])
        for piece in pieces:
            await self.post(piece)
            self.sent.append(piece)

    async def post(self, piece: Dict[str, Any]) -> None:
        raise NotImplementedError


_sessions: Dict[int, Tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = {}


def _session() -> aiohttp.ClientSession:
    """One keep-alive session per event loop (per Rasa worker): a turn's messages, and the next
    turn's, reuse the TLS connection to the platform instead of a handshake per message."""
    loop = asyncio.get_running_loop()
    owner, session = _sessions.get(id(loop), (None, None))
    if session is None or session.closed or owner is not loop:
        session = aiohttp.ClientSession(timeout=TIMEOUT)
        _sessions[id(loop)] = (loop, session)
    return session


async def close_session() -> None:
    """Close this event loop's session (before the loop itself closes)."""
    _, session = _sessions.pop(id(asyncio.get_running_loop()), (None, None))
    if session is not None:
        await session.close()


async def _request(method: str, url: str, **kwargs: Any) -> int:
    """One call to a platform; failures are logged (without the address: it holds the token)."""
    try:
        async with _session().request(method, url, **kwargs) as response:
            if response.status >= 400:
                logger.error("The messaging platform refused a message: HTTP %s %s", response.status,
                             (await response.text())[:300])
            return response.status
    except (aiohttp.ClientError, TimeoutError) as error:
        logger.error("The messaging platform could not be reached: %s", type(error).__name__)
        return 0


class TelegramOutput(MessagingOutput):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    settings: TelegramSettings

    def method_url(self, method: str) -> str:
        return f"{self.settings.api_url}/bot{self.settings.token}/{method}"

    async def post(self, piece: Dict[str, Any]) -> None:
        body: Dict[str, Any] = {"chat_id": self.user, "text": piece["text"]}
        if piece.get("buttons"):
            body["reply_markup"] = channel_format.inline_keyboard(piece["buttons"], piece.get("first_number", 1))
        await _request("POST", self.method_url("sendMessage"), json=body)

    async def answer_callback(self, callback_query_id: str) -> None:
        """Stops the spinning clock on a pressed inline button."""
        await _request("POST", self.method_url("answerCallbackQuery"), json={"callback_query_id": callback_query_id})


class WhatsAppOutput(MessagingOutput):
    limit = channel_format.WHATSAPP_LIMIT
    keyboard = False

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    settings: TwilioSettings

    async def post(self, piece: Dict[str, Any]) -> None:
        url = f"{self.settings.api_url}/2010-04-01/Accounts/{self.settings.account_sid}/Messages.json"
        await _request("POST", url, data={"From": self.settings.number, "To": self.user, "Body": piece["text"]},
                       auth=aiohttp.BasicAuth(self.settings.account_sid, self.settings.auth_token))
