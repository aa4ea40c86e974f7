"""The latest message as the forms read it: its normalised text, intent, entities, and the words
of `words` it contains (stop, change, a meeting mode, yes or no).

Pure functions (no API, no dispatcher), so that they are easy to test.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from rasa_sdk import Tracker

from placenames.normalize import normalize

from . import words
from .state import MODES, STOP_INTENTS

_NOT_WORD = re.compile(r"[^\w@+-]+")


def normalise(text: str) -> str:
    """Folded for matching: the one normaliser of Opas (`placenames.normalize`: case, diacritics,
    Arabic-script letter variants, digits of every script), then punctuation dropped, so that
    "Puhelimitse!" and "ti 1.12. 9.00" read as words."""
    return " ".join(_NOT_WORD.sub(" ", normalize(text or "")).split()).strip(" -")


def phrase_pattern(entry: str) -> str:
    """A phrase as a regular expression on `placenames.normalize`d text: each word a word start
    ("tiistai" finds "tiistaina", "план інтеграції" finds "плану інтеграції"), or whole words
    when the phrase is shorter than four letters or ends with $."""
    folded = normalize(entry.rstrip("$"))
    whole = entry.endswith("$") or len(folded.replace(" ", "")) < 4
    ending = r"(?!\w)" if whole else r"\w*"
    return r"(?<!\w)" + (ending + r"\s+").join(re.escape(part) for part in folded.split()) + ending


_FOLDED: dict[int, list[str]] = {}


def _words(table: dict[str, list[str]]) -> list[str]:
    folded = _FOLDED.get(id(table))
    if folded is None:
        folded = _FOLDED[id(table)] = sorted({normalise(w) for ws in table.values() for w in ws}, key=len,
                                             reverse=True)
    return folded


def contains_any(text: str, table: dict[str, list[str]]) -> bool:
    """Whether the normalised text contains one of the table's words or phrases as whole words."""
    padded = f" {text} "
    return any(f" {word} " in padded for word in _words(table))


def parse_payload(payload: str) -> tuple[str | None, dict[str, str]]:
    """`/inform{"booking_mode":"phone"}` → ("inform", {"booking_mode": "phone"})."""
    match = re.match(r"^/([A-Za-z0-9_]+)(\{.*\})?$", payload.strip())
    if not match:
        return None, {}
    try:
        entities = json.loads(match.group(2)) if match.group(2) else {}
    except ValueError:
        entities = {}
    return match.group(1), {k: str(v) for k, v in entities.items()} if isinstance(entities, dict) else {}


@dataclass
class Turn:
    """The latest user message as the forms read it."""

    text: str
    normalised: str
    intent: str | None
    confidence: float
    entities: dict[str, str]
    payload: bool

    @classmethod
    def of(cls, tracker: Tracker) -> Turn:
        latest = tracker.latest_message or {}
        text = latest.get("text") or ""
        intent = latest.get("intent") or {}
        found: dict[str, str] = {}
        for entity in latest.get("entities") or []:
            if entity.get("entity") and entity.get("value") is not None:
                found[entity["entity"]] = str(entity["value"])  # the last one wins
        return cls(text, normalise(text), intent.get("name"), float(intent.get("confidence") or 0.0), found,
                   text.startswith("/"))

    @property
    def words(self) -> int:
        return len(self.normalised.split())

    def with_payload(self, payload: str) -> Turn:
        """The turn as if the user had pressed the button with this payload."""
        intent, entities = parse_payload(payload)
        return Turn(payload, payload, intent, 1.0, entities, True)


def is_stop(turn: Turn) -> bool:
    if turn.intent in STOP_INTENTS and (turn.payload or turn.confidence >= 0.5):
        return True
    return 0 < turn.words <= words.STOP_MAX_WORDS and contains_any(turn.normalised, words.STOP)


def change_target(turn: Turn) -> str | None:
    """The answer the user wants to change ("toinen aika" → booking_slot), or None."""
    if turn.payload or not contains_any(turn.normalised, words.CHANGE):
        return None
    for slot, table in words.FIELDS.items():
        if contains_any(turn.normalised, table):
            return slot
    return None


def typed_mode(turn: Turn) -> str | None:
    found = [mode for mode in MODES if contains_any(turn.normalised, words.MODES[mode])]
    return found[0] if len(found) == 1 else None


def yes_or_no(turn: Turn) -> str | None:
    """"yes"/"no" from the classifier (affirm/deny) or a short typed answer."""
    if turn.intent == "affirm" and turn.confidence >= 0.5:
        return "yes"
    if turn.intent == "deny" and turn.confidence >= 0.5:
        return "no"
    if turn.words <= 4:
        if contains_any(turn.normalised, words.NO):
            return "no"
        if contains_any(turn.normalised, words.YES):
            return "yes"
    return None
