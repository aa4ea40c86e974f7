"""`action_validate_slot_mappings`: the owner of the conversation's bookkeeping slots.

Rasa runs it after every user message. It decides:
- `language` by the rules of CONTRACT.md §5: the client's picker (`metadata.language`) wins; an
  explicit request switches (but naming a language to the booking form's "in which language shall
  we meet?" is the answer to that question); the first message that shows a language sets it; a long, confident
  message in another supported language switches; payloads, place names, numbers, "ok" and other
  short or unsure messages keep it;
- `jobseeker` (yes/no) from the jobseeker entity.

The place is not decided here: whether a place is covered is a programme fact the API owns, so
`municipality` and `uncovered_place` are set from its answer (`actions/answers.py`).
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from locales.languages import SUPPORTED

from .conversation_state import intent_of, is_payload, last_entity_value

# A message in another language switches the conversation only when it is this long and sure.
SWITCH_MIN_WORDS = 4
SWITCH_MIN_CONFIDENCE = 0.8
REQUEST_MAX_WORDS = 8
# The first message overrides the session's language (a hint from the page) only this surely.
FIRST_MIN_CONFIDENCE = 0.6


def decide_language(current: str | None, latest: dict[str, Any], intent: str | None,
                    requested: str | None, payload: bool) -> str | None:
    """The conversation language after this message (pure, so it is easy to test).

    `metadata.language` is the client's picker: it sets the language. `metadata.session_language`
    is what the client knows of the session (the page's or the browser's language): a hint for the
    messages that show none ("Porvoo", a button, "ok"), never stronger than the user's own words.
    """
    metadata = latest.get("metadata") or {}
    picked = metadata.get("language")
    if picked in SUPPORTED:
        return picked
    hint = metadata.get("session_language") if metadata.get("session_language") in SUPPORTED else None
    if payload:
        return current or hint
    detection = latest.get("language_detection") or {}
    detected, words = detection.get("language"), detection.get("words", 0)
    if requested in SUPPORTED and (intent == "change_language" or (words <= REQUEST_MAX_WORDS and
                                   detection.get("request"))):
        return requested
    if detected not in SUPPORTED:
        return current or hint
    if current is None:
        if hint and detected != hint and detection.get("confidence", 0.0) < FIRST_MIN_CONFIDENCE:
            return hint  # a word or two that could be either: the session's language decides
        return detected
    if detected != current and words >= SWITCH_MIN_WORDS and \
            detection.get("confidence", 0.0) >= SWITCH_MIN_CONFIDENCE and detection.get("method") != "none":
        return detected
    return current


def choosing_meeting_language(tracker: Tracker) -> bool:
    """Whether the booking form just asked which language the meeting should be in."""
    loop = tracker.active_loop.get("name") if tracker.active_loop else None
    return loop == "booking_form" and tracker.get_slot("requested_slot") == "booking_language"


class ValidateSlotMappings(ValidationAction):
    """Fills the custom-mapped slots after every user message."""

    #: The slots this action decides (an `extract_<slot>` method each).
    DECIDES = ("language", "jobseeker")

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        # The SDK would try all of the domain's slots (36) and find no method for the others,
        # looking through every slot's mappings again for each one: 3 ms of every turn.
        return [slot for slot in self.DECIDES if slot in domain_slots]

    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        current = tracker.get_slot("language")
        requested = last_entity_value(tracker, "requested_language")
        if choosing_meeting_language(tracker):
            requested = None  # "arabiaksi" answers "in which language shall we meet?", it is no request
        decided = decide_language(current, tracker.latest_message, intent_of(tracker), requested,
                                  is_payload(tracker))
        return {"language": decided} if decided != current else {}

    async def extract_jobseeker(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        status = last_entity_value(tracker, "jobseeker")
        return {"jobseeker": status} if status in ("yes", "no") else {}

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        # The extract_* methods above decide every value; there is nothing left to validate
        # (the SDK's default would log a warning for each slot on every turn).
        return [SlotSet(slot, value) for slot, value in tracker.slots_to_validate().items()]
