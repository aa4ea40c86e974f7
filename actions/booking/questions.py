"""The booking form's questions (`action_ask_<slot>`) that need no API: the text comes from the NLG,
the arguments and the buttons from here. Every question makes its buttons once
(`locales.booking.question_options`), passes them to the NLG and remembers them in
`booking_options`, so that a typed title or number does what the button does (CONTRACT.md §6).
The free times are asked in `free_times`.
"""
from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from booking_rules.contact import display_contact
from locales.booking import question_options

from ..api_client import ApiError, api
from ..conversation_state import language_of
from ..settings import settings


def ask(dispatcher: CollectingDispatcher, tracker: Tracker, response: str, **arguments: Any) -> list[EventType]:
    """Utter a question with its buttons, and remember them."""
    options = question_options(response, language_of(tracker), arguments)
    dispatcher.utter_message(response=response, **arguments, options=options)
    return [SlotSet("booking_options", options)]


def provider_of(tracker: Tracker) -> str | None:
    """Who the user will meet: the chosen time's provider, else the one the API said serves them."""
    return (tracker.get_slot("booking_choice") or {}).get("provider") or tracker.get_slot("booking_provider")


class _Ask(Action, ABC):
    """Asks for `slot` with `utter_ask_<slot>` (abstract: the SDK registers the subclasses, one per
    question, because Rasa finds an action by its class)."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def arguments(self, tracker: Tracker) -> dict[str, Any]:
        return {}

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        return ask(dispatcher, tracker, f"utter_ask_{self.slot}", **self.arguments(tracker))


class AskBookingMunicipality(_Ask):
    """Offers the covered municipalities as the API lists them (it owns coverage); without the
    API the question goes without buttons and the user types the place."""

    slot = "booking_municipality"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            covered = await api().covered_municipalities()
        except ApiError:
            covered = []
        return ask(dispatcher, tracker, f"utter_ask_{self.slot}", municipalities=covered)


class AskMeetingTopic(_Ask):
    slot = "meeting_topic"


class AskBookingLanguage(_Ask):
    slot = "booking_language"


class AskBookingMode(_Ask):
    slot = "booking_mode"


class AskBookingContact(_Ask):
    slot = "booking_contact"


class AskBookingInterpreter(_Ask):
    slot = "booking_interpreter"

    def arguments(self, tracker: Tracker) -> dict[str, Any]:
        return {"meeting_language": tracker.get_slot("booking_language")}


class AskBookingPrivacy(_Ask):
    slot = "booking_privacy"

    def arguments(self, tracker: Tracker) -> dict[str, Any]:
        return {"provider": provider_of(tracker), "retention_days": settings.booking_retention_days}



def summary_arguments(tracker: Tracker) -> dict[str, Any]:
    choice = tracker.get_slot("booking_choice") or {}
    return {
        "starts_at": choice.get("starts_at"),
        "mode": choice.get("mode"),
        "place": choice.get("place"),
        "provider": choice.get("provider"),
        "meeting_language": tracker.get_slot("booking_language"),
        "interpreter_needed": bool(choice.get("interpreter_needed")),
        "meeting_topic": tracker.get_slot("meeting_topic"),
        "contact": display_contact(tracker.get_slot("booking_contact")),
    }


class AskBookingConfirmed(_Ask):
    """Shows the summary, and fixes the booking's idempotency key with it: this turn is stored
    before the user answers, so a "yes" sent again (after a crash between the booking request and
    its reply, or a client's retry) carries the same key, and the API answers it with the booking
    it already made. Any change of an answer clears the key (`form.reset`): a new summary, a new key."""

    slot = "booking_confirmed"

    def arguments(self, tracker: Tracker) -> dict[str, Any]:
        return summary_arguments(tracker)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        key = tracker.get_slot("booking_idempotency_key") or new_idempotency_key()
        return [*await super().run(dispatcher, tracker, domain), SlotSet("booking_idempotency_key", key)]


def new_idempotency_key() -> str:
    return f"opas-{uuid.uuid4().hex}"
