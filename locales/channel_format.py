"""How a bot message looks in a messaging channel (Telegram, WhatsApp): pure functions, shared by
the bot's connectors (Rasa, Python 3.10) and the API's outbound delivery (Python 3.11).

- A blank line starts a new message (a chat bubble, as in the widget); a message longer than the
  channel's limit is split at a paragraph, line, sentence or word, never inside a word if it can
  be helped (Telegram 4096, WhatsApp 1600 characters, counted in UTF-16 units as the platforms do).
- Right-to-left text (Arabic, Persian) gets a RIGHT-TO-LEFT MARK at the start of each line: a line
  that starts with a number ("1. ...") or a Latin name would otherwise be laid out left to right.
- Buttons: Telegram shows them as an inline keyboard (one button a row), whose callback data is
  the button's payload (at most 64 bytes, CONTRACT.md §6) or, if a payload were longer, its number
  ("#2"), which the connector resolves; WhatsApp has no buttons here: the options are a numbered
  list, and typing the number or the option's words chooses it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from . import channel_texts

TELEGRAM_LIMIT = 4096
WHATSAPP_LIMIT = 1600
CALLBACK_DATA_MAX_BYTES = 64
RLM = "\u200f"
_RTL_CLASSES = {"R", "AL"}
_BREAKS = ("\n\n", "\n", ". ", "? ", "! ", "۔ ", "؟ ", " ")
_NUMBERED = re.compile(r"^\d{1,2}\. ")


def utf16_len(text: str) -> int:
    """Length as Telegram and Twilio count it (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> int:
    """Index (in characters) of the longest prefix of `text` within `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units, cut at the most natural break."""
    pieces, rest = [], text.strip()
    while utf16_len(rest) > limit:
        window = _cut(rest, limit)
        at = 0
        for separator in _BREAKS:
            found = rest.rfind(separator, 0, window)
            if found > window // 3:  # not a tiny first piece
                at = found + (len(separator) if separator.strip() else 0)
                break
        at = at or window
        pieces.append(rest[:at].strip())
        rest = rest[at:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def is_rtl(text: str) -> bool:
    """Whether the first strongly directional letter of `text` is right-to-left."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in _RTL_CLASSES:
            return True
        if direction == "L":
            return False
    return False


def readable(text: str, rtl: bool) -> str:
    """`text` with a right-to-left mark opening each line, when the message is right-to-left."""
    if not rtl:
        return text
    return "\n".join(RLM + line if line and not line.startswith(RLM) else line for line in text.split("\n"))


def _plain_titles(buttons: Sequence[dict[str, Any]]) -> list[str]:
    """The titles without the numbers the booking gives its options ("1. Porvoo", "2. Loviisa")."""
    titles = [str(button.get("title") or button.get("payload") or "") for button in buttons]
    if all(title.startswith(f"{index}. ") for index, title in enumerate(titles, start=1)):
        titles = [_NUMBERED.sub("", title) for title in titles]
    return titles


def numbered_list(buttons: Sequence[dict[str, Any]], start: int = 1) -> str:
    """ "1. Porvoo\\n2. Loviisa": booking options come numbered already ("1. Porvoo") and are not
    numbered twice; numbers continue from `start` when an earlier message of the turn had options."""
    return "\n".join(f"{number}. {title}" for number, title in enumerate(_plain_titles(buttons), start=start))


def bulleted_list(buttons: Sequence[dict[str, Any]]) -> str:
    """The options' titles without numbers: for messages the bot's conversation does not know
    (the API's handoff notices), where only typing the option's words can choose it."""
    return "\n".join(f"• {title}" for title in _plain_titles(buttons))


def callback_data(button: dict[str, Any], number: int) -> str:
    """A Telegram button's callback data: its payload, or its number when the payload is too long."""
    payload = str(button.get("payload") or button.get("title") or "")
    return payload if len(payload.encode("utf-8")) <= CALLBACK_DATA_MAX_BYTES else f"#{number}"


def inline_keyboard(buttons: Sequence[dict[str, Any]], start: int = 1) -> dict[str, Any]:
    """Telegram's `reply_markup`: one button a row (titles are often long sentences)."""
    return {"inline_keyboard": [[{"text": str(button.get("title") or ""), "callback_data": callback_data(button, n)}]
                                for n, button in enumerate(buttons, start=start)]}


def sources_text(sources: Iterable[dict[str, Any]] | None, language: str | None) -> str:
    """An answer's sources as plain text ("Sources:", then each title and its address, if it has
    one: the platforms make an address a link); "" if none."""
    lines = []
    for source in sources or []:
        named = [str(part) for part in (source.get("title") or source.get("id"), source.get("url")) if part]
        if named:
            lines.append("\n".join(named))
    if not lines:
        return ""
    return channel_texts.text(channel_texts.SOURCES, language) + "\n" + "\n".join(lines)


def messages_for(text: str | None, buttons: Sequence[dict[str, Any]] | None, *, limit: int,
                 keyboard: bool, numbered: bool = True, first_number: int = 1) -> list[dict[str, Any]]:
    """One bot message as the channel's messages: `[{"text", "buttons"?}]`, each within `limit`.

    With `keyboard` (Telegram) the buttons ride on the last message; without (WhatsApp) they are
    written into it as a list (numbered, or bulleted when `numbered` is false)."""
    buttons = list(buttons or [])
    body = (text or "").strip()
    rtl = is_rtl(body + " " + " ".join(str(b.get("title") or "") for b in buttons))
    if buttons and not keyboard:
        listing = numbered_list(buttons, first_number) if numbered else bulleted_list(buttons)
        body = f"{body}\n{listing}" if body else listing
    bubbles = [part for part in re.split(r"\n\s*\n", body) if part.strip()] or ([""] if buttons else [])
    # Marks first, so that the split counts them; a piece that starts mid-line gets its own mark.
    out = [{"text": readable(piece, rtl)} for bubble in bubbles
           for piece in split_text(readable(bubble, rtl), limit - 1)]
    if buttons and keyboard:
        if not out or not out[-1]["text"]:
            out[-1:] = [{"text": "…"}]
        out[-1].update(buttons=buttons, first_number=first_number)
    return out
