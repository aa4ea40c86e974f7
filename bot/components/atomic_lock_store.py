"""Rasa's Redis lock store with its read-modify-writes made atomic, for several Rasa processes.

A conversation's turns are serialised by a ticket lock kept in Redis: a message takes the next
ticket and waits until it is served. Rasa 3.6 takes a ticket by reading the lock, adding the
ticket and writing the lock back, in three separate commands (upstream issue #9213). Two
processes taking a ticket for the same conversation at the same moment can read the same lock and
both write ticket N: both turns then run at once on the same stored conversation and the later
save overwrites the earlier one — a message is lost. The fault test that sends the messages of 50
conversations concurrently through two processes lost messages that way.

Two more changes to the waiting, which is otherwise Rasa's:
- a ticket's lifetime (TICKET_LOCK_LIFETIME) runs from its last sign of life, not from its issue:
  a waiting message renews its ticket at every look. Rasa counts the wait too, so the lifetime had
  to cover the longest queue (20 messages of one conversation sent at once waited 25 s) and a
  ticket left by a killed process blocked its conversation just as long; now it covers the
  slowest turn, and a conversation whose turn died with its process is free that soon after;
- a waiting ticket looks every OPAS_LOCK_WAIT_SECONDS (0.05 s) times its place in the queue (at
  most every second, as Rasa always does), not every second.

Here every change of a lock is atomic. The two that every turn makes, taking a ticket and
finishing the turn, each run as one Lua script inside Redis: one round trip each, where a
watched transaction took three (WATCH, GET, MULTI/EXEC), and no retry when two processes meet.
The rarer ones (renewing a waiting ticket, dropping expired ones) run in a Redis transaction
that watches the lock's key and starts again if another process changed it in between
(optimistic locking: WATCH / MULTI / EXEC). The lock is stored as Rasa stores it (a JSON object
whose tickets are JSON texts), whichever way it was written. Nothing else changes: the tickets,
their lifetime (TICKET_LOCK_LIFETIME) and the waiting loop are Rasa's.

endpoints: `lock_store: {type: components.atomic_lock_store.AtomicRedisLockStore, url: ..., port:
..., db: ..., key_prefix: ...}` (the Redis lock store's settings).
"""
from __future__ import annotations

import asyncio
import json
import os
import time
from typing import Any, Callable, Optional, Text, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")

#: The tickets of the stored lock (KEYS[1]) still alive at ARGV[1] (the caller's clock, as Rasa's
#: `Ticket.has_expired` uses it), and the function that stores them back (or deletes the lock).
_LIVE_TICKETS = """
local now = tonumber(ARGV[1])
local stored = redis.call('GET', KEYS[1])
local conversation_id = ARGV[2]
local tickets = {}
if stored then
  local lock = cjson.decode(stored)
  if type(lock.conversation_id) == 'string' then conversation_id = lock.conversation_id end
  for _, text in ipairs(lock.tickets or {}) do
    local ticket = cjson.decode(text)
    if not (now > ticket.expires) then table.insert(tickets, ticket) end
  end
end
local function store(kept, keep_empty)
  if #kept == 0 and not keep_empty then
    redis.call('DEL', KEYS[1])
    return
  end
  local texts = {}
  for index, ticket in ipairs(kept) do
    -- each ticket a JSON text inside the lock's JSON, as Rasa's `TicketLock.dumps` writes it
    texts[index] = cjson.encode(cjson.encode({number = ticket.number, expires = ticket.expires}))
  end
  local lock = '{"conversation_id":' .. cjson.encode(conversation_id) .. ',"tickets":['
  redis.call('SET', KEYS[1], lock .. table.concat(texts, ',') .. ']}')
end
"""
#: `TicketLock.issue_ticket` on the stored lock: ARGV = now, conversation id, lifetime.
ISSUE_TICKET = _LIVE_TICKETS + """
local number = 0
if #tickets > 0 then number = tickets[#tickets].number + 1 end
table.insert(tickets, {number = number, expires = now + tonumber(ARGV[3])})
store(tickets, true)
return number
"""
#: `TicketLock.remove_ticket_for` on the stored lock, deleted when no ticket is left: ARGV = now,
#: conversation id, the ticket's number.
FINISH_TICKET = _LIVE_TICKETS + """
local kept = {}
for _, ticket in ipairs(tickets) do
  if ticket.number ~= tonumber(ARGV[3]) then table.insert(kept, ticket) end
end
store(kept, false)
return #kept
"""


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        settings = {**(endpoint_config.kwargs if endpoint_config else {}), **kwargs}
        if endpoint_config is not None and endpoint_config.url:
            settings.setdefault("host", endpoint_config.url)
        super().__init__(**settings)
        self.wait_seconds = float(os.environ.get("OPAS_LOCK_WAIT_SECONDS", "0.05"))
        self.lifetime = LOCK_LIFETIME
        # Sent by their digest (EVALSHA), and again whole if Redis has not seen them (a restart).
        self._issue_ticket = self.red.register_script(ISSUE_TICKET)
        self._finish_ticket = self.red.register_script(FINISH_TICKET)

    async def _acquire_lock(self, conversation_id: Text, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        lifetime = self.lifetime

        def look(lock: Optional[TicketLock]) -> tuple[Optional[TicketLock], Optional[TicketLock]]:
            if lock is None:
                return None, None
            lock.remove_expired_tickets()
            own = next((t for t in lock.tickets if t.number == ticket), None)
            if own is None:
                return None, lock
            own.expires = time.time() + lifetime  # alive: waiting does not use up the lifetime
            return lock, lock

        while True:
            lock = self.get_lock(conversation_id)  # a plain read; a transaction only to renew
            own = next((t for t in lock.tickets if t.number == ticket), None) if lock else None
            if own is None or own.expires - time.time() < lifetime / 2 or any(t.has_expired() for t in lock.tickets):
                lock = self._transact(conversation_id, look)
            if lock is None:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            if not lock.is_locked(ticket):
                return lock
            # Further back in the queue, look less often: every look is a Redis transaction.
            await asyncio.sleep(min(1.0, self.wait_seconds * max(1, ticket - (lock.now_serving or 0))))

    def _transact(self, conversation_id: Text,
                  change: Callable[[Optional[TicketLock]], tuple[Result, Optional[TicketLock]]],
                  keep_empty: bool = True) -> Result:
        """Runs `change` on the stored lock (None if there is none) and stores the lock it returns
        (an empty one is deleted unless `keep_empty`), all or nothing; again if the lock changed."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    result, lock = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is not None and (lock.tickets or keep_empty):
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._issue_ticket(keys=[self.key_prefix + conversation_id],
                                          args=[repr(time.time()), conversation_id, repr(float(lock_lifetime))]))
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> tuple[None, Optional[TicketLock]]:
            if lock is not None:
                lock.remove_expired_tickets()
            return None, lock

        self._transact(conversation_id, drop_expired)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finishes the ticket, and deletes the lock when no other ticket waits: one script."""
        self._finish_ticket(keys=[self.key_prefix + conversation_id],
                            args=[repr(time.time()), conversation_id, str(ticket_number)])
