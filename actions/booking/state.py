"""The booking and manage forms' slots: their order, what depends on what, and what is cleared;
and the base of both forms' validation actions."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from locales.topics import MEETING_TOPICS

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
                      "booking_provider", "booking_idempotency_key", "booking_end")
MANAGE_DATA_SLOTS = ("manage_action", "manage_reference", "manage_contact", "manage_appointment", "manage_slot",
                     "manage_confirmed", "manage_end", "booking_offers", "booking_from", "booking_options")
REQUESTED_SLOT = "requested_slot"

#: Meeting topics the API accepts (CONTRACT.md §3 topics but booking/human_handoff, and "other").
API_MEETING_TOPICS = frozenset(MEETING_TOPICS)
MODES = ("in_person", "phone", "video")

#: Intents that, when the answer to the question cannot be read from the message, mean the user
#: said something else: the form rejects the turn and a rule answers it (bot/data/rules/booking.yml
#: has a rule for each, for both forms), then the form asks its question again.
DIGRESSION_INTENTS = frozenset({
    "ask_integration_programme", "ask_service_provider", "ask_responsibility_split", "ask_needs_assessment",
    "ask_integration_plan", "ask_civic_orientation", "ask_integration_training", "ask_other_training",
    "ask_guidance_counselling", "ask_contact", "ask_first_steps", "ask_followup", "ask_more", "out_of_scope",
    "greet", "thank", "bot_challenge", "help", "change_language", "request_human", "book_appointment",
})
#: Intents that stop a form, whatever the question was.
STOP_INTENTS = frozenset({"stop", "goodbye"})
TOPIC_INTENT_PREFIX = "ask_"


def clear(slots: tuple[str, ...] | list[str]) -> list[EventType]:
    return [SlotSet(name, None) for name in slots]


def topic_of_intent(intent: str | None) -> str | None:
    """`ask_integration_plan` → `integration_plan`: the topic a programme question is about."""
    return intent[len(TOPIC_INTENT_PREFIX):] if intent and intent.startswith(TOPIC_INTENT_PREFIX) else None


def slot_summary(slot: dict[str, Any]) -> dict[str, Any]:
    """The fields of an API slot the bot keeps (in a slot, so: small)."""
    keys = ("id", "starts_at", "mode", "place", "provider", "interpreter_needed", "duration_minutes")
    return {key: slot.get(key) for key in keys}


class FormReader(FormValidationAction, ABC):
    """A form that reads the answers itself (abstract: the SDK registers only the subclasses).

    Each turn `read` returns the slot events of what the message answered; the next question
    is then named explicitly (`requested_slot`), so the form asks it, or ends when it is None.
    """

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slots = dict(tracker.slots)
        events = await self.read(dispatcher, tracker, slots)
        for event in events:
            slots[event["name"]] = event["value"]
        return [*events, SlotSet(REQUESTED_SLOT, self.next_question(slots))]

    @abstractmethod
    async def read(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                   slots: dict[str, Any]) -> list[EventType]:
        """The slot events of what the latest message answered."""

    @abstractmethod
    def next_question(self, slots: dict[str, Any]) -> str | None:
        """The slot to ask for next, given the slots after this turn; None ends the form."""
