"""A conversation's tracker stays bounded, and folding the old turns changes nothing the bot
reads: slot values, the active form, a pause, the last turns."""
from __future__ import annotations

import asyncio
import json
import os
import socket
import uuid

import pytest
from components.bounded_tracker import (
    BoundedRedisTrackerStore,
    BoundedSQLTrackerStore,
    WrittenConversations,
    bounded,
)
from components.personal_data import delete_stored
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

DOMAIN = Domain.from_dict({
    "intents": ["greet", "inform"],
    "slots": {
        "language": {"type": "text", "mappings": [{"type": "custom"}]},
        "booking_municipality": {"type": "text", "mappings": [{"type": "custom"}]},
        "turns": {"type": "float", "mappings": [{"type": "custom"}]},
    },
    "forms": {"booking_form": {"required_slots": ["booking_municipality"]}},
    "responses": {"utter_greet": [{"text": "hi"}]},
})
RASAS_DESERIALISE = RedisTrackerStore.deserialise_tracker
REDIS = (os.environ.get("REDIS_HOST", "127.0.0.1"), int(os.environ.get("REDIS_PORT", "6379")))


def conversation(turns: int, paused_at: int | None = None) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for turn in range(turns):
        events += [UserUttered(f"message {turn}", {"name": "greet", "confidence": 1.0}),
                   SlotSet("turns", float(turn)), ActionExecuted("utter_greet"), BotUttered(f"reply {turn}")]
        if turn == 1:
            events += [SlotSet("language", "fi"), ActiveLoop("booking_form")]
        if turn == paused_at:
            events.append(ConversationPaused())
        events.append(ActionExecuted("action_listen"))
    return DialogueStateTracker.from_events("s", events, DOMAIN.slots)


def replayed(events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("s", events, DOMAIN.slots)


def test_a_short_conversation_is_kept_whole():
    tracker = conversation(5)
    assert bounded(tracker, DOMAIN, max_events=100, keep_events=40) == list(tracker.events)


def test_a_long_conversation_is_folded_to_its_last_turns_and_what_it_left():
    tracker = conversation(60, paused_at=3)
    events = bounded(tracker, DOMAIN, max_events=100, keep_events=40)
    assert len(events) <= 40 + len(DOMAIN.slots) + 2 < len(tracker.events)
    folded = replayed(events)
    assert folded.current_slot_values() == tracker.current_slot_values()
    assert folded.active_loop_name == "booking_form" and folded.is_paused()
    # The last turns are there as they were, from an action_listen on.
    start = next(i for i, e in enumerate(events) if isinstance(e, ActionExecuted))
    assert all(isinstance(e, (SlotSet, ActiveLoop, ConversationPaused)) for e in events[:start])
    tail = events[start:]
    assert tail[0] == ActionExecuted("action_listen") and tail == list(tracker.events)[-len(tail):]
    assert folded.latest_message.text == "message 59"
    assert [e.timestamp for e in events] == sorted(e.timestamp for e in events)


def test_folding_again_keeps_the_state():
    tracker = conversation(60)
    once = replayed(bounded(tracker, DOMAIN, max_events=100, keep_events=40))
    for turn in range(60, 80):
        once.update(UserUttered(f"message {turn}"))
        once.update(SlotSet("turns", float(turn)))
        once.update(ActionExecuted("action_listen"))
    twice = replayed(bounded(once, DOMAIN, max_events=50, keep_events=20))
    assert twice.get_slot("language") == "fi" and twice.get_slot("turns") == 79.0
    assert twice.active_loop_name == "booking_form" and not twice.is_paused()


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="no Redis at REDIS_HOST:REDIS_PORT")
def test_the_redis_store_stores_the_folded_conversation_and_expires_it():
    store = BoundedRedisTrackerStore(DOMAIN, host=REDIS[0], port=REDIS[1], db=13, record_exp=60,
                                     key_prefix="opastest", max_events=100, keep_events=40)
    tracker = conversation(60)
    tracker.sender_id = f"bounded-{uuid.uuid4().hex}"
    try:
        asyncio.run(store.save(tracker))
        back = asyncio.run(store.retrieve(tracker.sender_id))
        assert len(back.events) < 60 and back.current_slot_values() == tracker.current_slot_values()
        assert 0 < store.red.ttl(store.key_prefix + tracker.sender_id) <= 60
    finally:
        store.red.delete(store.key_prefix + tracker.sender_id)


def stores_on_one_redis(count: int) -> list[BoundedRedisTrackerStore]:
    return [BoundedRedisTrackerStore(DOMAIN, host=REDIS[0], port=REDIS[1], db=13, record_exp=60,
                                     key_prefix="opastest", max_events=100, keep_events=40) for _ in range(count)]


def parsed_from_redis(store: BoundedRedisTrackerStore, sender_id: str) -> DialogueStateTracker:
    """What Rasa's own store makes of the stored copy (parsing the JSON)."""
    return RASAS_DESERIALISE(store, sender_id, store.red.get(store.key_prefix + sender_id))


@pytest.mark.skipif(not redis_answers(), reason="no Redis at REDIS_HOST:REDIS_PORT")
def test_what_this_process_wrote_comes_back_without_parsing_and_equal_to_the_stored_copy(monkeypatch):
    ours, other = stores_on_one_redis(2)
    tracker = conversation(8)
    tracker.sender_id = f"written-{uuid.uuid4().hex}"
    parses = []
    monkeypatch.setattr(RedisTrackerStore, "deserialise_tracker",
                        lambda self, *args: parses.append(args[0]) or parsed_from_redis(self, args[0]))
    try:
        asyncio.run(ours.save(tracker))
        back = asyncio.run(ours.retrieve(tracker.sender_id))
        assert parses == []  # from the events it wrote
        expected = parsed_from_redis(ours, tracker.sender_id)
        assert list(back.events) == list(expected.events)
        assert back.current_slot_values() == expected.current_slot_values() == tracker.current_slot_values()
        assert back.active_loop_name == expected.active_loop_name

        # The other process takes a turn: its copy is read from Redis, not our memory.
        back.update(UserUttered("from the other process", {"name": "greet", "confidence": 1.0}))
        asyncio.run(other.save(back))
        again = asyncio.run(ours.retrieve(tracker.sender_id))
        assert parses == [tracker.sender_id]
        assert again.events[-1].text == "from the other process"

        # Deleted ("delete my conversation"): gone from memory too.
        asyncio.run(ours.save(again))
        delete_stored(ours, tracker.sender_id)
        assert ours.written.events_if_unchanged(tracker.sender_id, b"") is None
        assert asyncio.run(ours.retrieve(tracker.sender_id)) is None
    finally:
        ours.red.delete(ours.key_prefix + tracker.sender_id)


@pytest.mark.skipif(not redis_answers(), reason="no Redis at REDIS_HOST:REDIS_PORT")
@pytest.mark.parametrize("sessions", [1, 2, 3])
def test_the_last_session_comes_back_as_rasas_store_gives_it(sessions):
    ours, other = stores_on_one_redis(2)
    tracker = conversation(3)
    tracker.sender_id = f"sessions-{uuid.uuid4().hex}"
    for number in range(1, sessions):
        for event in (ActionExecuted("action_session_start"), SessionStarted(), SlotSet("turns", 100.0 + number),
                      ActionExecuted("action_listen")):
            tracker.update(event)
        tracker.update(UserUttered(f"session {number}", {"name": "greet", "confidence": 1.0}))
    try:
        asyncio.run(ours.save(tracker))
        for store in (ours, other):  # from memory, and parsed from Redis
            back = asyncio.run(store.retrieve(tracker.sender_id))
            rasas = asyncio.run(RedisTrackerStore._retrieve(store, tracker.sender_id, fetch_all_sessions=False))
            assert [e.as_dict() for e in back.events] == [e.as_dict() for e in rasas.events]
            assert back.current_slot_values() == rasas.current_slot_values()
            if sessions > 1:
                assert len(back.events) < len(tracker.events)
            assert back.latest_message.text == ("message 2" if sessions == 1 else f"session {sessions - 1}")
    finally:
        ours.red.delete(ours.key_prefix + tracker.sender_id)


def test_written_conversations_are_few_and_recent():
    written = WrittenConversations(size=2, seconds=60)
    for name in ("a", "b", "c"):
        written.remember(name, name.encode(), [])
    assert written.events_if_unchanged("a", b"a") is None  # the oldest went
    assert written.events_if_unchanged("c", "c") == [] and written.events_if_unchanged("c", b"other") is None
    written.seconds = 0
    assert written.events_if_unchanged("c", b"c") is None


def test_conversations_past_their_time_leave_memory_without_being_asked_for(monkeypatch):
    import components.bounded_tracker as module

    now = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: now[0])
    written = WrittenConversations(size=10, seconds=600)
    written.remember("idle", b"x", [])
    now[0] += 601
    written.remember("active", b"y", [])
    assert len(written) == 1 and written.events_if_unchanged("active", b"y") == []


def test_the_endpoints_name_the_bounded_store(repo_root):
    import yaml

    endpoints = yaml.safe_load((repo_root / "bot" / "endpoints.redis.yml").read_text())
    # Rasa falls back to an in-memory store, with a mere warning, when the class cannot be imported.
    from rasa.shared.utils.common import class_from_module_path

    assert class_from_module_path(endpoints["tracker_store"]["type"]) is BoundedRedisTrackerStore


def test_the_stored_text_reads_back_as_the_json_rasa_writes():
    from components.bounded_tracker import encoded
    from rasa.shared.core.conversation import Dialogue

    tracker = conversation(12)
    tracker.update(UserUttered("välkommen / مرحبا \u2028 \"quoted\"", {"name": "greet", "confidence": 0.1 + 0.2},
                               parse_data={"intent_ranking": [{"name": "greet", "confidence": 1e-17}]}))
    dialogue = Dialogue("s", list(tracker.events)).as_dict()
    assert json.loads(encoded(dialogue)) == json.loads(json.dumps(dialogue))


def test_what_ujson_cannot_write_is_written_by_json():
    from components.bounded_tracker import encoded

    assert json.loads(encoded({"big": 2 ** 70})) == {"big": 2 ** 70}


# --- make run's SQLite store -------------------------------------------------------------------
def sql_store(path, **settings) -> BoundedSQLTrackerStore:
    return BoundedSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path), **{"max_events": 60, "keep_events": 20,
                                                                             **settings})


def rows(store, sender_id: str) -> list[dict]:
    with store.session_scope() as session:
        return [json.loads(row.data) for row in session.query(store.SQLEvent)
                .filter(store.SQLEvent.sender_id == sender_id).order_by(store.SQLEvent.id)]


def take_turn(tracker: DialogueStateTracker, turn: int) -> None:
    """What a turn adds, as Rasa's processor adds it: the user's message, a slot, the reply."""
    tracker.update(UserUttered(f"message {turn}", {"name": "greet", "confidence": 1.0}))
    tracker.update(SlotSet("turns", float(turn)))
    if turn == 3:
        tracker.update(SlotSet("language", "sv"))
        tracker.update(ActiveLoop("booking_form"))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered(f"reply {turn}"))
    tracker.update(ActionExecuted("action_listen"))


def read_by_rasa(store, sender_id: str) -> DialogueStateTracker:
    from rasa.core.tracker_store import SQLTrackerStore

    return asyncio.run(SQLTrackerStore.retrieve(store, sender_id))


def test_the_sql_store_keeps_every_event_and_hands_back_what_it_wrote_folded(tmp_path, monkeypatch):
    from rasa.core.tracker_store import SQLTrackerStore

    store = sql_store(tmp_path / "tracker.db")
    reads_of_the_table = []
    original = SQLTrackerStore.retrieve
    monkeypatch.setattr(SQLTrackerStore, "retrieve",
                        lambda self, sender_id: reads_of_the_table.append(sender_id) or original(self, sender_id))
    written = []  # every event, in the order the turns added them
    tracker = asyncio.run(store.get_or_create_tracker("sql-1"))
    written += list(tracker.events)
    for turn in range(40):
        before = len(tracker.events)
        take_turn(tracker, turn)
        written += list(tracker.events)[before:]
        asyncio.run(store.save(tracker))
        tracker = asyncio.run(store.retrieve("sql-1"))

    assert reads_of_the_table == ["sql-1"]  # only the first read, before anything was written
    assert rows(store, "sql-1") == [event.as_dict() for event in written]  # the whole log, once each
    whole = read_by_rasa(store, "sql-1")
    assert len(tracker.events) <= 60 < len(whole.events)  # handed back folded
    assert tracker.current_slot_values() == whole.current_slot_values()
    assert tracker.get_slot("language") == "sv" and tracker.get_slot("turns") == 39.0
    assert tracker.active_loop_name == whole.active_loop_name == "booking_form"
    assert tracker.latest_message.text == whole.latest_message.text == "message 39"
    tail = list(tracker.events)[-20:]
    assert tail == list(whole.events)[-20:]


def test_the_sql_store_reads_the_table_when_its_rows_changed_elsewhere(tmp_path):
    import sqlalchemy

    path = tmp_path / "tracker.db"
    ours, other = sql_store(path), sql_store(path)
    tracker = asyncio.run(ours.get_or_create_tracker("sql-2"))
    take_turn(tracker, 0)
    asyncio.run(ours.save(tracker))

    # Another process takes a turn: ours reads it from the table, and then saves only its own turn.
    theirs = asyncio.run(other.retrieve("sql-2"))
    take_turn(theirs, 1)
    asyncio.run(other.save(theirs))
    again = asyncio.run(ours.retrieve("sql-2"))
    assert again.latest_message.text == "message 1"
    take_turn(again, 2)
    asyncio.run(ours.save(again))
    assert [e["text"] for e in rows(ours, "sql-2") if e["event"] == "user"] == ["message 0", "message 1", "message 2"]

    # The API's retention job deletes the rows: the conversation starts again, nothing is replayed.
    with sqlalchemy.create_engine(f"sqlite:///{path}").begin() as connection:
        connection.execute(sqlalchemy.text("DELETE FROM events WHERE sender_id = 'sql-2'"))
    assert asyncio.run(ours.retrieve("sql-2")) is None

    # "Delete my conversation": gone from the table and from memory.
    fresh = asyncio.run(ours.get_or_create_tracker("sql-2"))
    take_turn(fresh, 0)
    asyncio.run(ours.save(fresh))
    delete_stored(ours, "sql-2")
    assert rows(ours, "sql-2") == [] and len(ours.written) == 0
    assert asyncio.run(ours.retrieve("sql-2")) is None


def test_the_sql_store_hands_back_the_last_session_as_rasa_does(tmp_path):
    store = sql_store(tmp_path / "tracker.db")
    tracker = asyncio.run(store.get_or_create_tracker("sql-3"))
    take_turn(tracker, 0)
    asyncio.run(store.save(tracker))
    tracker = asyncio.run(store.retrieve("sql-3"))
    for event in (ActionExecuted("action_session_start"), SessionStarted(), SlotSet("language", "sv"),
                  ActionExecuted("action_listen")):
        tracker.update(event)
    take_turn(tracker, 1)
    asyncio.run(store.save(tracker))
    ours = asyncio.run(store.retrieve("sql-3"))
    assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in read_by_rasa(store, "sql-3").events]
    assert ours.get_slot("language") == "sv" and ours.latest_message.text == "message 1"


def test_a_tracker_made_outside_the_store_is_saved_as_rasa_saves_it(tmp_path):
    store = sql_store(tmp_path / "tracker.db")
    tracker = asyncio.run(store.get_or_create_tracker("sql-4"))
    take_turn(tracker, 0)
    asyncio.run(store.save(tracker))
    # As Rasa's HTTP API replaces a conversation's events: a new tracker with the old events and more.
    replaced = DialogueStateTracker.from_events("sql-4", list(tracker.events), DOMAIN.slots)
    take_turn(replaced, 1)
    asyncio.run(store.save(replaced))
    assert rows(store, "sql-4") == [event.as_dict() for event in replaced.events]


def test_make_run_names_the_bounded_sql_store(repo_root):
    import yaml
    from rasa.shared.utils.common import class_from_module_path

    endpoints = yaml.safe_load((repo_root / "bot" / "endpoints.yml").read_text())
    assert class_from_module_path(endpoints["tracker_store"]["type"]) is BoundedSQLTrackerStore
    assert endpoints["tracker_store"]["dialect"] == "sqlite"
