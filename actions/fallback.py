"""When the classifier is unsure: search the content and offer the best topics, or say honestly
that Opas does not know and offer an advisor. Never a made-up answer. A place Opas does not
cover, named in such a message, is answered with out-of-coverage."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .answers import language_of, place_name
from .api_client import ApiError, api
from .conversation_state import is_covered, last_entity_value

# BM25 scores below this are chance overlaps of common words, not a match worth offering.
MIN_SEARCH_SCORE = 1.0
MAX_SUGGESTIONS = 3


class ActionFallback(Action):
    """Offers search suggestions (kind fallback) or the honest "I don't know"."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        named = last_entity_value(tracker, "municipality")
        if named and not is_covered(named):
            # Whatever they asked, the place they named is one Opas does not cover: say so.
            dispatcher.utter_message(response="utter_out_of_coverage", municipality=None,
                                     place=place_name(named, language_of(tracker)))
            return []
        text = tracker.latest_message.get("text") or ""
        try:
            results = await api().search(text, language_of(tracker), MAX_SUGGESTIONS)
        except ApiError:
            results = []
        topics = [r["topic"] for r in results if r.get("score", 0) >= MIN_SEARCH_SCORE]
        if topics:
            dispatcher.utter_message(response="utter_suggestions", topics=topics, count=len(topics))
        else:
            dispatcher.utter_message(response="utter_default")
        return []
