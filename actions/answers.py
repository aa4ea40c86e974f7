"""Answering a topic question from the programme content, routed by place and jobseeker status.

One action serves every topic: the intent names the topic (`ask_civic_orientation` →
`civic_orientation`). When the answer depends on the place and the place is unknown, it asks for
it (kind `clarify`) and keeps the question in `pending_topic`, so that naming the place later,
even after a language switch, answers it.
"""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .api_client import ApiError, api
from .conversation_state import entities, gazetteer, intent_of, is_covered, last_entity_value, mostly_a_place
from .settings import settings

TOPIC_INTENT_PREFIX = "ask_"


def topic_of_intent(intent: str | None) -> str | None:
    return intent[len(TOPIC_INTENT_PREFIX):] if intent and intent.startswith(TOPIC_INTENT_PREFIX) else None


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot("language") or settings.default_language


def place_name(municipality_id: str, language: str) -> str:
    """The municipality's name in the conversation language (Finnish when it has none)."""
    municipality = gazetteer().municipality(municipality_id)
    return municipality.display_name(language) if municipality else municipality_id


async def answer_topic(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str) -> list[EventType]:
    """Utter the answer to `topic` for this user, or what is needed first. Returns slot events."""
    language = language_of(tracker)
    municipality = tracker.get_slot("municipality")
    uncovered = tracker.get_slot("uncovered_place")
    named_now = last_entity_value(tracker, "municipality")
    if named_now and not is_covered(named_now):
        dispatcher.utter_message(response="utter_out_of_coverage", topic=topic, municipality=None,
                                 place=place_name(named_now, language))
        return [SlotSet("pending_topic", None)]
    try:
        result = await api().answer(topic, language, municipality, tracker.get_slot("jobseeker"))
    except ApiError:
        dispatcher.utter_message(response="utter_service_unavailable", topic=topic)
        return []
    if result["status"] == "needs_municipality" and uncovered:
        # They told us earlier that they live where Opas does not reach.
        dispatcher.utter_message(response="utter_out_of_coverage", topic=topic, municipality=None,
                                 place=place_name(uncovered, language))
        return [SlotSet("pending_topic", None)]
    if result["status"] == "needs_municipality":
        dispatcher.utter_message(response="utter_ask_municipality", topic=topic)
        return [SlotSet("pending_topic", topic)]
    if result["status"] == "out_of_coverage":
        dispatcher.utter_message(response="utter_out_of_coverage", topic=topic, municipality=None,
                                 place=place_name(municipality, language))
        return [SlotSet("pending_topic", None)]
    if result["status"] == "no_answer":
        # The programme content says nothing for this user: say so honestly, offer a person.
        dispatcher.utter_message(response="utter_default", topic=topic,
                                 municipality=result.get("municipality"))
        return [SlotSet("pending_topic", None)]
    dispatcher.utter_message(
        response="utter_answer",
        answer=result["text"],
        topic=topic,
        municipality=result.get("municipality"),
        provider=result.get("provider"),
        sources=result.get("sources") or [],
        fallback_language=result.get("fallback_language"),
        outdated=result.get("outdated", False),
        source_language=result.get("source_language"),
    )
    return [SlotSet("pending_topic", None)]


class ActionAnswer(Action):
    """Answers the topic the user asked about."""

    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        pending = tracker.get_slot("pending_topic")
        topic = topic_of_intent(intent_of(tracker))
        if pending and (not topic or mostly_a_place(tracker)):
            # A reply that only names the place answers the question we asked, whatever the
            # classifier made of it ("Porvoo ayaan joogaa" is not a new question).
            topic = pending
        if not topic:
            dispatcher.utter_message(response="utter_help")
            return []
        return await answer_topic(dispatcher, tracker, topic)


class ActionInform(Action):
    """The user told where they live or whether they seek work: answer what is pending.

    With nothing pending, a place alone is taken as "who serves me here?" and a jobseeker status
    alone as "who is responsible for me?": the questions a newcomer most often means by it.
    """

    def name(self) -> str:
        return "action_inform"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        topic = tracker.get_slot("pending_topic")
        if not topic:
            if entities(tracker, "municipality"):
                topic = "service_provider"
            elif entities(tracker, "jobseeker"):
                topic = "responsibility_split"
        if not topic:
            dispatcher.utter_message(response="utter_help")
            return []
        return await answer_topic(dispatcher, tracker, topic)
