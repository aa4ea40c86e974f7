"""`action_booking_start`: starts a booking, or a request for a person (which leads into one until
live chat exists): forgets an earlier unfinished booking and fills in what is already known."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from ..answers import place_name
from ..conversation_state import intent_of, language_of, last_entity_value
from .place import check_place
from .reading import Turn, typed_mode
from .state import BOOKING_DATA_SLOTS, REQUESTED_SLOT, clear

#: booking_end values after which "book an appointment" picks up where the user was.
RESUMABLE = ("api_down", "failed")


class ActionBookingStart(Action):
    """Starts the booking form with what the conversation already tells."""

    def name(self) -> str:
        return "action_booking_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        topic = "human_handoff" if intent_of(tracker) == "request_human" else "booking"
        events: list[EventType] = [SlotSet("booking_topic", topic), SlotSet(REQUESTED_SLOT, None)]
        if topic == "human_handoff":
            dispatcher.utter_message(response="utter_live_chat_unavailable", topic=topic)
        if tracker.get_slot("booking_end") in RESUMABLE and tracker.get_slot("booking_municipality"):
            # "Try again" after the service was down: same answers (and the same idempotency
            # key, so a booking that did go through is not made twice); the summary is shown again.
            return [*events, SlotSet("booking_end", None), SlotSet("booking_confirmed", None)]
        events += clear(BOOKING_DATA_SLOTS)
        named = last_entity_value(tracker, "municipality")  # "I live in Porvoo and want to book ..."
        municipality, uncovered = tracker.get_slot("municipality"), tracker.get_slot("uncovered_place")
        if named:  # the API says whether it is covered
            covered, place_events = await check_place(named, tracker.get_slot("jobseeker"))
            events += [event for event in place_events if event["name"] != "booking_end"]
            uncovered = named if covered is False else None
        elif municipality:  # covered: the API said so when it answered about the place
            events.append(SlotSet("booking_municipality", municipality))
            uncovered = None
        if uncovered:
            # They live where Opas does not reach: no advisor to book; say so and do not start.
            dispatcher.utter_message(response="utter_out_of_coverage", topic=topic, municipality=None,
                                     place=place_name(uncovered, language_of(tracker)))
            return [*events, FollowupAction("action_listen")]
        mode = typed_mode(Turn.of(tracker))  # "a phone appointment, please"
        if mode:
            events.append(SlotSet("booking_mode", mode))
        return events
