"""Cancelling or moving a booked appointment from the chat ("cancel my appointment K7QM4X",
"move it"): the `manage_form` asks for the reference (unless the message or this conversation's
last booking gives it) and the contact it was booked with, looks the appointment up, offers new
times when moving, asks for a yes, and `action_manage_submit` cancels or moves it.

The API answers a wrong contact exactly like an unknown reference, so nobody can probe references.
The contact is cleared from the slots when the change is done or stopped.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from booking_rules.contact import find_contact
from booking_rules.reference import find_reference

from ..api_client import ApiError, api
from ..conversation_state import intent_of
from .choices import typed_choice
from .free_times import OFFERED, contact_info, distinct_times, next_day_after
from .questions import ask
from .reading import Turn, is_stop, yes_or_no
from .state import DIGRESSION_INTENTS, MANAGE_DATA_SLOTS, REQUESTED_SLOT, FormReader, clear, slot_summary

ACTIONS = {"cancel_appointment": "cancel", "reschedule_appointment": "reschedule"}


def appointment_summary(appointment: dict[str, Any]) -> dict[str, Any]:
    """What the bot keeps of a looked-up appointment (no contact, no links)."""
    slot = appointment.get("slot") or {}
    return {"reference": appointment.get("reference"), "status": appointment.get("status"),
            "language": appointment.get("language"), "mode": appointment.get("mode"),
            "slot": slot_summary(slot)}


class ActionManageStart(Action):
    """Starts cancelling or moving: the reference from the message, else from this conversation."""

    def name(self) -> str:
        return "action_manage_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        reference = find_reference(text) or tracker.get_slot("booking_reference")
        return [
            *clear(MANAGE_DATA_SLOTS),
            SlotSet("booking_topic", "booking"),
            SlotSet(REQUESTED_SLOT, None),
            SlotSet("manage_action", ACTIONS.get(intent_of(tracker) or "", "cancel")),
            SlotSet("manage_reference", reference),
        ]


def next_question(slots: dict[str, Any]) -> str | None:
    if slots.get("manage_end"):
        return None
    for name in ("manage_reference", "manage_contact", "manage_slot", "manage_confirmed"):
        if name == "manage_slot" and slots.get("manage_action") != "reschedule":
            continue
        if slots.get(name) is None:
            return name
    return None


class ValidateManageForm(FormReader):
    """Reads the answers of the manage form; looks the appointment up once the contact is known."""

    def name(self) -> str:
        return "validate_manage_form"

    def next_question(self, slots: dict[str, Any]) -> str | None:
        return next_question(slots)

    async def read(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                   slots: dict[str, Any]) -> list[EventType]:
        requested = slots.get(REQUESTED_SLOT)
        if not requested:
            return []
        turn = Turn.of(tracker)
        pressed = typed_choice(turn, slots.get("booking_options"), slots.get("booking_offers"))
        if pressed:
            turn = turn.with_payload(pressed)
        if is_stop(turn):
            return [SlotSet("manage_end", "stopped")]
        if requested == "manage_contact" and not turn.payload:
            contact = find_contact(turn.text)
            if contact:
                return await self.look_up(dispatcher, slots.get("manage_reference"), contact.value)
        events: list[EventType] = []
        switched = ACTIONS.get(turn.intent or "") if turn.confidence >= 0.5 else None
        if switched and switched != slots.get("manage_action"):
            events += [SlotSet("manage_action", switched), SlotSet("manage_slot", None),
                       SlotSet("manage_confirmed", None)]
        reference = find_reference(turn.text, lenient=requested == "manage_reference")
        if reference and reference != slots.get("manage_reference"):
            # Another appointment: look it up again.
            return [*events, SlotSet("manage_reference", reference),
                    *clear(("manage_contact", "manage_appointment", "manage_slot", "manage_confirmed"))]
        if events:
            return events
        answer = self.answer(requested, turn, slots)
        if answer is not None:
            return answer
        if turn.intent in DIGRESSION_INTENTS:  # a button of an answer too ("More about ...")
            return []  # rules answer it, then the form asks again
        hints = {"manage_reference": "utter_manage_invalid_reference",
                 "manage_contact": "utter_booking_invalid_contact"}
        dispatcher.utter_message(response=hints.get(requested, "utter_booking_invalid_choice"))
        return [SlotSet(requested, None)]

    def answer(self, requested: str, turn: Turn, slots: dict[str, Any]) -> list[EventType] | None:
        if requested == "manage_slot":
            if turn.entities.get("booking_change") == "later":
                return [SlotSet("manage_slot", None),
                        SlotSet("booking_from", next_day_after(slots.get("booking_offers")))]
            chosen = turn.entities.get("booking_slot")
            offer = next((o for o in slots.get("booking_offers") or [] if str(o.get("id")) == chosen), None)
            return [SlotSet("manage_slot", chosen)] if offer else None
        if requested == "manage_confirmed":
            value = turn.entities.get("manage_confirmed") or yes_or_no(turn)
            if value == "no":
                return [SlotSet("manage_end", "kept")]
            return [SlotSet("manage_confirmed", "yes")] if value == "yes" else None
        return None

    @staticmethod
    async def look_up(dispatcher: CollectingDispatcher, reference: str | None, contact: str) -> list[EventType]:
        try:
            appointment = await api().look_up(reference or "", contact)
        except ApiError as error:
            if error.status == 404 or error.status == 422:
                # Wrong reference or contact (the API does not say which): ask for both again.
                dispatcher.utter_message(response="utter_manage_not_found")
                return [SlotSet("manage_reference", None), SlotSet("manage_contact", None)]
            return [SlotSet("manage_end", "api_down")]
        if appointment.get("status") != "booked":
            return [SlotSet("manage_end", "not_active")]
        return [SlotSet("manage_contact", contact), SlotSet("manage_appointment", appointment_summary(appointment))]


class AskManageReference(Action):
    def name(self) -> str:
        return "action_ask_manage_reference"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        return ask(dispatcher, tracker, "utter_ask_manage_reference")


class AskManageContact(Action):
    def name(self) -> str:
        return "action_ask_manage_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        return ask(dispatcher, tracker, "utter_ask_manage_contact")


class AskManageSlot(Action):
    """Offers other free times of the same provider, in the appointment's language and mode."""

    def name(self) -> str:
        return "action_ask_manage_slot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        appointment = tracker.get_slot("manage_appointment") or {}
        slot = appointment.get("slot") or {}
        from_date = tracker.get_slot("booking_from")
        events: list[EventType] = []
        try:
            found = await self.free(appointment, from_date)
            if not found and from_date:
                events.append(SlotSet("booking_from", None))
                found = await self.free(appointment, None)
        except ApiError:
            return [SlotSet("manage_end", "api_down"), SlotSet(REQUESTED_SLOT, None)]
        offers = distinct_times([s for s in found if s.get("id") != slot.get("id")], OFFERED)
        if not offers:
            return [*events, SlotSet("manage_end", "no_slots"), SlotSet(REQUESTED_SLOT, None)]
        asked = ask(dispatcher, tracker, "utter_ask_manage_slot", starts_at=slot.get("starts_at"), times=offers)
        return [*events, SlotSet("booking_offers", [slot_summary(s) for s in offers]), *asked]

    @staticmethod
    async def free(appointment: dict[str, Any], from_date: str | None) -> list[dict[str, Any]]:
        query = {"provider": (appointment.get("slot") or {}).get("provider"), "language": appointment.get("language"),
                 "from_date": from_date, "limit": OFFERED * 2}
        found = (await api().free_slots(**query, mode=appointment.get("mode")))["slots"]
        # The same way of meeting first; any other way when there is none.
        return found or (await api().free_slots(**query))["slots"]


class AskManageConfirmed(Action):
    def name(self) -> str:
        return "action_ask_manage_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        appointment = tracker.get_slot("manage_appointment") or {}
        slot = appointment.get("slot") or {}
        if tracker.get_slot("manage_action") == "reschedule":
            new = next((o for o in tracker.get_slot("booking_offers") or []
                        if str(o.get("id")) == tracker.get_slot("manage_slot")), {})
            return ask(dispatcher, tracker, "utter_ask_manage_move", old_starts_at=slot.get("starts_at"),
                       starts_at=new.get("starts_at"))
        return ask(dispatcher, tracker, "utter_ask_manage_cancel", starts_at=slot.get("starts_at"),
                   mode=appointment.get("mode"))


class ActionManageSubmit(Action):
    """Cancels or moves the appointment the user confirmed, or says why not."""

    def name(self) -> str:
        return "action_manage_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        end = tracker.get_slot("manage_end")
        appointment = tracker.get_slot("manage_appointment") or {}
        slot = appointment.get("slot") or {}
        done = clear(MANAGE_DATA_SLOTS)  # the contact is not kept, whatever happened
        if end in ("stopped", "kept"):
            # "Stays as it was" only about an appointment that was found: someone who stops at
            # "what is your reference?" may have none ("muutin just Loviisaan" is no booking).
            kept = end == "kept" or bool(tracker.get_slot("manage_appointment"))
            dispatcher.utter_message(response="utter_manage_kept" if kept else "utter_stop")
            return done
        if end == "not_active":
            dispatcher.utter_message(response="utter_manage_not_active")
            return done
        if end == "no_slots":
            info = await contact_info(tracker, tracker.get_slot("municipality"))
            dispatcher.utter_message(response="utter_manage_no_slots", starts_at=slot.get("starts_at"), **info)
            return done
        if end or tracker.get_slot("manage_confirmed") != "yes":
            dispatcher.utter_message(response="utter_manage_failed" if end == "api_down" else "utter_manage_kept")
            return done
        reference, contact = tracker.get_slot("manage_reference"), tracker.get_slot("manage_contact")
        try:
            if tracker.get_slot("manage_action") == "reschedule":
                moved = await api().reschedule(reference, contact, int(tracker.get_slot("manage_slot")))
                return done + self.moved(dispatcher, moved)
            cancelled = await api().cancel(reference, contact)
        except ApiError as error:
            return self.failed(dispatcher, error, done)
        dispatcher.utter_message(response="utter_manage_cancelled", booking_reference=cancelled.get("reference"),
                                 starts_at=(cancelled.get("slot") or {}).get("starts_at"))
        return done

    @staticmethod
    def moved(dispatcher: CollectingDispatcher, appointment: dict[str, Any]) -> list[EventType]:
        slot = appointment.get("slot") or {}
        dispatcher.utter_message(response="utter_manage_moved", booking_reference=appointment.get("reference"),
                                 starts_at=slot.get("starts_at"), mode=appointment.get("mode"),
                                 place=slot.get("place"), provider=slot.get("provider"),
                                 calendar_url=appointment.get("calendar_url"), cancel_url=appointment.get("cancel_url"))
        return [SlotSet("booking_reference", appointment.get("reference"))]

    @staticmethod
    def failed(dispatcher: CollectingDispatcher, error: ApiError, done: list[EventType]) -> list[EventType]:
        if error.code == "slot_unavailable":
            # The new time was taken meanwhile; nothing changed: offer other times again.
            dispatcher.utter_message(response="utter_booking_slot_taken")
            return [SlotSet("manage_slot", None), SlotSet("manage_confirmed", None), SlotSet("booking_offers", None),
                    FollowupAction("manage_form")]
        if error.code == "appointment_not_active":
            dispatcher.utter_message(response="utter_manage_not_active")
        elif error.status == 404:
            dispatcher.utter_message(response="utter_manage_not_found")
        else:
            dispatcher.utter_message(response="utter_manage_failed")
        return done
