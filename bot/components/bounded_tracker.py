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

`BoundedSQLTrackerStore` does the same for `make run`'s SQLite store, which Rasa reads whole
(every event of the session parsed, made and replayed) and counts again on every save: 12 of a
turn's 24 ms (scripts/turn_cpu.py --endpoints endpoints.yml --breakdown). Its table keeps every
event as Rasa's does (the retention job and "delete my conversation" remove them); what this
process wrote last comes back from memory, folded like the Redis copy, when the conversation's
rows are still the ones it wrote (their count and last id, one indexed query), and a save
inserts only the events added since the conversation was read.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
from collections import OrderedDict
from typing import Any, Iterable, List, Optional, Tuple

import sqlalchemy as sa
import ujson
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.conversation import Dialogue
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, ConversationPaused, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import Session

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


def starts_another_session(events: Iterable[Event]) -> bool:
    """Whether Rasa splits `events` into more than one session: an `action_session_start` after
    the first event (`get_trackers_for_conversation_sessions`)."""
    return any(isinstance(event, ActionExecuted) and event.action_name == ACTION_SESSION_START_NAME
               for event in itertools.islice(events, 1, None))


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
    digest of what the store holds (the stored text in Redis; the rows' count and last id in SQL)
    to tell whether the store still holds exactly that.

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

    async def _retrieve(self, sender_id: str, fetch_all_sessions: bool) -> Optional[DialogueStateTracker]:
        """Rasa's, without splitting a conversation of one session into sessions (a replay of
        every event, only to find the one session Rasa then hands back unchanged)."""
        if fetch_all_sessions:
            return await super()._retrieve(sender_id, fetch_all_sessions)
        stored = self.red.get(self.key_prefix + sender_id)
        if stored is None:
            return None
        tracker = self.deserialise_tracker(sender_id, stored)
        if tracker is None or not starts_another_session(tracker.events):
            return tracker
        return get_trackers_for_conversation_sessions(tracker)[-1]

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


#: Set on a tracker the SQL store handed out or saved: how many of its events the table holds
#: (the rest are new) and the mark of the rows then.
STORED = "_opas_stored"


def last_session(events: List[Event]) -> List[Event]:
    """The events from the last `session_started` on: what Rasa's SQL store reads back."""
    for index in range(len(events) - 1, 0, -1):
        if isinstance(events[index], SessionStarted):
            return events[index:]
    return events


class BoundedSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, reading back from memory what it wrote (see the module).

    endpoints: `tracker_store: {type: components.bounded_tracker.BoundedSQLTrackerStore, dialect:
    sqlite, db: ...}` with the SQL store's settings, and `max_events` / `keep_events` as above.
    """

    def __init__(self, domain: Optional[Domain] = None, max_events: Optional[int] = None,
                 keep_events: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(domain, **kwargs)
        self.max_events = _setting("OPAS_TRACKER_MAX_EVENTS", max_events, DEFAULT_MAX_EVENTS)
        self.keep_events = min(self.max_events, _setting("OPAS_TRACKER_KEEP_EVENTS", keep_events,
                                                         DEFAULT_KEEP_EVENTS))
        self.written = WrittenConversations()
        self._mark_query: Any = None

    def _mark(self, connection: Any, sender_id: str) -> bytes:
        """What changes whenever the conversation's rows do: rows are only added or deleted
        (a redaction rewrites a row's text in place, and the tracker it came from alike)."""
        table = self.SQLEvent.__table__
        if self._mark_query is None:  # built once: SQLAlchemy then reuses its compiled form
            self._mark_query = sa.select(sa.func.count(table.c.id), sa.func.max(table.c.id)) \
                .where(table.c.sender_id == sa.bindparam("sender_id"))
        count, last = connection.execute(self._mark_query, {"sender_id": sender_id}).one()
        return f"{count}:{last}".encode()

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        with self.engine.connect() as connection:
            mark = self._mark(connection, sender_id)
        events = self.written.events_if_unchanged(sender_id, mark)
        if events is None:
            return await super().retrieve(sender_id)
        tracker = self.init_tracker(sender_id)
        tracker.recreate_from_dialogue(Dialogue(sender_id, list(events)))
        setattr(tracker, STORED, (len(tracker.events), mark))
        return tracker

    @staticmethod
    def _row(sender_id: str, event: Event) -> dict:
        """The columns Rasa's SQL store writes for an event."""
        data = event.as_dict()
        return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"), "data": json.dumps(data)}

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        stored = getattr(tracker, STORED, None)
        with self.engine.begin() as connection:  # one transaction: the check, the rows, the mark
            if stored is not None and self._mark(connection, tracker.sender_id) == stored[1]:
                new = list(itertools.islice(tracker.events, stored[0], None))
            else:  # read from the table (or made anew): Rasa's count of what it holds
                with Session(bind=connection) as session:  # on this transaction's connection
                    new = list(self._additional_events(session, tracker))
            if new:
                connection.execute(self.SQLEvent.__table__.insert(),
                                   [self._row(tracker.sender_id, event) for event in new])
            mark = self._mark(connection, tracker.sender_id)
        setattr(tracker, STORED, (len(tracker.events), mark))
        events = last_session(bounded(tracker, self.domain, self.max_events, self.keep_events))
        self.written.remember(tracker.sender_id, mark, events)

    def forget(self, sender_id: str) -> None:
        """Drops a deleted conversation from this process's memory too."""
        self.written.forget(sender_id)
