"""Answering what the user asks: one action, one API call (`POST /v1/answer`), for every message
that asks or tells something about the programme (topic questions, follow-ups, "I just moved to
X", a place or a jobseeker status, out-of-scope questions, and what the classifier is unsure of).

The API owns the content, so it decides everything that depends on it: which topic and which
statements answer, whether the place is covered, who provides the service, whether the subject is
beyond the programme. The action tells it what the conversation already knows (the topic of the
last answer, the place, the jobseeker status, what it asked the place for, the statements shown)
and keeps what the answer establishes in slots for the next turn.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .api_client import ApiError, api
from .conversation_state import entities, gazetteer, is_payload, language_of, mostly_a_place
from .handoff import FAILURES_BEFORE_OFFER, FAILURES_SLOT, OFFER_SLOT, advisor_on_duty, counted_failure, offer

#: How many of the classifier's intents the API gets as its prior.
RANKING_SIZE = 10


def place_name(municipality_id: str, language: str) -> str:
    """The municipality's name in the conversation language (Finnish when it has none)."""
    municipality = gazetteer().municipality(municipality_id)
    return municipality.display_name(language) if municipality else municipality_id


def answer_request(tracker: Tracker) -> dict[str, Any]:
    """What the API needs to answer the latest message (docs/answer-selection.md)."""
    latest = tracker.latest_message or {}
    ranking = latest.get("intent_ranking") or ([latest["intent"]] if latest.get("intent") else [])
    payload_topic = next((e.get("value") for e in entities(tracker, "topic")), None)
    return {
        "question": "" if is_payload(tracker) else (latest.get("text") or "")[:2000],
        "language": language_of(tracker),
        "intents": [{"name": i["name"], "confidence": float(i.get("confidence") or 0.0)}
                    for i in ranking[:RANKING_SIZE] if i.get("name")],
        "places": [e["value"] for e in entities(tracker, "municipality")][:10],
        "place_only": mostly_a_place(tracker),
        "municipality": tracker.get_slot("municipality") or tracker.get_slot("uncovered_place"),
        "jobseeker": tracker.get_slot("jobseeker") or "unknown",
        "jobseeker_named": bool(entities(tracker, "jobseeker")),
        "context": {
            "topic": tracker.get_slot("context_topic"),
            "pending": tracker.get_slot("pending_topic"),
            "shown": list(tracker.get_slot("shown_statements") or [])[:50],
        },
        "more": payload_topic if isinstance(payload_topic, str) else None,
    }


def place_slots(result: dict[str, Any]) -> list[EventType]:
    """The conversation's place after this answer: the API says whether it is covered."""
    if result["status"] == "out_of_coverage":
        return [SlotSet("municipality", None), SlotSet("uncovered_place", result.get("place"))]
    if result.get("municipality"):
        return [SlotSet("municipality", result["municipality"]), SlotSet("uncovered_place", None)]
    return []


def utter_result(dispatcher: CollectingDispatcher, result: dict[str, Any], language: str) -> list[EventType]:
    """Say what the API answered; returns the slot events it establishes."""
    status, topic = result["status"], result.get("topic")
    events = place_slots(result)
    if status == "answer":
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
            not_stated=result.get("not_stated"),
            more_topic=topic if result.get("more") else None,
            offer_advisor=bool(result.get("not_stated") or result.get("first_steps")),
        )
        return [*events, SlotSet("context_topic", topic), SlotSet("shown_statements", result.get("statements") or []),
                SlotSet("pending_topic", None)]
    if status == "needs_municipality":
        dispatcher.utter_message(response="utter_ask_municipality", topic=topic,
                                 municipalities=result.get("covered") or [])
        return [*events, SlotSet("pending_topic", result.get("pending") or topic)]
    if status == "out_of_coverage":
        place = result.get("place")
        dispatcher.utter_message(response="utter_out_of_coverage", topic=topic, municipality=None,
                                 place=place_name(place, language) if place else None,
                                 municipalities=result.get("covered") or [])
        return [*events, SlotSet("pending_topic", None)]
    if status == "out_of_scope":
        dispatcher.utter_message(response="utter_out_of_scope", subject=result.get("subject"),
                                 answer=result.get("text"), sources=result.get("sources") or [])
        return [*events, SlotSet("pending_topic", None)]
    if status == "unclear":
        topics = result.get("suggestions") or []
        dispatcher.utter_message(response="utter_suggestions", topics=topics, count=len(topics))
        return events
    dispatcher.utter_message(response="utter_default", topic=topic, municipality=result.get("municipality"))
    return [*events, SlotSet("pending_topic", None)]


def only_changes(tracker: Tracker, events: list[EventType]) -> list[EventType]:
    """The slot events that change a slot: every event is stored with the conversation, and the
    conversation is read back on every turn."""
    latest: dict[str, Any] = {}
    for event in events:
        latest[event["name"]] = event["value"]
    return [SlotSet(name, value) for name, value in latest.items() if tracker.get_slot(name) != value]


class ActionAnswer(Action):
    """Answers the latest message from the programme content (see the module docstring)."""

    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            result = await api().answer(answer_request(tracker))
        except ApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        events = utter_result(dispatcher, result, language_of(tracker))
        # Any answer drops a waiting offer of a live chat (unless this very turn makes one).
        events += [SlotSet(OFFER_SLOT, None), *await after_failures(dispatcher, tracker, result)]
        return only_changes(tracker, events)


def did_not_help(result: dict[str, Any]) -> bool:
    """A fallback turn (nothing found, unsure, beyond the programme) or "the documents do not say"."""
    status = result["status"]
    if status == "answer":
        return bool(result.get("not_stated"))
    return status not in ("needs_municipality", "out_of_coverage")


async def after_failures(dispatcher: CollectingDispatcher, tracker: Tracker,
                         result: dict[str, Any]) -> list[EventType]:
    """Counts the turns in a row that did not help; the second one offers a person when one is
    on duty (the failure's own reply already offers a booking)."""
    failures = counted_failure(tracker, did_not_help(result))
    if failures >= FAILURES_BEFORE_OFFER:
        if await advisor_on_duty(tracker):
            return offer(dispatcher)
        failures = 0  # the next two failures ask the API again, not every turn
    if failures == (tracker.get_slot(FAILURES_SLOT) or 0):
        return []  # unset counts as none: no event for nothing changed
    return [SlotSet(FAILURES_SLOT, failures)]
