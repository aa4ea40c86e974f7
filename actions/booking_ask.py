"""The booking form's questions (`action_ask_<slot>`): the text comes from the NLG, the arguments
from here, and every question remembers the buttons it showed (`booking_options`), so that a
typed title or number does what the button does (CONTRACT.md §6).

`action_ask_booking_slot` asks the API for the next free times of the provider that serves the
user, in the meeting language (with an interpreter if the user allows one) and mode. When none
is free it offers what else there is, or ends the form (`booking_end`), and
`action_booking_submit` says so.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import timedelta
from typing import Any

import phonenumbers
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from locales.booking import local_time, slot_title
from locales.render import render

from .answers import language_of
from .api_client import ApiError, api
from .booking_common import MODES, REQUESTED_SLOT, provider_for, slot_summary
from .settings import settings

OFFERED = 5  # free times shown at once: more buttons than this are hard to read on a phone


def ask(dispatcher: CollectingDispatcher, tracker: Tracker, response: str, **arguments: Any) -> list[EventType]:
    """Utter a question and remember its buttons (rendered here exactly as the NLG renders them)."""
    shown = render(response, language_of(tracker), arguments)
    dispatcher.utter_message(response=response, **arguments)
    return [SlotSet("booking_options", shown.get("buttons") or [])]


def provider_of(tracker: Tracker) -> str | None:
    return provider_for(tracker.get_slot("booking_municipality"), tracker.get_slot("jobseeker"))


def contact_display(value: str | None) -> str:
    """A stored contact as the user reads it back (+358 40 1234567)."""
    if not value or "@" in value:
        return value or ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(value, "FI"),
                                          phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return value


# A Finnish or international phone number in a sentence ("puhelin 044 055 5435").
_PHONE_IN_TEXT = re.compile(r"(?:\+\d{3}|\b0\d{1,3})[ -]?\d{2,4}[ -]?\d{3,4}\b")


async def contact_info(tracker: Tracker, municipality: str | None) -> dict[str, Any]:
    """The phone contact the programme documents give for the user's place (today only Loviisa's
    immigrant coordinator), as arguments `contact_info` and `sources`; nothing when they give none.

    Only the paragraphs of the `contact` answer that hold a phone number: the rest of that answer
    ("the documents name no contact", "book an advisor here") would only repeat what the user
    is being told already.
    """
    try:
        result = await api().answer("contact", language_of(tracker), municipality, tracker.get_slot("jobseeker"))
    except ApiError:
        return {}
    if result.get("status") != "answer" or not result.get("text"):
        return {}
    phones = [part.strip() for part in result["text"].split("\n\n") if _PHONE_IN_TEXT.search(part)]
    if not phones:
        return {}
    return {"contact_info": "\n\n".join(phones), "sources": result.get("sources") or []}


def slot_options(slots: list[dict[str, Any]], language: str) -> list[dict[str, str]]:
    return [{"title": slot_title(slot["starts_at"], language), "payload": f'/inform{{"booking_slot":"{slot["id"]}"}}'}
            for slot in slots]


def distinct_times(slots: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """One offer per start time (two advisors free at 9.00 would be two identical buttons),
    preferring an advisor who speaks the language."""
    chosen: dict[str, dict[str, Any]] = {}
    for slot in slots:
        kept = chosen.get(slot["starts_at"])
        if kept is None or (kept.get("interpreter_needed") and not slot.get("interpreter_needed")):
            chosen[slot["starts_at"]] = slot
    return sorted(chosen.values(), key=lambda s: s["starts_at"])[:limit]


def next_day_after(offers: list[dict[str, Any]] | None) -> str | None:
    """The first day after the last offered time (Finnish time), for "later times"."""
    days = [local_time(offer.get("starts_at")) for offer in offers or []]
    days = [day for day in days if day is not None]
    return (max(days).date() + timedelta(days=1)).isoformat() if days else None


class _Ask(Action, ABC):
    """Asks for `slot` with `response` (abstract: the SDK registers the subclasses)."""

    response = ""

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
        return ask(dispatcher, tracker, self.response, **self.arguments(tracker))


class AskBookingMunicipality(_Ask):
    slot, response = "booking_municipality", "utter_ask_booking_municipality"


class AskMeetingTopic(_Ask):
    slot, response = "meeting_topic", "utter_ask_meeting_topic"


class AskBookingLanguage(_Ask):
    slot, response = "booking_language", "utter_ask_booking_language"


class AskBookingInterpreter(_Ask):
    slot, response = "booking_interpreter", "utter_ask_booking_interpreter"

    def arguments(self, tracker: Tracker) -> dict[str, Any]:
        return {"meeting_language": tracker.get_slot("booking_language")}


class AskBookingMode(_Ask):
    slot, response = "booking_mode", "utter_ask_booking_mode"


class AskBookingContact(_Ask):
    slot, response = "booking_contact", "utter_ask_booking_contact"


class AskBookingPrivacy(_Ask):
    slot, response = "booking_privacy", "utter_ask_booking_privacy"

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
        "contact": contact_display(tracker.get_slot("booking_contact")),
    }


class AskBookingConfirmed(_Ask):
    slot, response = "booking_confirmed", "utter_ask_booking_confirmed"

    def arguments(self, tracker: Tracker) -> dict[str, Any]:
        return summary_arguments(tracker)


class AskBookingSlot(Action):
    """Offers the next free times as buttons, or what else there is when none is free."""

    def name(self) -> str:
        return "action_ask_booking_slot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        provider = provider_of(tracker)
        language = tracker.get_slot("booking_language") or language_of(tracker)
        interpreter = tracker.get_slot("booking_interpreter") == "yes"
        mode = tracker.get_slot("booking_mode")
        from_date = tracker.get_slot("booking_from")
        if provider is None:  # cannot happen through the form (the place is asked first)
            return [SlotSet("booking_end", "stopped"), SlotSet(REQUESTED_SLOT, None)]
        events: list[EventType] = []
        try:
            found = await api().free_slots(provider, language, interpreter, mode, from_date, limit=OFFERED * 2)
            if not found and from_date:
                # No later times: start again from the first free one.
                events.append(SlotSet("booking_from", None))
                found = await api().free_slots(provider, language, interpreter, mode, None, limit=OFFERED * 2)
            if found:
                offers = distinct_times(found, OFFERED)
                events.append(SlotSet("booking_offers", [slot_summary(slot) for slot in offers]))
                return events + ask(dispatcher, tracker, "utter_ask_booking_slot",
                                    options=slot_options(offers, language_of(tracker)))
            alternatives = await self.alternatives(provider, language, interpreter, mode)
        except ApiError:
            # Nothing was collected that could be lost; "try again" picks up from here.
            return [SlotSet("booking_end", "api_down"), SlotSet(REQUESTED_SLOT, None)]
        if not alternatives:
            return [SlotSet("booking_end", "no_times"), SlotSet(REQUESTED_SLOT, None)]
        info = await contact_info(tracker, tracker.get_slot("booking_municipality"))
        asked = ask(dispatcher, tracker, "utter_booking_no_slots", alternatives=alternatives, **info)
        return [*events, SlotSet("booking_offers", []), *asked]

    @staticmethod
    async def alternatives(provider: str, language: str, interpreter: bool, mode: str | None) -> list[str]:
        """Other modes with free times, and "interpreter" when allowing one would find some."""
        found = [other for other in MODES if other != mode
                 and await api().free_slots(provider, language, interpreter, other, limit=1)]
        if not interpreter and await api().free_slots(provider, language, True, mode, limit=1):
            found.append("interpreter")
        return found

