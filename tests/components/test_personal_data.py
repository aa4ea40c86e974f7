"""The tracker store keeps no contact once the form is done and no link token (issue 13), in
SQLite (rows already written are rewritten) and in Redis (the whole conversation is rewritten)."""
from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from components import personal_data
from components.bounded_tracker import BoundedRedisTrackerStore
from components.personal_data import REDACTED, redact_events
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from tests.components.test_bounded_tracker import REDIS, redis_answers

TYPED = "my number is 040 123 4567"
CONTACT = "+358401234567"
TOKEN = "Zm9vYmFyYmF6cXV4LXRva2VuLXNlY3JldA"
DOMAIN = Domain.from_dict({
    "intents": ["inform", "affirm"],
    "slots": {name: {"type": "any", "mappings": [{"type": "custom"}]}
              for name in ("booking_contact", "manage_contact", "booking_reference")},
})


def contact_turn() -> list:
    return [
        ActionExecuted("action_listen"),
        UserUttered(TYPED, {"name": "inform", "confidence": 1.0},
                    entities=[{"entity": "phone", "value": "040 123 4567", "start": 13, "end": 25}]),
        ActionExecuted("booking_form"),
        SlotSet("booking_contact", CONTACT),
        BotUttered(f"Please check: phone {CONTACT}, Monday 10:00. Shall I book it?"),
    ]


def booking_turn() -> list:
    link = f"https://opas.example/cancel?token={TOKEN}"
    return [
        ActionExecuted("action_listen"),
        UserUttered("yes", {"name": "affirm", "confidence": 1.0}),
        ActionExecuted("action_booking_submit"),
        BotUttered(f"Booked: ABC234. Cancel: {link}", data={"buttons": [{"title": "Cancel", "url": link}]},
                   metadata={"utter_action": "utter_booking_done", "cancel_url": link}),
        SlotSet("booking_contact", None),
        SlotSet("booking_reference", "ABC234"),
    ]


def stored_text(events: list[dict]) -> str:
    return json.dumps(events, ensure_ascii=False)


def as_dicts(events: list) -> list[dict]:
    return [event.as_dict() for event in events]


def apply(events: list[dict]) -> list[dict]:
    result = list(events)
    for index, new in redact_events(result):
        result[index] = new
    return result


def test_the_contact_stays_while_the_form_needs_it() -> None:
    events = as_dicts(contact_turn())
    assert redact_events(events) == []


def test_once_booked_no_contact_and_no_token_remain() -> None:
    events = apply(as_dicts(contact_turn() + booking_turn()))
    text = stored_text(events)
    for secret in (CONTACT, "040 123 4567", TOKEN):
        assert secret not in text
    user = next(e for e in events if e["event"] == "user" and e["text"] != "yes")
    assert user["text"] == REDACTED and user["parse_data"]["entities"] == []
    assert "ABC234" in text and "token=redacted" in text  # the reference and the link's shape stay
    assert redact_events(events) == []  # done once: nothing changes on the next save


def test_a_link_token_goes_even_while_a_form_runs() -> None:
    events = apply(as_dicts([SlotSet("manage_contact", CONTACT), *booking_turn()[:4]]))
    assert TOKEN not in stored_text(events) and CONTACT in stored_text(events)


def _save_through_rasa(store, tracker: DialogueStateTracker) -> None:
    processor = SimpleNamespace(tracker_store=store)
    asyncio.run(MessageProcessor.save_tracker(processor, tracker))


@pytest.fixture(autouse=True, scope="module")
def _patched() -> None:
    personal_data.apply()


def test_the_sql_store_rewrites_the_rows_it_already_holds(tmp_path: Path) -> None:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    tracker = DialogueStateTracker.from_events("sql-user", contact_turn(), DOMAIN.slots)
    _save_through_rasa(store, tracker)
    assert CONTACT in stored_rows(store)  # the form still needs it
    for event in booking_turn():
        tracker.update(event)
    _save_through_rasa(store, tracker)
    rows = stored_rows(store)
    for secret in (CONTACT, "040 123 4567", TOKEN):
        assert secret not in rows
    raw = (tmp_path / "tracker.db").read_bytes()  # nothing left behind in freed pages either
    for secret in (CONTACT, TOKEN):
        assert secret.encode() not in raw
    back = asyncio.run(store.retrieve("sql-user"))
    assert back.get_slot("booking_reference") == "ABC234" and back.get_slot("booking_contact") is None


def stored_rows(store: SQLTrackerStore) -> str:
    with store.session_scope() as session:
        return "\n".join(row.data for row in session.query(store.SQLEvent).all())


@pytest.mark.skipif(not redis_answers(), reason="no Redis at REDIS_HOST:REDIS_PORT")
def test_the_redis_store_keeps_neither() -> None:
    store = BoundedRedisTrackerStore(DOMAIN, host=REDIS[0], port=REDIS[1], db=13, record_exp=60,
                                     key_prefix="opastest")
    sender = f"privacy-{uuid.uuid4().hex}"
    tracker = DialogueStateTracker.from_events(sender, contact_turn(), DOMAIN.slots)
    try:
        _save_through_rasa(store, tracker)
        for event in booking_turn():
            tracker.update(event)
        _save_through_rasa(store, tracker)
        raw = store.red.get(store.key_prefix + sender)
        raw = raw.decode() if isinstance(raw, bytes) else raw
        for secret in (CONTACT, "040 123 4567", TOKEN):
            assert secret not in raw
    finally:
        store.red.delete(store.key_prefix + sender)


def test_delete_my_conversation_removes_it_instead_of_saving(tmp_path: Path) -> None:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    tracker = DialogueStateTracker.from_events("leaving-user", contact_turn(), DOMAIN.slots)
    _save_through_rasa(store, tracker)
    other = DialogueStateTracker.from_events("staying-user", contact_turn()[:2], DOMAIN.slots)
    _save_through_rasa(store, other)
    for event in (ActionExecuted("action_listen"), UserUttered("poista keskusteluni", {"name": "delete_conversation"}),
                  ActionExecuted("action_delete_conversation"), BotUttered("Keskustelusi poistettiin.")):
        tracker.update(event)
    _save_through_rasa(store, tracker)
    with store.session_scope() as session:
        assert {row.sender_id for row in session.query(store.SQLEvent).all()} == {"staying-user"}
    assert CONTACT.encode() not in (tmp_path / "tracker.db").read_bytes()
