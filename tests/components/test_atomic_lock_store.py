"""Tickets of one conversation taken at the same moment by several processes are all different,
so that its turns never run at once (Rasa's own Redis lock store can hand out one twice)."""
from __future__ import annotations

import asyncio
import os
import socket
import threading
import uuid

import pytest
from components.atomic_lock_store import AtomicRedisLockStore
from rasa.utils.endpoints import EndpointConfig

REDIS = (os.environ.get("REDIS_HOST", "127.0.0.1"), int(os.environ.get("REDIS_PORT", "6379")))


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis at REDIS_HOST:REDIS_PORT")


def store() -> AtomicRedisLockStore:
    # As Rasa builds it from the endpoints file (`type: components.atomic_lock_store...`).
    return AtomicRedisLockStore(endpoint_config=EndpointConfig(
        url=REDIS[0], port=REDIS[1], db=13, key_prefix="opastest",
        type="components.atomic_lock_store.AtomicRedisLockStore"))


def test_tickets_taken_at_once_by_many_stores_are_all_different():
    conversation = f"lock-{uuid.uuid4().hex}"
    stores = [store() for _ in range(8)]
    tickets: list[int] = []
    start = threading.Barrier(len(stores))

    def take(own: AtomicRedisLockStore) -> None:
        start.wait()
        for _ in range(25):
            tickets.append(own.issue_ticket(conversation, 30))

    threads = [threading.Thread(target=take, args=(own,)) for own in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert sorted(tickets) == list(range(200))  # Rasa numbers them from 0
    finally:
        stores[0].delete_lock(conversation)


def test_turns_of_one_conversation_never_overlap_and_keep_their_order():
    conversation = f"lock-{uuid.uuid4().hex}"
    stores = [store(), store()]
    running, order = [], []

    async def turn(own: AtomicRedisLockStore, number: int) -> None:
        await asyncio.sleep(number * 0.01)
        async with own.lock(conversation, 30, wait_time_in_seconds=0.01):
            running.append(number)
            assert len(running) == 1, f"turns {running} ran at once"
            order.append(number)
            await asyncio.sleep(0.005)
            running.remove(number)

    async def all_turns() -> None:
        await asyncio.gather(*(turn(stores[n % 2], n) for n in range(30)))

    asyncio.run(all_turns())
    assert order == list(range(30))
    assert stores[0].get_lock(conversation) is None  # the last turn removed the lock


def test_the_endpoints_name_the_atomic_lock_store(repo_root):
    import yaml
    from rasa.core.lock_store import LockStore

    endpoints = yaml.safe_load((repo_root / "bot" / "endpoints.redis.yml").read_text())
    config = endpoints["lock_store"]
    built = LockStore.create(EndpointConfig(url=REDIS[0], type=config["type"], port=REDIS[1], db=13))
    assert type(built) is AtomicRedisLockStore


def test_a_waiting_message_outlives_the_lifetime_and_a_dead_turn_frees_its_conversation():
    conversation = f"lock-{uuid.uuid4().hex}"
    waiter, dead = store(), store()
    waiter.lifetime = 0.5
    dead.issue_ticket(conversation, 0.5)  # a turn whose process was killed: never finished

    async def waits() -> float:
        started = asyncio.get_running_loop().time()
        async with waiter.lock(conversation, 0.5):
            return asyncio.get_running_loop().time() - started

    assert 0.3 < asyncio.run(waits()) < 2  # free once the dead ticket's lifetime is over

    finished = []

    async def turn(number: int) -> None:
        async with waiter.lock(conversation, 0.5):
            await asyncio.sleep(0.4)  # each turn within the lifetime; the last waits 1.2 s for its turn
            finished.append(number)

    async def four_at_once() -> None:
        await asyncio.gather(*(turn(number) for number in range(4)))

    asyncio.run(four_at_once())
    assert finished == [0, 1, 2, 3]


def test_the_scripts_keep_the_lock_as_rasa_stores_it():
    import time

    from rasa.core.lock import TicketLock
    from rasa.core.lock_store import RedisLockStore

    conversation = f"lock-{uuid.uuid4().hex}"
    ours = store()
    rasas = RedisLockStore(host=REDIS[0], port=REDIS[1], db=13, key_prefix="opastest")
    try:
        before = time.time()
        assert [ours.issue_ticket(conversation, 30) for _ in range(3)] == [0, 1, 2]
        lock = rasas.get_lock(conversation)  # Rasa's own reading of what the script wrote
        assert isinstance(lock, TicketLock) and lock.conversation_id == conversation
        assert [ticket.number for ticket in lock.tickets] == [0, 1, 2]
        assert all(before + 30 - 0.01 <= ticket.expires <= time.time() + 30 + 0.01 for ticket in lock.tickets)

        # A lock Rasa's code wrote, with an expired ticket: the script drops that one and goes on.
        lock.tickets[0].expires = time.time() - 1
        rasas.save_lock(lock)
        assert ours.issue_ticket(conversation, 30) == 3
        assert [ticket.number for ticket in rasas.get_lock(conversation).tickets] == [1, 2, 3]

        ours.cleanup(conversation, 2)  # a turn in the middle of the queue finishes
        assert [ticket.number for ticket in rasas.get_lock(conversation).tickets] == [1, 3]
        ours.cleanup(conversation, 1)
        ours.cleanup(conversation, 3)
        assert rasas.get_lock(conversation) is None  # the last one deletes the lock
        ours.cleanup(conversation, 3)  # finishing twice changes nothing
        assert rasas.get_lock(conversation) is None
        assert ours.issue_ticket(conversation, 30) == 0  # numbered from 0 again, as Rasa does
    finally:
        ours.delete_lock(conversation)


def test_the_scripts_are_sent_again_to_a_redis_that_forgot_them():
    conversation = f"lock-{uuid.uuid4().hex}"
    ours = store()
    try:
        ours.issue_ticket(conversation, 30)
        ours.red.script_flush()  # as after a restart of Redis
        assert ours.issue_ticket(conversation, 30) == 1
        ours.cleanup(conversation, 0)
        ours.cleanup(conversation, 1)
        assert ours.get_lock(conversation) is None
    finally:
        ours.delete_lock(conversation)
