"""Texts of the messaging channels (Telegram, WhatsApp) that no bot response covers: the answer to
a message the bot cannot read, the heading of an answer's links, the note that a message went to
the advisor. The handoff's own texts (the queue, "Leave the queue") are `locales.handoff`'s.
Msgids of the `messages` domain (``N_`` only marks them for ``pybabel extract``)."""

from __future__ import annotations

from . import catalogs
from .languages import DEFAULT, is_supported
from .response_types import N_
from .widget import WIDGET_STRINGS

# Translators: The answer to a photo, voice message, sticker, video or file sent
# in Telegram or WhatsApp: the bot reads only written text.
UNSUPPORTED_MEDIA = N_(
    "Thank you! I can only read written messages, not pictures, voice messages or stickers. "
    "Please write your question in words."
)
# Translators: The answer to a location shared in Telegram or WhatsApp.
UNSUPPORTED_LOCATION = N_(
    "I cannot read a shared location. Please write the name of the municipality where you live."
)
# Translators: The answer to a message without any text.
EMPTY_MESSAGE = N_("Your message was empty. Please write your question.")
# The heading of the links under an answer: the widget's, one text for both.
SOURCES = WIDGET_STRINGS["sources"]
# Translators: Sent in Telegram or WhatsApp when the user writes while waiting
# for an advisor: the message was passed on to the advisor.
HANDOFF_FORWARDED = N_(
    "I passed your message on. An advisor will answer here as soon as one is free."
)


def text(msgid: str, language: str | None) -> str:
    """`msgid` in `language` (the default language when it is not supported)."""
    return catalogs.translations(language if is_supported(language) else DEFAULT).gettext(msgid)
