"""What both connectors do with a verified incoming message, in order:

1. Something the bot cannot read (photo, voice, sticker, location, nothing): a polite answer in
   the conversation's language, from the catalogs; the bot is not asked.
2. A live handoff is active for the conversation (`GET /v1/handoffs/active`): the message goes to
   the advisor (`POST /v1/handoffs/{id}/messages`), not to the bot; while still queued the user is
   told so and can leave the queue (`/handoff_leave`, its button, or typing its title or number).
3. Otherwise the bot: a typed option ("2", its words) or a Telegram button's "#2" becomes that
   option's payload (the options of the bot's last turn, matched as the booking matches them), and
   Telegram's `language_code` goes along as `metadata.session_language` on the first message only.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.booking.choices import match_option
from actions.channel_context import ChannelOrigin, reset_channel, set_channel
from locales import channel_texts
from locales.handoff import LEAVE_PAYLOAD, handoff_text
from locales.languages import DEFAULT, is_supported

from . import conversation
from .handoff_client import HandoffClient
from .output import MessagingOutput, close_session

logger = logging.getLogger(__name__)

TEXT, MEDIA, LOCATION, EMPTY = "text", "media", "location", "empty"
NOTICES = {MEDIA: channel_texts.UNSUPPORTED_MEDIA, LOCATION: channel_texts.UNSUPPORTED_LOCATION,
           EMPTY: channel_texts.EMPTY_MESSAGE}
#: Telegram's bot commands: "/start" is the first message of every new chat (the app sends it when
#: the user opens the bot), "/help" is in every bot's menu. They are the bot's greeting and help,
#: given to the bot as understood (the NLU would read "/start", no button of ours, as a word).
COMMANDS = {"/start": "greet", "/help": "help"}


@dataclass(frozen=True)
class Incoming:
    kind: str  # TEXT | MEDIA | LOCATION | EMPTY
    text: str = ""
    language_hint: Optional[str] = None  # Telegram's language_code (the app's language)


def channel_blueprint(name: str) -> Blueprint:
    """A connector's blueprint with Rasa's health route (`GET /webhooks/<channel>/`)."""
    blueprint = Blueprint(name, __name__)

    @blueprint.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @blueprint.listener("before_server_stop")
    async def close_connections(*_: Any) -> None:
        await close_session()

    return blueprint


def command_intent(text: str) -> Optional[str]:
    """The intent of a Telegram command ("/start", "/start campaign-7", "/help@OpasBot")."""
    command = text.split(maxsplit=1)[0].split("@", 1)[0].lower() if text else ""
    return COMMANDS.get(command)


def chosen_option(text: str, buttons: list[dict[str, Any]]) -> str:
    """The payload of the option `text` chooses among `buttons` ("2", "#2", its words); else `text`."""
    if text.startswith("#") and text[1:].isdigit():
        number = int(text[1:])
        return buttons[number - 1]["payload"] if 1 <= number <= len(buttons) else text
    return match_option(text, buttons) or text


class Webhook:
    def __init__(self, channel: str, input_channel: str, handoffs: Optional[HandoffClient] = None) -> None:
        self.channel = channel  # the handoff's channel name: telegram | whatsapp
        self.input_channel = input_channel
        self.handoffs = handoffs or HandoffClient()

    async def handle(self, incoming: Incoming, *, sender_id: str, output: MessagingOutput, agent: Any,
                     on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        view = await conversation.read(agent, sender_id)
        hint = incoming.language_hint if is_supported(incoming.language_hint) else None
        language = view.language or hint
        if incoming.kind != TEXT:
            await output.send_formatted(channel_texts.text(NOTICES[incoming.kind], language), None)
            return
        token = set_channel(ChannelOrigin(self.channel, output.user))
        try:
            handoff = await self.handoffs.active(sender_id)
            if handoff is not None:
                await self.to_advisor(handoff, incoming.text, output, language)
                return
            text = chosen_option(incoming.text, view.last_buttons) if view.last_buttons else incoming.text
            metadata = {"session_language": hint} if hint and view.is_new else None
            intent = command_intent(text) if self.channel == "telegram" else None
            parse_data = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []} \
                if intent else None
            await on_new_message(UserMessage(text, output, sender_id, parse_data=parse_data,
                                             input_channel=self.input_channel, metadata=metadata))
        finally:
            reset_channel(token)

    async def to_advisor(self, handoff: dict[str, Any], text: str, output: MessagingOutput,
                         language: Optional[str]) -> None:
        language = handoff.get("language") if is_supported(handoff.get("language")) else language
        language = language if is_supported(language) else DEFAULT
        queued = handoff.get("status") == "queued"
        leave = {"title": handoff_text("leave_button", language), "payload": LEAVE_PAYLOAD}
        if text == LEAVE_PAYLOAD or (queued and match_option(text, [leave])):
            await self.handoffs.leave(handoff["id"])
            await output.send_formatted(handoff_text("left_queue", language), None)
            return
        if not await self.handoffs.forward(handoff["id"], text):
            logger.warning("A message to an advisor was not stored")
        if queued:  # once an advisor has joined, they answer; until then the user hears from us
            notice = channel_texts.text(channel_texts.HANDOFF_FORWARDED, language)
            if handoff.get("position"):
                notice += " " + handoff_text("queued", language, position=handoff["position"])
            await output.send_formatted(notice, [leave])
