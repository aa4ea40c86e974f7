"""What the booking and manage forms share: reading the user's message, matching a typed button,
contacts, references, the provider that serves the user, and the slots to clear.

Pure functions (no API, no dispatcher), so that they are easy to test.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import phonenumbers
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from . import booking_words as words
from .conversation_state import gazetteer

# --- slots -----------------------------------------------------------------------------------------

#: The booking form's questions, in order (bot/domain/booking.yml).
BOOKING_FORM_SLOTS = ("booking_municipality", "meeting_topic", "booking_language", "booking_interpreter",
                      "booking_mode", "booking_slot", "booking_contact", "booking_privacy", "booking_confirmed")
#: What a change of one answer makes stale: everything that depends on it must be asked again.
#: A changed booking always needs a new summary and a new idempotency key.
DEPENDENTS = {
    "booking_municipality": ("booking_slot",),
    "meeting_topic": (),
    "booking_language": ("booking_interpreter", "booking_slot"),
    "booking_interpreter": ("booking_slot",),
    "booking_mode": ("booking_slot",),
    "booking_slot": (),
    "booking_contact": (),
    "booking_privacy": (),
}
#: Every slot a booking fills (cleared when it is booked or stopped: personal data minimisation).
BOOKING_DATA_SLOTS = (*BOOKING_FORM_SLOTS, "booking_choice", "booking_offers", "booking_from", "booking_options",
                      "booking_idempotency_key", "booking_end")
MANAGE_DATA_SLOTS = ("manage_action", "manage_reference", "manage_contact", "manage_appointment", "manage_slot",
                     "manage_confirmed", "manage_end", "booking_offers", "booking_from", "booking_options")
REQUESTED_SLOT = "requested_slot"

#: Meeting topics the API accepts (CONTRACT.md §3 topics but booking/human_handoff, and "other").
API_MEETING_TOPICS = frozenset({"integration_programme", "service_provider", "responsibility_split",
                                "needs_assessment", "integration_plan", "civic_orientation",
                                "integration_training", "other_training", "guidance_counselling", "contact",
                                "other"})
MODES = ("in_person", "phone", "video")

#: Intents that, when the answer to the question cannot be read from the message, mean the user
#: said something else: the form rejects the turn and a rule answers it (bot/data/rules/booking.yml
#: has a rule for each, for both forms), then the form asks its question again.
DIGRESSION_INTENTS = frozenset({
    "ask_integration_programme", "ask_service_provider", "ask_responsibility_split", "ask_needs_assessment",
    "ask_integration_plan", "ask_civic_orientation", "ask_integration_training", "ask_other_training",
    "ask_guidance_counselling", "ask_contact", "out_of_scope", "greet", "thank", "bot_challenge", "help",
    "change_language", "request_human", "book_appointment",
})
#: Intents that stop a form, whatever the question was.
STOP_INTENTS = frozenset({"stop", "goodbye"})


def clear(slots: tuple[str, ...] | list[str]) -> list[EventType]:
    return [SlotSet(name, None) for name in slots]


# --- the latest message ----------------------------------------------------------------------------

_TASHKEEL = re.compile(r"[\u064B-\u065F\u0670\u0640\u200c\u200d\u200e\u200f]")
_ARABIC_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه"})
_NOT_WORD = re.compile(r"[^\w@+.\-' ]+")


def normalise(text: str) -> str:
    """Folded for matching: NFKC, casefold, Arabic-script variants unified, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = _TASHKEEL.sub("", text).translate(_ARABIC_VARIANTS)
    text = _NOT_WORD.sub(" ", text.replace("\u202f", " ").replace("\xa0", " "))
    return " ".join(text.replace(".", " ").replace("?", " ").split()).strip(" -'")


def _fold_list(items: list[str]) -> list[str]:
    return [normalise(item) for item in items]


_FOLDED: dict[int, dict[str, list[str]]] = {}


def _words(table: dict[str, list[str]]) -> list[str]:
    folded = _FOLDED.get(id(table))
    if folded is None:
        folded = _FOLDED[id(table)] = {"all": sorted({w for ws in table.values() for w in _fold_list(ws)}, key=len,
                                                      reverse=True)}
    return folded["all"]


def contains_any(text: str, table: dict[str, list[str]]) -> bool:
    """Whether the normalised text contains one of the table's words or phrases as whole words."""
    padded = f" {text} "
    return any(f" {word} " in padded for word in _words(table))


@dataclass
class Turn:
    """The latest user message as the forms read it."""

    text: str
    normalised: str
    intent: str | None
    confidence: float
    entities: dict[str, str]
    payload: bool

    @classmethod
    def of(cls, tracker: Tracker) -> Turn:
        latest = tracker.latest_message or {}
        text = latest.get("text") or ""
        intent = latest.get("intent") or {}
        found: dict[str, str] = {}
        for entity in latest.get("entities") or []:
            if entity.get("entity") and entity.get("value") is not None:
                found[entity["entity"]] = str(entity["value"])  # the last one wins
        return cls(text, normalise(text), intent.get("name"), float(intent.get("confidence") or 0.0), found,
                   text.startswith("/"))

    @property
    def words(self) -> int:
        return len(self.normalised.split())

    def with_payload(self, payload: str) -> Turn:
        """The turn as if the user had pressed the button with this payload."""
        intent, entities = parse_payload(payload)
        return Turn(payload, payload, intent, 1.0, entities, True)


def parse_payload(payload: str) -> tuple[str | None, dict[str, str]]:
    """`/inform{"booking_mode":"phone"}` → ("inform", {"booking_mode": "phone"})."""
    match = re.match(r"^/([A-Za-z0-9_]+)(\{.*\})?$", payload.strip())
    if not match:
        return None, {}
    try:
        entities = json.loads(match.group(2)) if match.group(2) else {}
    except ValueError:
        entities = {}
    return match.group(1), {k: str(v) for k, v in entities.items()} if isinstance(entities, dict) else {}


def option_number(text: str) -> int | None:
    """1-based number of a typed "2", "٢", "۲" or "2." (CONTRACT.md §6: typing the number)."""
    stripped = unicodedata.normalize("NFKC", text).strip().rstrip(".)")
    if not stripped or len(stripped) > 3:
        return None
    try:
        return int(stripped)  # int() reads every Unicode decimal digit
    except ValueError:
        return None


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
    titles = [(normalise(option.get("title", "")), option["payload"]) for option in options]
    exact = [payload for title, payload in titles if title == typed]
    if exact:
        return exact[0]
    # "porvoo" for "Porvoo", "9.00" for "ti 1.12. 9.00": a unique partial match, long enough.
    partial = [payload for title, payload in titles if len(typed) >= 4 and f" {typed} " in f" {title} "]
    return partial[0] if len(partial) == 1 else None


def is_stop(turn: Turn) -> bool:
    if turn.intent in STOP_INTENTS and (turn.payload or turn.confidence >= 0.5):
        return True
    return 0 < turn.words <= words.STOP_MAX_WORDS and contains_any(turn.normalised, words.STOP)


def change_target(turn: Turn) -> str | None:
    """The answer the user wants to change ("toinen aika" → booking_slot), or None."""
    if turn.payload or not contains_any(turn.normalised, words.CHANGE):
        return None
    for slot, table in words.FIELDS.items():
        if contains_any(turn.normalised, table):
            return slot
    return None


def typed_mode(turn: Turn) -> str | None:
    found = [mode for mode in MODES if contains_any(turn.normalised, words.MODES[mode])]
    return found[0] if len(found) == 1 else None


def yes_or_no(turn: Turn) -> str | None:
    """"yes"/"no" from the classifier (affirm/deny) or a short typed answer."""
    if turn.intent == "affirm" and turn.confidence >= 0.5:
        return "yes"
    if turn.intent == "deny" and turn.confidence >= 0.5:
        return "no"
    if turn.words <= 4:
        if contains_any(turn.normalised, words.NO):
            return "no"
        if contains_any(turn.normalised, words.YES):
            return "yes"
    return None


# --- contacts and references -----------------------------------------------------------------------

_EMAIL = re.compile(r"[^@\s,;:<>()\[\]]{1,64}@[^@\s.,;:<>()\[\]]+(?:\.[^@\s.,;:<>()\[\]]+)+")
_PHONE = re.compile(r"\+?\d[\d \-()/.]{5,20}\d")


@dataclass(frozen=True)
class Contact:
    kind: str  # "phone" or "email"
    value: str  # what the API gets: E.164 or the address
    display: str  # what the user is shown


def find_contact(text: str) -> Contact | None:
    """A phone number (Finnish, or international with +) or an e-mail address in the text.

    The same rules as the API (phonenumbers, Finland as the default region), so that what passes
    here is not refused there; the rest of the text (a name, "my number is") is ignored.
    """
    email = _EMAIL.search(text or "")
    if email:
        address = email.group(0).strip(".")
        return Contact("email", address, address)
    for candidate in _PHONE.findall(text or ""):
        try:
            number = phonenumbers.parse(candidate, "FI")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return Contact("phone", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                           phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    return None


REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # docs/booking.md: no 0/O/1/I
_REFERENCE = re.compile(r"(?<![\w-])([0-9A-Za-z]{3}[- ]?[0-9A-Za-z]{3})(?![\w-])")


def find_reference(text: str, lenient: bool = False) -> str | None:
    """A booking reference in the text ("K7QM4X", "k7q-m4x"), upper-cased and without separators.

    Within a sentence a candidate must contain a digit or be written in capitals, so that words
    like "cancel" are not taken for codes; `lenient` (the answer to "what is your reference?")
    accepts any six characters of the alphabet.
    """
    for match in _REFERENCE.finditer(text or ""):
        raw = match.group(1)
        code = re.sub(r"[- ]", "", raw).upper()
        if len(code) != 6 or any(char not in REFERENCE_ALPHABET for char in code):
            continue
        if lenient or any(char.isdigit() for char in code) or raw.replace("-", "").replace(" ", "").isupper():
            return code
    return None


# --- who serves the user ---------------------------------------------------------------------------


def provider_for(municipality: str | None, jobseeker: str | None) -> str | None:
    """The municipality's integration provider, or its employment authority for jobseekers
    (CONTRACT.md §4); None for a place Opas does not cover."""
    found = gazetteer().municipality(municipality) if municipality else None
    if found is None or not found.covered:
        return None
    if jobseeker == "yes" and found.jobseeker_provider:
        return found.jobseeker_provider
    return found.integration_provider


def slot_summary(slot: dict[str, Any]) -> dict[str, Any]:
    """The fields of an API slot the bot keeps (in a slot, so: small)."""
    keys = ("id", "starts_at", "mode", "place", "provider", "interpreter_needed", "duration_minutes")
    return {key: slot.get(key) for key in keys}
