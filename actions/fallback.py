"""When the classifier is unsure: search the content and offer the best topics, or say honestly
that Opas does not know and offer an advisor. Never a made-up answer."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .answers import language_of
from .api_client import ApiError, api

# BM25 scores below this are chance overlaps of common words, not a match worth offering.
MIN_SEARCH_SCORE = 1.0
MAX_SUGGESTIONS = 3


class ActionFallback(Action):
    """Offers search suggestions (kind fallback) or the honest "I don't know"."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
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
