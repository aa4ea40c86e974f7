"""Rasa's REST webhook, guarded: bounded work for whatever a client posts (applied by
`rasa_patches.apply()`).

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
  form's buttons, and the end-to-end tests' presses keep working; anything else loses its leading
  slashes and goes through NLU as the words it is.
"""
from __future__ import annotations

import os
from typing import Any, Optional, Text

from rasa.core.channels.rest import RestInput
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered
from sanic.exceptions import InvalidUsage, PayloadTooLarge

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


async def _extract_sender(self: RestInput, request) -> Optional[Text]:
    # The first of the channel's reads in `receive`: the one place that sees the body before Rasa.
    return checked_body(request.json)["sender"]


def offered_payloads(tracker) -> set[str]:
    """The button payloads the bot sent in this conversation (as far as the tracker holds it)."""
    payloads = set()
    for event in tracker.events:
        if isinstance(event, BotUttered):
            for button in (event.data or {}).get("buttons") or ():
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"])
    return payloads


def as_text(text: str) -> str:
    """Typed text that would run as an intent, as words: without its leading slashes."""
    return text.lstrip(PAYLOAD_PREFIX + " ") or "-"


_original_parse_message = MessageProcessor.parse_message


async def _parse_message(self: MessageProcessor, message, tracker=None, only_output_properties: bool = True):
    text = message.text
    if tracker is not None and isinstance(text, str) and text.startswith(PAYLOAD_PREFIX) \
            and text.strip() not in offered_payloads(tracker):
        message.text = as_text(text)
    return await _original_parse_message(self, message, tracker, only_output_properties)


def apply() -> None:
    RestInput._extract_sender = _extract_sender
    MessageProcessor.parse_message = _parse_message
