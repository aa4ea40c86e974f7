"""What the booking texts need beyond plain placeholders: dates, names and button sets.

Times come from the API in UTC (ISO 8601) and are shown in Finnish time (Europe/Helsinki: the
advisors' time, whatever the user's device says), formatted by Babel's CLDR data for the
conversation language: ``ti 1.12. 9.00`` in Finnish, ``الثلاثاء، 1 ديسمبر 9:00 ص`` in Arabic.

The buttons of a booking question are made once, by its action, with ``question_options``
(``booking_responses.QUESTION_BUTTONS`` says which): the action passes them to the NLG as argument
``options`` and remembers them, so that a typed title or number does what the button does.

Arguments read here (``locales.render`` passes them on):
- ``starts_at`` / ``old_starts_at``: ISO times → ``{when}`` / ``{old_when}`` (long form);
- ``mode`` → ``{mode_name}``; ``meeting_topic`` → ``{topic_title}``; ``provider`` →
  ``{provider_name}``; ``interpreter_needed`` → ``{interpreter}`` ("Yes"/"No");
  ``retention_days`` → ``{retention}`` ("90 days");
- ``options`` (button set ``options``): ``[{"title", "payload"}]``, made by ``question_options``;
- for ``question_options``: ``times`` (set ``free_times``): API slots; ``municipalities`` (set
  ``municipalities``): municipality ids; ``alternatives`` (set ``booking_alternatives``): mode ids
  and ``interpreter``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time, get_datetime_format

from . import catalogs, places, programme_data
from .booking_responses import (
    MEETING_TOPICS,
    MODE_TITLES,
    NO,
    OTHER_TOPIC,
    QUESTION_BUTTONS,
    RETENTION_DAYS,
    WITH_INTERPRETER,
    YES,
)
from .languages import SUPPORTED, menu_title
from .response_types import MAX_PAYLOAD_BYTES, Button, payload

log = logging.getLogger(__name__)

HELSINKI = ZoneInfo("Europe/Helsinki")
MAX_OPTIONS = 12  # a chat message with more buttons than this is unusable


# --- times -----------------------------------------------------------------------------------------


def local_time(value: object) -> datetime | None:
    """An ISO 8601 time (a naive one is UTC) in Finnish time; None when it is not a time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(HELSINKI)


def _combine(pattern: str, date_text: str, time_text: str) -> str:
    # CLDR's date-time glue ("{1} {0}", "{1}، ساعت {0}"); quotes mark literal text in it.
    return pattern.replace("'", "").replace("{1}", date_text).replace("{0}", time_text)


def format_when(value: object, language: str) -> str:
    """A day, date and time in full ("tiistai 1. joulukuuta 2026 9.00"); "" if not a time."""
    moment = local_time(value)
    if moment is None:
        return ""
    return _combine(
        get_datetime_format("full", locale=language),
        format_date(moment, "full", locale=language),
        format_time(moment, "short", locale=language),
    )


def slot_title(value: object, language: str) -> str:
    """A short day, date and time for a button ("ti 1.12. 9.00"); "" if not a time."""
    moment = local_time(value)
    if moment is None:
        return ""
    return _combine(
        get_datetime_format("medium", locale=language),
        format_skeleton("MMMEd", moment, locale=language),
        format_time(moment, "short", locale=language),
    )


# --- placeholder values ----------------------------------------------------------------------------


def _yes(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in {"true", "yes", "1"})


def topic_title(topic: str, language: str, translate) -> str:
    return translate(OTHER_TOPIC) if topic == "other" else programme_data.topic_title(topic, language)


def values(language: str, arguments: dict, translations) -> dict[str, str]:
    """The placeholders that booking texts take from arguments (only those that are given)."""
    translate = translations.gettext
    found: dict[str, str] = {}
    for key, name in (("starts_at", "when"), ("old_starts_at", "old_when")):
        text = format_when(arguments.get(key), language)
        if text:
            found[name] = text
    mode = arguments.get("mode")
    if mode in MODE_TITLES:
        found["mode_name"] = translate(MODE_TITLES[mode])
    topic = arguments.get("meeting_topic")
    if isinstance(topic, str) and topic:
        found["topic_title"] = topic_title(topic, language, translate)
    provider = arguments.get("provider")
    if isinstance(provider, str) and provider:
        found["provider_name"] = places.provider_name(provider, language)
    if "interpreter_needed" in arguments and arguments["interpreter_needed"] is not None:
        found["interpreter"] = translate(YES if _yes(arguments["interpreter_needed"]) else NO)
    days = arguments.get("retention_days")
    if isinstance(days, int) and not isinstance(days, bool) and days > 0:
        template = translations.ngettext(RETENTION_DAYS["text"], RETENTION_DAYS["plural"], days)
        found["retention"] = template.replace("{count}", str(days))
    return found


# --- button sets -----------------------------------------------------------------------------------


def _options(arguments: dict) -> list[tuple[str, str]]:
    """An action's own buttons: kept when well-formed (a title, a payload of at most 64 bytes)."""
    found = []
    raw = arguments.get("options")
    for item in raw if isinstance(raw, (list, tuple)) else []:
        title = item.get("title") if isinstance(item, dict) else None
        given = item.get("payload") if isinstance(item, dict) else None
        if (isinstance(title, str) and title.strip() and isinstance(given, str) and given.startswith("/")
                and len(given.encode("utf-8")) <= MAX_PAYLOAD_BYTES):
            found.append((title.strip(), given))
        else:
            log.warning("ignoring a malformed option %r", item)
    return found[:MAX_OPTIONS]


def _meeting_languages(language: str) -> list[tuple[str, str]]:
    ordered = [language, *(code for code in SUPPORTED if code != language)]
    return [(menu_title(code), payload("inform", {"booking_language": code})) for code in ordered]


def _free_times(arguments: dict, language: str) -> list[tuple[str, str]]:
    raw = arguments.get("times")
    slots = [slot for slot in raw if isinstance(slot, dict)] if isinstance(raw, (list, tuple)) else []
    return [(slot_title(slot.get("starts_at"), language), payload("inform", {"booking_slot": str(slot["id"])}))
            for slot in slots if slot.get("id") is not None]


def buttons(name: str, language: str, arguments: dict, translate) -> list[tuple[str, str]]:
    """(title, payload) pairs of a booking button set (``responses.BUTTON_SETS``)."""
    if name == "options":
        return _options(arguments)
    if name == "free_times":
        return _free_times(arguments, language)
    if name == "municipalities":
        return places.municipality_buttons(arguments, language)
    if name == "meeting_topics":
        pairs = [(programme_data.topic_title(topic, language), payload("inform", {"meeting_topic": topic}))
                 for topic in MEETING_TOPICS]
        return [*pairs, (translate(OTHER_TOPIC), payload("inform", {"meeting_topic": "other"}))]
    if name == "booking_languages":
        return _meeting_languages(language)
    if name == "booking_modes":
        return [(translate(title), payload("inform", {"booking_mode": mode})) for mode, title in MODE_TITLES.items()]
    if name == "booking_alternatives":
        pairs = []
        raw = arguments.get("alternatives")
        for item in raw if isinstance(raw, (list, tuple)) else []:
            if item in MODE_TITLES:
                pairs.append((translate(MODE_TITLES[item]), payload("inform", {"booking_mode": item})))
            elif item == "interpreter":
                pairs.append((translate(WITH_INTERPRETER), payload("inform", {"booking_interpreter": "yes"})))
        return pairs
    return []


def numbered(index: int, title: str) -> str:
    """A button title with its number ("2. Puhelimitse"): typing the number presses it."""
    return f"{index + 1}. {title}"


def question_options(response: str, language: str, arguments: dict | None = None) -> list[dict[str, str]]:
    """The buttons of a booking question (``QUESTION_BUTTONS``), made without rendering its text,
    numbered when there is more than one (the questions say "or type its number")."""
    arguments = arguments or {}
    translate = catalogs.translations(language).gettext
    pairs: list[tuple[str, str]] = []
    for item in QUESTION_BUTTONS.get(response, ()):
        if isinstance(item, Button):
            pairs.append((translate(item.title), item.payload))
        else:
            pairs += buttons(item, language, arguments, translate)
    if len(pairs) > 1:
        pairs = [(numbered(index, title), payload) for index, (title, payload) in enumerate(pairs)]
    return [{"title": title, "payload": payload} for title, payload in pairs]
