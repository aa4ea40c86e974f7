"""`action_booking_start`: starts a booking, or a request for a person (which leads into one until
live chat exists): forgets an earlier unfinished booking and fills in what is already known, so
that it is not asked again: the place (named now, or the conversation's), the meeting topic (named
now, or the conversation's topic), a mode named now ("a phone appointment"), the meeting language
(the conversation's; the summary shows it and the user can change it) and no interpreter (when
no advisor speaking the language is free, the form offers one).
"""
from __future__ import annotations

import re
from functools import cache

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from locales import programme_data
from placenames.normalize import normalize

from ..answers import place_name
from ..conversation_state import intent_of, language_of, last_entity_value
from .place import check_place
from .reading import Turn, phrase_pattern, typed_mode
from .state import API_MEETING_TOPICS, BOOKING_DATA_SLOTS, REQUESTED_SLOT, clear, topic_of_intent

#: booking_end values after which "book an appointment" picks up where the user was.
RESUMABLE = ("api_down", "failed")
#: Topics a request can name as the meeting's ("about the integration plan"): not "contact",
#: whose title is also an everyday word of a booking ("my contact").
NAMEABLE_TOPICS = tuple(sorted(API_MEETING_TOPICS - {"contact", "other"}))
#: How sure the classifier must be of a topic question among a booking request's intents.
TOPIC_INTENT_CONFIDENCE = 0.3


@cache
def _topic_titles() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every meeting topic's title in every language (the topic buttons' titles), as patterns."""
    found = []
    for topic in NAMEABLE_TOPICS:
        titles = (programme_data.topics().get(topic) or {}).get("title") or {}
        found += [(re.compile(phrase_pattern(title)), topic) for title in titles.values() if isinstance(title, str)]
    return tuple(found)


def meeting_topic_named(tracker: Tracker) -> str | None:
    """The meeting topic a booking request names ("... about the integration plan"): a topic's
    title in the message, else a topic question the classifier also saw in it, else the topic
    the conversation is about."""
    text = normalize(tracker.latest_message.get("text") or "")
    named = {topic for regex, topic in _topic_titles() if regex.search(text)}
    if len(named) == 1:
        return named.pop()
    ranked = [topic_of_intent(intent.get("name")) for intent in tracker.latest_message.get("intent_ranking") or []
              if (intent.get("confidence") or 0) >= TOPIC_INTENT_CONFIDENCE]
    ranked = [topic for topic in ranked if topic in NAMEABLE_TOPICS]
    if ranked:
        return ranked[0]
    context = tracker.get_slot("context_topic")
    return context if context in NAMEABLE_TOPICS else None


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
        return [*events, *known_answers(tracker)]


def known_answers(tracker: Tracker) -> list[EventType]:
    """The answers the request and the conversation already give (see the module docstring)."""
    events = [SlotSet("booking_language", language_of(tracker)), SlotSet("booking_interpreter", "no")]
    meeting_topic = meeting_topic_named(tracker)
    if meeting_topic:
        events.append(SlotSet("meeting_topic", meeting_topic))
    mode = typed_mode(Turn.of(tracker))  # "a phone appointment, please"
    if mode:
        events.append(SlotSet("booking_mode", mode))
    return events
