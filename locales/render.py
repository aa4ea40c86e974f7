"""Response name + language + arguments → text and buttons. THE place that does it.

    >>> render("utter_ask_municipality", "sv")
    {'text': 'I vilken kommun bor du? Svaret beror på det.',
     'buttons': [{'title': 'Askola', 'payload': '/inform{"municipality":"askola"}'}, ...]}

Arguments (extra keyword arguments of ``dispatcher.utter_message(response=..., **kwargs)``; Rasa
also passes the SDK's own message fields, which are ignored; ``None`` counts as missing):

- ``answer``: the programme content (responses of kind ``answer``).
- ``fallback_language``: code of the language ``answer`` is in, when it is not the conversation
  language: a note says so above the answer. ``outdated`` (true) and ``source_language`` (code):
  a note says a newer version exists in that language.
- ``place``: the user's place as a display name (``utter_out_of_coverage``).
- ``topics``: topic ids to offer as buttons (``utter_suggestions``); ``count`` defaults to their
  number.
- booking responses: ``starts_at``, ``mode``, ``meeting_topic``, ``meeting_language`` (a code),
  ``provider``, ``interpreter_needed``, ``retention_days``, ``options``, ``alternatives``, and
  plain values (``place``, ``contact``, ``booking_reference``, ``calendar_url``, ...): see
  ``locales.booking``.

Filled in by the renderer: ``{covered}`` (the fully covered municipalities' names in the language,
as a list), ``{language}`` and ``{language_native}`` (the conversation language's name in itself).
A placeholder without a value is left empty rather than failing; a response may name a whole
other text for a missing argument (``Response.when_missing``).
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterable

from babel.lists import format_list

from . import answer_texts, booking, catalogs, places, programme_data
from .languages import SUPPORTED, language_name, menu_title, native_name
from .response_types import checked_payload, payload
from .responses import (
    COVERED_IN_WORDS,
    LANGUAGE_ARGUMENTS,
    MENU_TOPICS,
    NOTE_FALLBACK_LANGUAGE,
    NOTE_OUTDATED,
    NOTE_OUTDATED_UNKNOWN_SOURCE,
    RESPONSES,
    Button,
    Response,
    topic_intent,
)

log = logging.getLogger(__name__)

_TOPIC_ID = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_BLANKS = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([.,:;!?،؛؟])")


class _Values(dict):
    """Placeholder values; a missing one becomes empty instead of a KeyError (and is remembered)."""

    missing = False

    def __missing__(self, key: str) -> str:
        self.missing = True
        return ""


# --- button sets (cached per language; render() hands out fresh dicts) ---------------------------


@functools.lru_cache(maxsize=1024)  # keyed by ids from arguments too: bounded
def _topic_button(topic: str, language: str) -> tuple[str, str]:
    return programme_data.topic_title(topic, language), payload(topic_intent(topic))


def _answer_actions(language: str, arguments: dict, translate) -> list[tuple[str, str]]:
    """Under an answer: the rest of its topic, and an advisor when the documents fall short."""
    pairs = []
    topic = arguments.get("more_topic")
    if isinstance(topic, str) and _TOPIC_ID.match(topic):
        title = translate(answer_texts.MORE_ABOUT).format(topic=programme_data.topic_title(topic, language))
        pairs.append((title, payload("ask_more", {"topic": topic})))
    if _is_true(arguments.get("offer_advisor")):
        pairs.append((translate(answer_texts.BOOK_ADVISOR.title), answer_texts.BOOK_ADVISOR.payload))
    return pairs


@functools.cache
def _language_buttons() -> tuple[tuple[str, str], ...]:
    return tuple(
        (menu_title(code), payload("change_language", {"requested_language": code}))
        for code in SUPPORTED
    )


def _topic_buttons(topics: Iterable[str], language: str) -> list[tuple[str, str]]:
    buttons = []
    for topic in topics:
        if isinstance(topic, str) and _TOPIC_ID.match(topic):
            buttons.append(_topic_button(topic, language))
        else:
            log.warning("ignoring suggested topic %r", topic)
    return buttons


def _buttons(spec: Response, language: str, arguments: dict, translate) -> list[dict[str, str]]:
    pairs: list[tuple[str, str]] = []
    for item in spec.buttons:
        if isinstance(item, Button):
            pairs.append((translate(item.title), checked_payload(item.payload)))
        elif item == "topics":
            pairs += _topic_buttons(MENU_TOPICS, language)
        elif item == "suggested_topics":
            pairs += _topic_buttons(_as_list(arguments.get("topics")), language)
        elif item == "municipalities":
            pairs += places.municipality_buttons(arguments, language)
        elif item == "answer_actions":
            pairs += _answer_actions(language, arguments, translate)
        elif item == "languages":
            pairs += _language_buttons()
        else:  # the booking sets
            pairs += booking.buttons(item, language, arguments, translate)
    return [{"title": title, "payload": payload} for title, payload in pairs]


# --- placeholder values --------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _covered(language: str, municipalities: tuple[str, ...]) -> str:
    names = [places.municipality_name(item, language) for item in places.in_finnish_order(municipalities)]
    if not names:  # the data is missing: say it in words rather than leave a gap
        return catalogs.translations(language).gettext(COVERED_IN_WORDS)
    return format_list(names, locale=language)


def _as_list(value: object) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _name_of_language(value: object, language: str) -> str:
    """A language argument as a name in ``language``; an unknown code is shown as given."""
    text = str(value)
    try:
        return language_name(text, language)
    except Exception:  # not a language code (babel raises several kinds): show it as given
        return text


def _as_count(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 1


def _present(value: object) -> bool:
    return value is not None and value != "" and value != [] and value is not False


def _is_true(value: object) -> bool:
    return (
        value is True
        or (isinstance(value, str) and value.strip().lower() in {"true", "yes", "1"})
        or value == 1
    )


def _fill(template: str, values: _Values, english: str) -> str:
    try:
        text = template.format_map(values)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        log.error("malformed translation %r; showing English", template)
        try:
            text = english.format_map(values)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError):
            text = english
    if values.missing:  # tidy the gap an empty placeholder left
        text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _BLANKS.sub(" ", text))
    return text.strip()


def _answer_notes(language: str, arguments: dict, translate) -> list[str]:
    notes = []
    fallback = arguments.get("fallback_language")
    if _present(fallback) and fallback != language:
        notes.append(
            translate(NOTE_FALLBACK_LANGUAGE).format(
                language=language_name(language, language),
                fallback_language=_name_of_language(fallback, language),
            )
        )
    if _is_true(arguments.get("outdated")):
        source = arguments.get("source_language")
        if _present(source):
            notes.append(
                translate(NOTE_OUTDATED).format(source_language=_name_of_language(source, language))
            )
        else:
            notes.append(translate(NOTE_OUTDATED_UNKNOWN_SOURCE))
    return notes


def _not_stated(arguments: dict, translate) -> str | None:
    """The sentence that says the documents do not answer this kind of question."""
    kind = arguments.get("not_stated")
    if not isinstance(kind, str) or not kind:
        return None
    return translate(answer_texts.NOT_STATED.get(kind, answer_texts.NOT_STATED_GENERAL))


# --- the one entry point -------------------------------------------------------------------------


def render(response: str, language: str, arguments: dict | None = None) -> dict:
    """Render ``response`` in ``language``: ``{"text": ..., "buttons": [{"title", "payload"}]}``.

    "buttons" is left out when there are none. KeyError for a response missing from the table,
    ValueError for an unsupported language (callers validate the language first).
    """
    spec = RESPONSES[response]
    if language not in SUPPORTED:
        raise ValueError(f"unsupported language {language!r}")
    arguments = arguments or {}
    translations = catalogs.translations(language)
    translate = translations.gettext

    values = _Values(
        (key, value)
        for key, value in arguments.items()
        if _present(value) and isinstance(value, (str, int, float)) and not isinstance(value, bool)
    )
    # Always the renderer's own, whatever an action passed under these names.
    values["language"] = language_name(language, language)
    values["language_native"] = native_name(language)
    values["covered"] = _covered(language, tuple(places.covered_ids(arguments)))
    subject = arguments.get("subject")
    if isinstance(subject, str) and subject in answer_texts.SUBJECTS:
        values["subject"] = translate(answer_texts.SUBJECTS[subject])
    topics = _as_list(arguments.get("topics"))
    if "count" not in values:
        values["count"] = len(topics) if topics else 1
    for key in LANGUAGE_ARGUMENTS:
        if key in values:
            values[key] = _name_of_language(values[key], language)
    values.update(booking.values(language, arguments, translations))

    msgid = spec.text
    for argument, alternative in spec.when_given.items():
        if argument in values:
            msgid = alternative
            break
    for argument, alternative in spec.when_missing.items():
        if not _present(arguments.get(argument)):
            msgid = alternative
            break
    if spec.plural and msgid == spec.text:
        count = _as_count(values["count"])
        template = translations.ngettext(spec.text, spec.plural, count)
        english = spec.text if count == 1 else spec.plural
    else:
        template = translate(msgid)
        english = msgid
    text = _fill(template, values, english)

    if spec.kind == "answer":
        notes = _answer_notes(language, arguments, translate)
        if notes:
            text = " ".join(notes) + "\n\n" + text
        lead = _not_stated(arguments, translate)
        if lead:
            text = lead + "\n\n" + text
    followed = arguments.get(spec.followed_by) if spec.followed_by else None
    if isinstance(followed, str) and followed.strip():
        text = text + "\n\n" + followed.strip()

    result: dict = {"text": text}
    buttons = _buttons(spec, language, arguments, translate)
    if buttons:
        result["buttons"] = buttons
    return result


def reload(data_dir: str | os.PathLike[str] | None = None) -> None:
    """Forget cached catalogs and programme data; read data from ``data_dir`` (None: ``data/``)."""
    catalogs.reload()
    programme_data.reload(data_dir)
    _topic_button.cache_clear()
    _covered.cache_clear()


def render_safely(response: str, language: str, arguments: dict | None = None) -> dict:
    """``render``, but odd arguments from a caller never silence the bot: on an error in the
    arguments the response is rendered without them (logged). KeyError for an unknown response
    and ValueError for an unsupported language still raise: those are the caller's bugs."""
    if response not in RESPONSES:
        raise KeyError(response)
    try:
        return render(response, language, arguments)
    except Exception:
        log.exception("rendering %s in %s failed; rendering it without arguments", response, language)
        return render(response, language, {})


def preload() -> None:
    """Load every language's catalog and the programme names now (at start-up, before a process
    forks its workers), not on the first user's turn."""
    for language in SUPPORTED:
        render("utter_greet", language, {})
