"""Stopping what is going on: forget the pending question and say so."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .booking.state import BOOKING_DATA_SLOTS, MANAGE_DATA_SLOTS, clear

BOOKING_LOOPS = ("booking_form", "manage_form")


class ActionStop(Action):
    """Ends the pending question (and any active form) and confirms.

    A booking stopped half-way keeps nothing: its answers (the contact among them) are cleared.
    "Your appointment stays as it was" only when a change of a booked appointment was under way
    (it was found); a plain "stopped" otherwise.
    """

    def name(self) -> str:
        return "action_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        loop = tracker.active_loop.get("name") if tracker.active_loop else None
        if loop == "manage_form" and tracker.get_slot("manage_appointment"):
            dispatcher.utter_message(response="utter_manage_kept")
        elif loop == "booking_form":
            dispatcher.utter_message(response="utter_booking_stopped")
        else:
            dispatcher.utter_message(response="utter_stop")
        slots = dict.fromkeys((*BOOKING_DATA_SLOTS, *MANAGE_DATA_SLOTS))
        return [SlotSet("pending_topic", None), SlotSet("requested_slot", None), *clear(list(slots)), ActiveLoop(None)]
