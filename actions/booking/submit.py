"""`action_booking_submit`: runs when the booking form ends. Books what the user confirmed, or says
why the form ended early. Never a half booking: the API books in one transaction, and a retry
sends the same idempotency key, so it is answered with the first booking instead of a second.
Once booked, the contact (and everything else the form collected) is cleared from the slots.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from ..answers import place_name
from ..api_client import ApiError, api
from ..conversation_state import language_of
from .form import reset
from .free_times import contact_info
from .questions import provider_of
from .state import BOOKING_DATA_SLOTS, clear


def booking_request(tracker: Tracker) -> dict[str, Any]:
    """The API's BookingIn from the confirmed answers (docs/booking.md)."""
    choice = tracker.get_slot("booking_choice") or {}
    language = tracker.get_slot("booking_language") or language_of(tracker)
    interpreter = bool(choice.get("interpreter_needed"))
    return {
        "idempotency_key": tracker.get_slot("booking_idempotency_key"),
        "slot_id": int(choice["id"]),
        "topic": tracker.get_slot("meeting_topic") or "other",
        "language": language,
        "interpreter_needed": interpreter,
        "interpreter_language": language if interpreter else None,
        "mode": choice.get("mode"),
        "contact": tracker.get_slot("booking_contact"),
        "privacy_accepted_at": tracker.get_slot("booking_privacy"),
    }


def confirmed(tracker: Tracker) -> bool:
    choice = tracker.get_slot("booking_choice") or {}
    return (tracker.get_slot("booking_confirmed") == "yes" and bool(tracker.get_slot("booking_idempotency_key"))
            and bool(tracker.get_slot("booking_contact")) and bool(tracker.get_slot("booking_privacy"))
            and choice.get("id") is not None)


class ActionBookingSubmit(Action):
    """Books the confirmed appointment, or tells why there is none."""

    def name(self) -> str:
        return "action_booking_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        end = tracker.get_slot("booking_end")
        topic = tracker.get_slot("booking_topic") or "booking"
        if end == "out_of_coverage":
            uncovered = tracker.get_slot("uncovered_place")
            place = {"place": place_name(uncovered, language_of(tracker))} if uncovered else {}
            dispatcher.utter_message(response="utter_out_of_coverage", topic=topic, municipality=None, **place)
            return clear(BOOKING_DATA_SLOTS)
        if end == "privacy_refused":
            dispatcher.utter_message(response="utter_booking_privacy_declined")
            return clear(BOOKING_DATA_SLOTS)
        if end == "no_times":
            info = await contact_info(tracker, tracker.get_slot("booking_municipality"))
            dispatcher.utter_message(response="utter_booking_no_times", provider=provider_of(tracker), **info)
            return clear(BOOKING_DATA_SLOTS)
        if end == "api_down":
            # Nothing personal was collected yet: keep the answers so that "try again" resumes.
            dispatcher.utter_message(response="utter_booking_failed")
            return []
        if end or not confirmed(tracker):
            dispatcher.utter_message(response="utter_booking_stopped")
            return clear(BOOKING_DATA_SLOTS)
        return await self.book(dispatcher, tracker)

    async def book(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        try:
            appointment = await api().book(booking_request(tracker))
        except ApiError as error:
            return self.failed(dispatcher, error)
        slot = appointment.get("slot") or {}
        reference = appointment.get("reference")
        dispatcher.utter_message(
            response="utter_booking_done",
            booking_reference=reference,
            starts_at=slot.get("starts_at"),
            mode=appointment.get("mode"),
            place=slot.get("place"),
            provider=slot.get("provider") or provider_of(tracker),
            calendar_url=appointment.get("calendar_url"),
            cancel_url=appointment.get("cancel_url"),
        )
        # Personal data minimisation: the contact lives on in the appointment only.
        return [*clear(BOOKING_DATA_SLOTS), SlotSet("booking_reference", reference)]

    @staticmethod
    def failed(dispatcher: CollectingDispatcher, error: ApiError) -> list[EventType]:
        if error.code == "slot_unavailable":
            # Someone else was quicker: offer other times (the form asks again).
            dispatcher.utter_message(response="utter_booking_slot_taken")
            return [*reset("booking_slot"), SlotSet("booking_offers", None), FollowupAction("booking_form")]
        if error.code == "invalid_contact":
            dispatcher.utter_message(response="utter_booking_invalid_contact")
            return [*reset("booking_contact"), FollowupAction("booking_form")]
        dispatcher.utter_message(response="utter_booking_failed")
        if error.status is None or error.status >= 500:
            # Down or timed out: keep the answers and the key; "try again" sends the same request.
            return [SlotSet("booking_end", "failed")]
        return clear(BOOKING_DATA_SLOTS)  # refused for good (a bug, not the user's doing)
