"""A conversation's tracker of bounded length, so that a turn's cost does not grow with history.

Rasa 3.6 loads, replays, featurises (RulePolicy reads every past state, three times a turn) and,
in Redis, parses and rewrites the whole session on every turn: in the Redis shape turns 41–50 of
a conversation cost 5.8× turns 1–5 (issue 12). `BoundedRedisTrackerStore` keeps a conversation at
most `max_events` events long: when a save would store more, the oldest turns are folded into
what they left behind — the slot values, the active form and a pause (handoff) as they stood at
the cut — and the last `keep_events` or so are kept as they were, from an `action_listen` on, so
that the rules still see the turns before the current one. The bot's behaviour depends only on
those (slots, the active loop, the last turns: RulePolicy alone runs this bot, and no rule is
`conversation_start`), so a folded conversation goes on as before; what goes is the transcript of
the old turns, which Opas keeps nowhere else either (data minimisation, docs/scaling.md).

The store also writes the conversation without reading it back first: Rasa's Redis store reads
and parses the stored copy on every save to merge earlier sessions into it (a second full parse
per turn). The lock store serialises a conversation's turns, so the tracker being saved is the
stored one plus this turn. An expired session is therefore dropped at the next save rather than
merged (its slots live on in the new session: `carry_over_slots_to_new_session`).
Each conversation still expires `record_exp` seconds after its last save (the retention rule).

What a process wrote last is also kept in its memory for a few minutes (`WrittenConversations`):
when the stored copy read at the next turn is byte for byte what this process wrote, the tracker is
rebuilt from the events it saved instead of parsing the JSON and making every event again (the
proxy sends each conversation to the same process, so this is nearly every turn). Any other copy
(written by the other process, folded, deleted, expired) is read from Redis as before.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections import OrderedDict
from typing import Any, Iterable, List, Optional, Tuple

import ujson
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.conversation import Dialogue
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, ConversationPaused, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

#: A turn is 6–12 events here (listen, user, slots, the form or the answer action, texts).
DEFAULT_MAX_EVENTS = 120
DEFAULT_KEEP_EVENTS = 40


def _setting(name: str, given: Any, default: int) -> int:
    return int(given if given is not None else os.environ.get(name, default))


def cut_index(events: List[Event], keep_events: int) -> Optional[int]:
    """Where the kept tail starts: the first `action_listen` among the last `keep_events` events."""
    for index in range(max(0, len(events) - keep_events), len(events)):
        event = events[index]
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            return index if index > 0 else None
    return None


def state_at(sender_id: str, events: Iterable[Event], domain: Domain) -> List[Event]:
    """Events that restore what `events` left behind: slot values, the active form, a pause."""
    before = DialogueStateTracker.from_events(sender_id, list(events), domain.slots)
    restored: List[Event] = [SlotSet(name, slot.value) for name, slot in before.slots.items()
                             if slot.value != slot.initial_value]
    if before.active_loop_name:
        restored.append(ActiveLoop(before.active_loop_name))
    if before.is_paused():
        restored.append(ConversationPaused())
    return restored


def bounded(tracker: DialogueStateTracker, domain: Domain, max_events: int, keep_events: int) -> List[Event]:
    """The tracker's events, folded when there are more than `max_events`."""
    events = list(tracker.events)
    if len(events) <= max_events:
        return events
    cut = cut_index(events, keep_events)
    if cut is None:
        return events
    tail = events[cut:]
    restored = state_at(tracker.sender_id, events[:cut], domain)
    for event in restored:  # just before the tail, so that time travel keeps them
        event.timestamp = tail[0].timestamp
    return [*restored, *tail]


def encoded(dialogue: dict) -> bytes:
    """The stored text of a conversation: JSON as Rasa writes it, by ujson (a Rasa dependency),
    which writes these 20–55 KB in 0.6 ms where `json` takes 1.4 ms; `json` for anything ujson
    cannot write."""
    try:
        return ujson.dumps(dialogue, ensure_ascii=True, escape_forward_slashes=False).encode("ascii")
    except (TypeError, OverflowError):
        return json.dumps(dialogue).encode("utf-8")


class WrittenConversations:
    """The last copy this process wrote of each of its recent conversations: its events, and a
    digest of the stored text to tell whether Redis still holds exactly that.

    A conversation's events take about 0.2 MB of Python objects (93 events, measured with
    tracemalloc), so only the `size` most recent are kept (40 MB at most per process) and none
    longer than `seconds`: the next turn of a conversation comes within minutes, or the
    conversation is read from Redis as before. "Delete my conversation" forgets it here too.
    """

    def __init__(self, size: int = 200, seconds: float = 600.0) -> None:
        self.size, self.seconds = size, seconds
        self._written: OrderedDict[str, Tuple[bytes, List[Event], float]] = OrderedDict()

    @staticmethod
    def digest(stored: str | bytes) -> bytes:
        return hashlib.blake2b(stored.encode("utf-8") if isinstance(stored, str) else stored,
                               digest_size=16).digest()

    def remember(self, sender_id: str, serialised: bytes, events: List[Event]) -> None:
        now = time.monotonic()
        self._written.pop(sender_id, None)
        self._written[sender_id] = (self.digest(serialised), events, now)
        while self._written:  # the oldest first: past the size, or past their time
            oldest = next(iter(self._written.values()))
            if len(self._written) <= self.size and now - oldest[2] <= self.seconds:
                break
            self._written.popitem(last=False)

    def events_if_unchanged(self, sender_id: str, stored: str | bytes) -> Optional[List[Event]]:
        """The events written with `stored`, if this process wrote exactly that and recently."""
        written = self._written.get(sender_id)
        if written is None:
            return None
        digest, events, at = written
        if time.monotonic() - at > self.seconds:
            self._written.pop(sender_id, None)
            return None
        return events if self.digest(stored) == digest else None

    def forget(self, sender_id: str) -> None:
        self._written.pop(sender_id, None)

    def __len__(self) -> int:
        return len(self._written)


class BoundedRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store with conversations of bounded length (see the module).

    endpoints: `tracker_store: {type: components.bounded_tracker.BoundedRedisTrackerStore, ...}`
    with the Redis store's settings, and `max_events` / `keep_events` (or the variables
    OPAS_TRACKER_MAX_EVENTS / OPAS_TRACKER_KEEP_EVENTS).
    """

    def __init__(self, domain: Domain, max_events: Optional[int] = None, keep_events: Optional[int] = None,
                 **kwargs: Any) -> None:
        super().__init__(domain, **kwargs)
        self.max_events = _setting("OPAS_TRACKER_MAX_EVENTS", max_events, DEFAULT_MAX_EVENTS)
        self.keep_events = min(self.max_events, _setting("OPAS_TRACKER_KEEP_EVENTS", keep_events,
                                                         DEFAULT_KEEP_EVENTS))
        self.written = WrittenConversations()

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        await self.stream_events(tracker)
        events = bounded(tracker, self.domain, self.max_events, self.keep_events)
        serialised = encoded(Dialogue(tracker.sender_id, events).as_dict())
        self.red.set(self.key_prefix + tracker.sender_id, serialised, ex=timeout or self.record_exp)
        self.written.remember(tracker.sender_id, serialised, events)

    def deserialise_tracker(self, sender_id: str, serialised_tracker: str | bytes
                            ) -> Optional[DialogueStateTracker]:
        """Rasa's, or the events this process wrote when the stored copy is still theirs."""
        events = self.written.events_if_unchanged(sender_id, serialised_tracker)
        if events is None:
            return super().deserialise_tracker(sender_id, serialised_tracker)
        tracker = self.init_tracker(sender_id)
        tracker.recreate_from_dialogue(Dialogue(sender_id, list(events)))
        return tracker

    def forget(self, sender_id: str) -> None:
        """Drops a deleted conversation from this process's memory too."""
        self.written.forget(sender_id)
