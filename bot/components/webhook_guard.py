"""Rasa's REST webhook, guarded: bounded work for whatever a client posts (applied by
`rasa_patches.apply()`).

- **A failed turn is a 503**, not a 200 with an empty reply, and the user's text stays out of the
  log (Rasa's own channel logs it with the error).
- **The body is validated** before Rasa reads it: a JSON object with a non-empty `sender` (at most
  128 characters), a `message` string and, if any, a `metadata` object. Rasa 3.6 answers a JSON
  array with a 500 (`list.get`) and files a request without `sender` under one shared `default`
  conversation; both are now a 400.
- **The message is capped before NLU** (`OPAS_MAX_MESSAGE_CHARS`, 2,000 characters by default;
  the chat gateway allows less): a longer one is a 413, not seconds of n-gram featurisation (a
  1 MB message took 7.6 s of a worker). Sanic's own body limit (`SANIC_REQUEST_MAX_SIZE`,
  scripts/env.sh) stops bigger bodies before they are parsed at all.
- **Typed `/intent` text is text.** Rasa runs any message that starts with `/` as an intent with
  the entities written after it (`/restart`, `/inform{"booking_contact": ...}`). A message is now
  taken as such a payload only when it is a button the bot itself offered in this conversation
  (a `BotUttered` event of the tracker carries it): the widget's and the channels' buttons, the
  form's buttons, and the end-to-end tests' presses keep working, and so does the widget's
  language picker (`CLIENT_PAYLOADS`); anything else loses its leading slashes and goes through
  NLU as the words it is.
"""
from __future__ import annotations

import logging
import os
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage, PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

SENDER_MAX_CHARS = 128
PAYLOAD_PREFIX = "/"


def max_message_chars() -> int:
    return int(os.environ.get("OPAS_MAX_MESSAGE_CHARS", "2000"))


def checked_body(body: Any) -> dict:
    """The webhook's JSON body if it is well formed; raises Sanic's 400 or 413 otherwise."""
    if not isinstance(body, dict):
        raise InvalidUsage("the body must be a JSON object: {\"sender\": ..., \"message\": ...}")
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > SENDER_MAX_CHARS:
        raise InvalidUsage(f"`sender` is required: a non-empty string of at most {SENDER_MAX_CHARS} characters")
    message = body.get("message")
    if not isinstance(message, str):
        raise InvalidUsage("`message` is required: a string")
    if len(message) > max_message_chars():
        raise PayloadTooLarge(f"`message` is longer than {max_message_chars()} characters")
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        raise InvalidUsage("`metadata` must be a JSON object")
    if body.get("input_channel") is not None and not isinstance(body["input_channel"], str):
        raise InvalidUsage("`input_channel` must be a string")
    return body


def _guarded_blueprint(self: RestInput, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
    """Rasa's REST channel (`/webhooks/rest/`), with its body checked first and its failures told.

    Rasa's own `receive` answers 200 with whatever was collected when the turn fails (a store
    unreachable, a lock not acquired), and logs the user's text with the error. Here a failed turn
    is a 503 (the chat gateway then apologises in the user's language) and the log names the
    error only. Streaming (`?stream=true`) is not offered: nothing of Opas uses it.
    """
    webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

    @webhook.route("/", methods=["GET"])
    async def health(request: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @webhook.route("/webhook", methods=["POST"])
    async def receive(request: Request) -> HTTPResponse:
        body = checked_body(request.json)
        if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
            raise InvalidUsage("streaming replies are not offered")
        collector = CollectingOutputChannel()
        message = UserMessage(body["message"], collector, body["sender"],
                              input_channel=body.get("input_channel") or self.name(), metadata=body.get("metadata"))
        try:
            await on_new_message(message)
        except CancelledError:
            logger.error("A REST turn was cancelled (the client went away or timed out)")
            raise
        except Exception as error:  # what Rasa's own channel catches too: here it is told, not hidden
            logger.error("A REST turn failed: %s", type(error).__name__, exc_info=logger.isEnabledFor(logging.DEBUG))
            return response.json({"error": "unavailable", "message": "the turn could not be handled"}, status=503)
        return response.json(collector.messages)

    return webhook


def offered_payloads(tracker) -> set[str]:
    """The button payloads the bot sent in this conversation (as far as the tracker holds it)."""
    payloads = set()
    for event in tracker.events:
        if isinstance(event, BotUttered):
            for button in (event.data or {}).get("buttons") or ():
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"])
    return payloads


#: Payloads a client sends of its own, not as a button the bot offered: the widget's language
#: picker (CONTRACT.md §5). Only this exact shape, a language code and nothing else, is let
#: through: it changes what the metadata of the same message changes anyway.
CLIENT_PAYLOADS = re.compile(r'/change_language\{"requested_language":"[a-z]{2,3}"\}')


def runs_as_intent(text: str, tracker) -> bool:
    payload = text.strip()
    return bool(CLIENT_PAYLOADS.fullmatch(payload)) or payload in offered_payloads(tracker)


def as_text(text: str) -> str:
    """Typed text that would run as an intent, as words: without its leading slashes."""
    return text.lstrip(PAYLOAD_PREFIX + " ") or "-"


_original_parse_message = MessageProcessor.parse_message


async def _parse_message(self: MessageProcessor, message, tracker=None, only_output_properties: bool = True):
    text = message.text
    if tracker is not None and isinstance(text, str) and text.startswith(PAYLOAD_PREFIX) \
            and not runs_as_intent(text, tracker):
        message.text = as_text(text)
    return await _original_parse_message(self, message, tracker, only_output_properties)


def apply() -> None:
    RestInput.blueprint = _guarded_blueprint
    MessageProcessor.parse_message = _parse_message
