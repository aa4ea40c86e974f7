"""Reading what the NLU pipeline found in the latest message (entities, language detection)."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from placenames.gazetteer import Gazetteer, default_gazetteer


def gazetteer() -> Gazetteer:
    """The process's one gazetteer: in Rasa, built when the model loaded (0.8 s), not mid-turn."""
    return default_gazetteer()


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


def is_covered(municipality_id: str | None) -> bool:
    return bool(municipality_id) and municipality_id in gazetteer().covered_ids()


def is_payload(tracker: Tracker) -> bool:
    return (tracker.latest_message.get("text") or "").startswith("/")


def intent_of(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")
