"""Corrects the intent classifier where its mistakes are systematic and the message says better.

It runs after the classifier and before the FallbackClassifier (bot/config.yml), and only moves
an intent down the ranking the classifier made, so the next one it ranked is taken instead:
- a greeting, thanks, goodbye, yes or no is a short message: a long one that the classifier took
  for one ("Hei! We moved to Loviisa last week, where do we start?") is the question it also is;
- a question about learning a language ("can I study Finnish?", "I want to learn to speak
  Finnish") is not a request to switch the conversation to it;
- a message that names a place and hardly anything else ("فيهتي", "Lovisa!") tells where the user
  lives (`inform`), whatever short-message intent the classifier heard in an unknown name.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message

from placenames.normalize import normalize

from .annotator import MessageAnnotator
from .lexicon import asks_about_learning

#: Intents of short messages: a longer message is something else the classifier also saw in it.
SHORT_MESSAGE_INTENTS = frozenset({"greet", "thank", "goodbye", "affirm", "deny", "bot_challenge"})
#: More words than this and a message is no greeting alone.
SHORT_MESSAGE_MAX_WORDS = 5
#: A place and at most this many other words is the answer to "where do you live?".
PLACE_ONLY_OTHER_WORDS = 2
_WORD = re.compile(r"\w+")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class IntentGuard(MessageAnnotator):
    """Moves a systematically wrong intent down the classifier's own ranking."""

    def annotate(self, message: Message, text: str) -> None:
        intent = message.get(INTENT) or {}
        name = intent.get(INTENT_NAME_KEY)
        if name in SHORT_MESSAGE_INTENTS and names_a_place_only(text, message.get(ENTITIES) or []):
            message.set(INTENT, {INTENT_NAME_KEY: "inform", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
            ranking = [item for item in message.get(INTENT_RANKING_KEY) or [] if item.get(INTENT_NAME_KEY) != "inform"]
            message.set(INTENT_RANKING_KEY, [{INTENT_NAME_KEY: "inform", PREDICTED_CONFIDENCE_KEY: 1.0}, *ranking],
                        add_to_output=True)
        elif name in SHORT_MESSAGE_INTENTS and len(_WORD.findall(text)) > SHORT_MESSAGE_MAX_WORDS:
            demote(message, SHORT_MESSAGE_INTENTS)
        elif name == "change_language" and is_learning_question(text):
            demote(message, {"change_language"})


def names_a_place_only(text: str, entities: List[Dict[Text, Any]]) -> bool:
    places = sorted((e for e in entities if e.get("entity") == "municipality" and "start" in e),
                    key=lambda e: e["start"], reverse=True)
    if not places:
        return False
    for place in places:
        text = text[: place["start"]] + " " + text[place["end"]:]
    return len(_WORD.findall(text)) <= PLACE_ONLY_OTHER_WORDS


def is_learning_question(text: str) -> bool:
    return asks_about_learning(normalize(text))


def demote(message: Message, intents: frozenset[str] | set[str]) -> None:
    """Take the classifier's best intent outside ``intents``; those go to the end of the ranking."""
    ranking: List[Dict[Text, Any]] = list(message.get(INTENT_RANKING_KEY) or [])
    others = [item for item in ranking if item.get(INTENT_NAME_KEY) not in intents]
    if not others:
        return
    message.set(INTENT, {INTENT_NAME_KEY: others[0][INTENT_NAME_KEY],
                         PREDICTED_CONFIDENCE_KEY: others[0][PREDICTED_CONFIDENCE_KEY]}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, others + [item for item in ranking if item not in others], add_to_output=True)
