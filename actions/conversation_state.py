"""Reading what the NLU pipeline found in the latest message (entities, language detection)."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from locales.languages import DEFAULT, is_supported
from placenames.gazetteer import Gazetteer, default_gazetteer


def gazetteer() -> Gazetteer:
    """The process's one gazetteer of place names: in Rasa, built before the workers fork."""
    return default_gazetteer()


def language_of(tracker: Tracker) -> str:
    """The conversation language (the `language` slot), else the registry's default."""
    language = tracker.get_slot("language")
    return language if is_supported(language) else DEFAULT


def entities(tracker: Tracker, name: str) -> list[dict[str, Any]]:
    return [e for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]


def last_entity_value(tracker: Tracker, name: str) -> str | None:
    """The last value of an entity in the latest message: "moved from Porvoo to Espoo" → espoo."""
    found = entities(tracker, name)
    return found[-1].get("value") if found else None


def mostly_a_place(tracker: Tracker, max_other_words: int = 3) -> bool:
    """Whether the latest message names a place and little else ("Porvoo ayaan joogaa", "в Ловийсе")."""
    text = tracker.latest_message.get("text") or ""
    places = sorted((e for e in entities(tracker, "municipality") if "start" in e), key=lambda e: e["start"],
                    reverse=True)
    if not places:
        return False
    for place in places:
        text = text[: place["start"]] + " " + text[place["end"]:]
    return len(re.findall(r"\w+", text)) <= max_other_words


def is_payload(tracker: Tracker) -> bool:
    return (tracker.latest_message.get("text") or "").startswith("/")


def intent_of(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")
