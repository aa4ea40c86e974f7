"""Personal data kept in the tracker store only while the conversation needs it (issue 13).

The booking and manage forms hold the user's contact in a slot until the API has it; then the
actions clear the slot (actions/booking/state.py). Clearing adds a `SlotSet(None)`, but the
earlier events stay in the store: the `SlotSet` with the normalised contact, the user's message
that typed it, the summary that showed it. And the confirmation the bot sent carries the cancel
and calendar links, whose tokens the API itself stores only hashed.

`redact_events` rewrites those events, every time a conversation is saved:

- a link's `token=` value in any bot message → `token=redacted` (the user got the message before
  the save; the stored copy does not need the key);
- once a contact slot no longer holds a contact (the booking was saved, the change was made, or
  the form was stopped), every earlier value of it is removed: the `SlotSet` keeps `null`, the
  user message that gave it (the contact turn) keeps `[redacted]` and no entities, and the value
  is cut out of any other message, the user's or the bot's.

`apply()` makes Rasa's `MessageProcessor.save_tracker` do that to the tracker before it is saved,
and, for the SQL store (which keeps the events already written), to the stored rows too; Redis
stores rewrite the whole conversation on every save, so redacting the tracker is enough there.
A turn that ran `action_delete_conversation` ("delete my conversation", in any language) is not
saved at all: the conversation is deleted from the store instead, once its reply has gone out.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

import sqlalchemy

REDACTED = "[redacted]"
#: Slots that hold a contact (actions/booking/state.py): the booking form's and the manage form's.
CONTACT_SLOTS = ("booking_contact", "manage_contact")
_TOKEN = re.compile(r"(?<=[?&]token=)[^&\s\"'<>)\]]+")
_ALREADY = "redacted"

EventDict = Dict[str, Any]


def _cleared_contacts(events: List[EventDict]) -> Set[str]:
    """Contact values set earlier in a contact slot that no longer holds them."""
    values: Dict[str, Set[str]] = {name: set() for name in CONTACT_SLOTS}
    current: Dict[str, Optional[str]] = {name: None for name in CONTACT_SLOTS}
    for event in events:
        if event.get("event") == "slot" and event.get("name") in CONTACT_SLOTS:
            value = event.get("value")
            current[event["name"]] = value if isinstance(value, str) and value else None
            if current[event["name"]]:
                values[event["name"]].add(value)
    return {value for name in CONTACT_SLOTS for value in values[name] if value != current[name]}


def _contact_turns(events: List[EventDict], contacts: Set[str]) -> Set[int]:
    """Indexes of the user messages after which a contact slot got one of ``contacts``."""
    turns: Set[int] = set()
    last_user: Optional[int] = None
    for index, event in enumerate(events):
        if event.get("event") == "user":
            last_user = index
        elif (event.get("event") == "slot" and event.get("name") in CONTACT_SLOTS
              and event.get("value") in contacts and last_user is not None):
            turns.add(last_user)
    return turns


def _scrub_text(text: Any, contacts: Iterable[str]) -> Any:
    if not isinstance(text, str):
        return text
    text = _TOKEN.sub(_ALREADY, text)
    for contact in contacts:
        text = text.replace(contact, REDACTED)
    return text


def _scrub(value: Any, contacts: Iterable[str]) -> Any:
    """Every string inside ``value`` (dicts and lists of a bot message's data) scrubbed."""
    if isinstance(value, dict):
        return {key: _scrub(item, contacts) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, contacts) for item in value]
    return _scrub_text(value, contacts)


def _redacted_user(event: EventDict) -> EventDict:
    parse_data = dict(event.get("parse_data") or {})
    if parse_data:
        parse_data.update(text=REDACTED, entities=[])
    return {**event, "text": REDACTED, "parse_data": parse_data}


def redact_events(events: List[EventDict]) -> List[Tuple[int, EventDict]]:
    """The events (as Rasa serialises them) that must change, with their index and new form."""
    contacts = _cleared_contacts(events)
    turns = _contact_turns(events, contacts)
    ordered = sorted(contacts, key=len, reverse=True)  # a longer value first: none cut in half
    changes: List[Tuple[int, EventDict]] = []
    for index, event in enumerate(events):
        kind = event.get("event")
        new = event
        if kind == "slot" and event.get("name") in CONTACT_SLOTS and event.get("value") in contacts:
            new = {**event, "value": None}
        elif kind == "user" and index in turns:
            new = _redacted_user(event)
        elif kind == "user" and ordered:
            new = {**event, "text": _scrub_text(event.get("text"), ordered),
                   "parse_data": _scrub(event.get("parse_data"), ordered)}
        elif kind == "bot":  # its text, its data and its metadata (the response's arguments)
            new = _scrub(event, ordered)
        if new != event:
            changes.append((index, new))
    return changes


# --- Rasa --------------------------------------------------------------------------------------


def _turn_may_need_it(events: Iterable[Any]) -> bool:
    """Whether this turn (the events since the user's message) set a contact slot or sent a link:
    the cheap test that spares the other turns the work."""
    from rasa.shared.core.events import BotUttered, SlotSet, UserUttered

    for event in reversed(events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key in CONTACT_SLOTS:
            return True
        if isinstance(event, BotUttered) and "token=" in f"{event.text}{event.data}{event.metadata}":
            return True
    return False


def redact_tracker(tracker: Any) -> bool:
    """Redacts the events of a Rasa tracker in place; True if an event changed."""
    from rasa.shared.core.events import Event

    # Only the last turn is looked at first (the tracker's deque, not a copy of the history).
    if not _turn_may_need_it(tracker.events):
        return False
    changes = redact_events([event.as_dict() for event in tracker.events])
    for index, data in changes:
        tracker.events[index] = Event.from_parameters(data)
    return bool(changes)


def _inner_store(store: Any) -> Any:
    while hasattr(store, "_tracker_store") or hasattr(store, "inner_tracker_store"):
        store = getattr(store, "_tracker_store", None) or store.inner_tracker_store
    return store


def redact_sql_rows(store: Any, sender_id: str) -> int:
    """Redacts the rows the SQL tracker store already holds for ``sender_id``; how many changed."""
    with store.session_scope() as session:
        if session.bind is not None and session.bind.dialect.name == "sqlite":
            # The old text of a rewritten row is overwritten on disk, not left in a free page.
            session.execute(sqlalchemy.text("PRAGMA secure_delete = ON"))
        rows = (session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id)
                .order_by(store.SQLEvent.id).all())
        changes = redact_events([json.loads(row.data) for row in rows])
        for index, data in changes:
            rows[index].data = json.dumps(data)
        session.commit()
    return len(changes)


#: The action of "delete my conversation" (actions/privacy.py).
DELETE_ACTION = "action_delete_conversation"


def asked_to_delete(events: Iterable[Any]) -> bool:
    """Whether this turn (since the user's message) ran the "delete my conversation" action."""
    from rasa.shared.core.events import ActionExecuted, UserUttered

    for event in reversed(events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == DELETE_ACTION:
            return True
    return False


def delete_stored(store: Any, sender_id: str) -> None:
    """Removes a conversation from Rasa's tracker store: SQL rows, a Redis key, memory."""
    from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, SQLTrackerStore

    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            if session.bind is not None and session.bind.dialect.name == "sqlite":
                session.execute(sqlalchemy.text("PRAGMA secure_delete = ON"))
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
            session.commit()
    elif isinstance(store, RedisTrackerStore):
        store.red.delete(store.key_prefix + sender_id)
    elif isinstance(store, InMemoryTrackerStore):
        store.store.pop(sender_id, None)
    if hasattr(store, "forget"):  # the bounded stores' copy of what they wrote last
        store.forget(sender_id)


def apply() -> None:
    """Patches `MessageProcessor.save_tracker` (called by `components.rasa_patches.apply`)."""
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore

    original = MessageProcessor.save_tracker
    if getattr(original, "redacts_personal_data", False):
        return

    async def save_tracker(self: MessageProcessor, tracker: Any) -> None:
        store = _inner_store(self.tracker_store)
        if asked_to_delete(tracker.events):
            delete_stored(store, tracker.sender_id)  # the reply has gone out; nothing is kept
            return
        changed = redact_tracker(tracker)
        await original(self, tracker)
        if changed and isinstance(store, SQLTrackerStore):
            redact_sql_rows(store, tracker.sender_id)

    save_tracker.redacts_personal_data = True  # type: ignore[attr-defined]
    MessageProcessor.save_tracker = save_tracker  # type: ignore[method-assign]
