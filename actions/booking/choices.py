"""A typed choice among the buttons a question showed (CONTRACT.md §6): whatever a button does,
typing its number or its title does too, and so does naming its place ("the first one",
"toinen", "второй", "الأول") or, for a free time, its day, date or time ("Tuesday at 10",
"9.12. klo 10": `typed_time`). The buttons are numbered ("1. Porvoo"), so the numbers typed are
the ones shown."""
from __future__ import annotations

from typing import Any

from locales.booking import local_time, numbered
from placenames.normalize import normalize

from . import words
from .reading import Turn, change_target, contains_any, normalise, parse_payload
from .typed_time import time_meant

#: Buttons that steer the form instead of answering the question: not counted by "the last one".
CONTROLS = ("/stop", '{"booking_change"')
ORDINAL_MAX_WORDS = 5


def option_number(text: str) -> int | None:
    """1-based number of a typed "2", "٢", "۲" or "2." (CONTRACT.md §6: typing the number)."""
    stripped = normalize(text).rstrip(".)")
    if not stripped or len(stripped) > 3:
        return None
    try:
        return int(stripped)
    except ValueError:
        return None


def _title(option: dict[str, str], index: int) -> str:
    """A button's title without the number it is shown with."""
    title = option.get("title", "")
    prefix = numbered(index, "")
    return title[len(prefix):] if title.startswith(prefix) else title


def match_option(text: str, options: list[dict[str, str]] | None) -> str | None:
    """The payload of the button whose number or title the user typed; None when none matches."""
    if not options or text.startswith("/"):
        return None
    number = option_number(text)
    if number is not None:
        return options[number - 1]["payload"] if 1 <= number <= len(options) else None
    typed = normalise(text)
    if not typed:
        return None
    titles = [(normalise(_title(option, index)), option["payload"]) for index, option in enumerate(options)]
    exact = [option["payload"] for option in options if normalise(option.get("title", "")) == typed]
    exact += [payload for title, payload in titles if title == typed]
    if exact:
        return exact[0]
    # "porvoo" for "Porvoo", "9.00" for "ti 1.12. 9.00": a unique partial match, long enough.
    partial = [payload for title, payload in titles if len(typed) >= 4 and f" {typed} " in f" {title} "]
    return partial[0] if len(partial) == 1 else None


def ordinal_option(turn: Turn, options: list[dict[str, str]]) -> str | None:
    """"The second one", "toinen", "الأخير": the option in that place, among the answers (not the
    stop and change buttons). Only in a short message that names one place and no other number."""
    choices = [option["payload"] for option in options if not any(c in option["payload"] for c in CONTROLS)]
    if len(choices) < 2 or not 0 < turn.words <= ORDINAL_MAX_WORDS:
        return None
    named = [key for key, table in words.ORDINALS.items() if contains_any(turn.normalised, table)]
    ordinal_words = {normalise(word) for table in words.ORDINALS.values() for listed in table.values()
                     for word in listed}
    if len(named) != 1 or any(any(c.isdigit() for c in word) and word not in ordinal_words
                              for word in turn.normalised.split()):
        return None
    if named[0] == "last":
        return choices[-1]
    place = int(named[0])
    return choices[place - 1] if place <= len(choices) else None


def offered_times(options: list[dict[str, str]], offers: list[dict[str, Any]] | None) -> dict[str, Any]:
    """payload → Finnish time of each free-time button."""
    starts = {str(offer.get("id")): local_time(offer.get("starts_at")) for offer in offers or []}
    found = {}
    for option in options:
        slot_id = parse_payload(option["payload"])[1].get("booking_slot")
        if starts.get(slot_id) is not None:
            found[option["payload"]] = starts[slot_id]
    return found


def typed_choice(turn: Turn, options: list[dict[str, str]] | None,
                 offers: list[dict[str, Any]] | None = None) -> str | None:
    """The payload of the button the message chooses, whichever way it is typed; None if none.

    A change ("toinen aika": another time) is no choice: the form reads it as a change."""
    if not options or turn.payload:
        return None
    pressed = match_option(turn.text, options)
    if pressed or change_target(turn):
        return pressed
    return ordinal_option(turn, options) or time_meant(turn.text, offered_times(options, offers))
