"""The booking form: reading each answer (`validate_booking_form`).

The form asks, in order, only what it does not know yet: municipality (→ the provider that
serves the user), meeting topic, meeting language, whether an interpreter may join (not for
Finnish), mode, a free time, contact, the privacy notice, the summary. `action_booking_submit`
(submit.py) books when all is confirmed, or says why the form ended early.

Each turn the validation reads the user's message itself (every booking slot is `type: custom`),
in this order: a typed button number or title, or a choice named ("the first one", "Tuesday at
10": `choices`) is the button; "stop" stops; "change the time" / "toinen aika" clears that answer
and what depends on it; button payloads fill their slot (also
an earlier question's: "By phone" offered when no time is free); a place (which the API may not
cover) or a jobseeker status changes the provider; then the answer to the question asked. A
message that answers nothing but is a question of its own (DIGRESSION_INTENTS) returns no slot:
the form rejects the turn, a rule answers it, and the form asks again. Anything else gets a hint
and the question again.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from booking_rules.contact import find_contact
from locales.languages import SUPPORTED, language_name, native_name

from ..conversation_state import language_of
from .choices import typed_choice
from .free_times import next_day_after
from .place import check_place
from .questions import new_idempotency_key
from .reading import Turn, change_target, is_stop, normalise, typed_mode, yes_or_no
from .state import (
    API_MEETING_TOPICS,
    BOOKING_FORM_SLOTS,
    DEPENDENTS,
    DIGRESSION_INTENTS,
    MODES,
    REQUESTED_SLOT,
    FormReader,
    clear,
    topic_of_intent,
)

#: Payload entities that fill a booking slot directly (the buttons of the questions).
PAYLOAD_SLOTS = ("meeting_topic", "booking_language", "booking_interpreter", "booking_mode", "booking_slot",
                 "booking_privacy", "booking_confirmed")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def next_question(slots: dict[str, Any]) -> str | None:
    """The first unanswered question, or None when the form is done (or ended early)."""
    if slots.get("booking_end"):
        return None
    for name in BOOKING_FORM_SLOTS:
        if name == "booking_interpreter" and slots.get("booking_language") == "fi":
            continue  # every advisor of these providers speaks Finnish
        if slots.get(name) is None:
            return name
    return None


def reset(target: str) -> list[EventType]:
    """Clear an answer, what depends on it, and the confirmation (a changed booking is a new one).
    A new meeting language goes back to no interpreter, as a booking starts (the form offers one
    when no advisor speaking the language is free)."""
    names = [target, *DEPENDENTS.get(target, ())]
    if "booking_slot" in names:
        names += ["booking_choice", "booking_from"]
    names += ["booking_confirmed", "booking_idempotency_key"]
    events = clear(list(dict.fromkeys(names)))
    if target == "booking_language":
        events = [event for event in events if event["name"] != "booking_interpreter"]
        events.append(SlotSet("booking_interpreter", "no"))
    return events


def typed_language(turn: Turn, conversation_language: str) -> str | None:
    """A meeting language the user named: the extractor's entity, or a language's name."""
    code = turn.entities.get("requested_language")
    if code in SUPPORTED:
        return code
    for candidate in SUPPORTED:
        names = {normalise(native_name(candidate)), normalise(language_name(candidate, conversation_language))}
        if turn.normalised in names:
            return candidate
    return None


class ValidateBookingForm(FormReader):
    """Reads the answers of the booking form (see the module docstring for the order)."""

    def name(self) -> str:
        return "validate_booking_form"

    def next_question(self, slots: dict[str, Any]) -> str | None:
        return next_question(slots)

    async def read(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                   slots: dict[str, Any]) -> list[EventType]:
        requested = slots.get(REQUESTED_SLOT)
        if not requested:
            return []  # the form is starting: nothing was asked yet
        turn = Turn.of(tracker)
        pressed = typed_choice(turn, slots.get("booking_options"), slots.get("booking_offers"))
        if pressed:
            turn = turn.with_payload(pressed)
        if is_stop(turn) or (turn.intent == "cancel_appointment" and turn.confidence >= 0.5):
            return [SlotSet("booking_end", "stopped")]
        if requested == "booking_contact" and not turn.payload:
            contact = find_contact(turn.text)  # first: "my new number is ..." is no change request
            if contact:
                return [SlotSet("booking_contact", contact.value)]
        target = turn.entities.get("booking_change") or change_target(turn)
        if not target and turn.intent == "reschedule_appointment" and turn.confidence >= 0.5:
            target = "booking_slot"  # "can I have another time?" in the middle of booking
        if target == "later" or (target == "booking_slot" and requested == "booking_slot"):
            # "Other times" while choosing one: the times after those offered.
            later = next_day_after(slots.get("booking_offers"))
            return [*reset("booking_slot"), SlotSet("booking_from", later)]
        if target in DEPENDENTS:
            return reset(target)
        events = self.from_payload(turn, slots) + await self.from_entities(turn, slots)
        if events:
            return events
        events = self.answer(requested, turn, tracker, slots)
        if events is not None:
            return events
        if turn.intent in DIGRESSION_INTENTS:  # a button of an answer too ("More about ...")
            return []  # a question of its own: rules answer it, then the form asks again
        dispatcher.utter_message(response="utter_booking_invalid_contact" if requested == "booking_contact"
                                 else "utter_booking_invalid_choice")
        return [SlotSet(requested, None)]

    def from_payload(self, turn: Turn, slots: dict[str, Any]) -> list[EventType]:
        """Button payloads: the answer to the question, or to an earlier one (then what depends on
        it is asked again)."""
        events: list[EventType] = []
        for name in PAYLOAD_SLOTS:
            if name in turn.entities:
                found = self.checked(name, turn.entities[name], slots)
                if found is None:
                    continue
                if name in DEPENDENTS and slots.get(name) is not None and slots.get(name) != found[0]["value"]:
                    events += [event for event in reset(name) if event["name"] != name]
                events += found
        return events

    async def from_entities(self, turn: Turn, slots: dict[str, Any]) -> list[EventType]:
        """A place named (or its button) at any step, which the API may not cover; a jobseeker
        status that changes who serves the user (the API says)."""
        place, jobseeker = turn.entities.get("municipality"), slots.get("jobseeker")
        if place and place != slots.get("booking_municipality"):
            covered, events = await check_place(place, jobseeker)
            if covered is False:
                return events
            if slots.get("booking_municipality") is not None:
                events += [event for event in reset("booking_municipality") if event["name"] != "booking_municipality"]
            return events
        choice = slots.get("booking_choice")
        if "jobseeker" in turn.entities and choice and slots.get("booking_municipality"):
            covered, events = await check_place(slots["booking_municipality"], jobseeker)
            if covered and SlotSet("booking_provider", choice.get("provider")) not in events:
                return [*events, *reset("booking_slot")]  # another provider: its times
        return []

    def checked(self, name: str, value: str, slots: dict[str, Any]) -> list[EventType] | None:
        """The events that store a valid answer, or None for an invalid one."""
        if name == "meeting_topic":
            return [SlotSet(name, value)] if value in API_MEETING_TOPICS else None
        if name == "booking_language":
            return [SlotSet(name, value)] if value in SUPPORTED else None
        if name == "booking_mode":
            return [SlotSet(name, value)] if value in MODES else None
        if name == "booking_interpreter":
            return [SlotSet(name, value)] if value in ("yes", "no") else None
        if name == "booking_slot":
            offer = next((o for o in slots.get("booking_offers") or [] if str(o.get("id")) == value), None)
            return [SlotSet(name, value), SlotSet("booking_choice", offer)] if offer else None
        if name == "booking_privacy":
            if value == "no":
                return [SlotSet("booking_end", "privacy_refused")]
            return [SlotSet(name, now_iso())] if value == "yes" else None
        if name == "booking_confirmed":
            if value == "no":
                return [SlotSet("booking_end", "declined")]
            if value != "yes":
                return None
            # The key the summary fixed (questions.AskBookingConfirmed), kept until it is booked.
            key = slots.get("booking_idempotency_key") or new_idempotency_key()
            return [SlotSet(name, "yes"), SlotSet("booking_idempotency_key", key)]
        return None

    def answer(self, requested: str, turn: Turn, tracker: Tracker,
               slots: dict[str, Any]) -> list[EventType] | None:
        """The typed answer to the question asked, or None when the message holds none."""
        value: str | None = None
        if requested == "meeting_topic":
            topic = topic_of_intent(turn.intent) if turn.confidence >= 0.3 else None
            if topic:
                value = topic if topic in API_MEETING_TOPICS else "other"
            elif turn.intent in ("out_of_scope", "nlu_fallback", "inform") and turn.words >= 3:
                value = "other"  # their own words: the advisor will hear the rest
        elif requested == "booking_language":
            value = typed_language(turn, language_of(tracker))
        elif requested == "booking_mode":
            value = typed_mode(turn)
        elif requested in ("booking_interpreter", "booking_privacy", "booking_confirmed"):
            value = yes_or_no(turn)
        return self.checked(requested, value, slots) if value else None

