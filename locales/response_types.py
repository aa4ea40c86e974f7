"""The building blocks of the response table (``locales.responses``): markers and records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

#: The kinds of CONTRACT.md §2.
VALID_KINDS = frozenset(
    {
        "answer",
        "clarify",
        "out_of_coverage",
        "fallback",
        "booking",
        "handoff",
        "smalltalk",
        "language",
    }
)

#: Dynamic button sets, filled in by ``locales.render``:
#: ``answer_actions`` under an answer: "More about: <topic>" (argument ``more_topic``) and the
#: advisor booking (argument ``offer_advisor``); ``topics`` the topic menu (MENU_TOPICS),
#: ``suggested_topics`` the ids in argument ``topics``, ``municipalities`` the covered
#: municipalities (argument ``municipalities``, from the API), ``languages`` the supported languages;
#: for booking (``locales.booking``): ``options`` the ``{title, payload}`` list in argument
#: ``options`` (an action's own choices, e.g. free times), ``meeting_topics`` what a meeting can
#: be about, ``booking_languages`` the meeting languages (the conversation language first),
#: ``booking_modes`` in person / phone / video, ``booking_alternatives`` what to try when no time
#: is free (argument ``alternatives``: mode ids and ``interpreter``).
BUTTON_SETS = frozenset(
    {
        "answer_actions",
        "topics",
        "suggested_topics",
        "municipalities",
        "languages",
        "options",
        "meeting_topics",
        "booking_languages",
        "booking_modes",
        "booking_alternatives",
    }
)

#: A button's payload fits in this many bytes (CONTRACT.md §6; Telegram's callback limit too).
MAX_PAYLOAD_BYTES = 64


def checked_payload(payload: str) -> str:
    """The payload, if it fits in MAX_PAYLOAD_BYTES; ValueError otherwise."""
    if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"button payload over {MAX_PAYLOAD_BYTES} bytes: {payload}")
    return payload


def payload(intent: str, entities: dict[str, str] | None = None) -> str:
    """``/intent{"entity":"id"}``, compact JSON, as CONTRACT.md §6 writes it."""
    return checked_payload(f"/{intent}" + (json.dumps(entities, separators=(",", ":")) if entities else ""))


def N_(message: str) -> str:
    """Marks a msgid for extraction; translation happens in ``locales.render``."""
    return message


def Np_(singular: str, plural: str) -> dict[str, str]:
    """Marks a singular/plural msgid pair (``-k Np_:1,2``): ``Response(kind, **Np_(s, p))``."""
    return {"text": singular, "plural": plural}


@dataclass(frozen=True)
class Button:
    """A fixed button: translated title, payload as is (CONTRACT.md §6: at most 64 bytes)."""

    title: str
    payload: str


ButtonSpec = str | Button  # a name from BUTTON_SETS, or a fixed Button


@dataclass(frozen=True)
class Response:
    kind: str
    text: str
    #: The plural msgid; when set, the text is chosen with ngettext and argument ``count``.
    plural: str | None = None
    buttons: tuple[ButtonSpec, ...] = ()
    #: argument name → msgid used *instead of* ``text`` when that argument is missing or empty.
    when_missing: dict[str, str] = field(default_factory=dict)
    #: argument name → msgid used *instead of* ``text`` when that argument is given.
    when_given: dict[str, str] = field(default_factory=dict)
    #: An argument whose text (programme content) follows the text as a bubble of its own.
    followed_by: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in VALID_KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        for spec in self.buttons:
            if isinstance(spec, str) and spec not in BUTTON_SETS:
                raise ValueError(f"unknown button set {spec!r}")

    @property
    def msgids(self) -> tuple[str, ...]:
        """Every msgid this response can show (its fixed buttons' titles included)."""
        ids = [self.text, *([self.plural] if self.plural else []), *self.when_missing.values(),
               *self.when_given.values()]
        ids += [spec.title for spec in self.buttons if isinstance(spec, Button)]
        return tuple(ids)
