"""50 conversations × 20 messages at once, through the proxy and both Rasa processes. Each
conversation sends its messages in bursts of 5 without waiting for the replies (each 50 ms after
the one before), the next burst once the replies came: every message is answered, each
conversation holds its 20 messages once each, and the bursts in the order sent.

Within a burst the order is the order in which the messages reached Rasa's lock, which under this
load is not always the order sent: a Rasa process whose event loop is busy takes the requests that
arrived meanwhile in the order of their sockets, not of their arrival. What would make it the
order sent is a sequence number from the client (docs/scaling.md). The test counts those swaps."""
from __future__ import annotations

import asyncio
import uuid

import httpx

CONVERSATIONS, MESSAGES, BURST, SPACING = 50, 20, 5, 0.05
TEXTS = ["what is multilingual civic orientation?", "how long does it take?", "is it free?", "who offers it?",
         "what about the integration plan?", "thanks"]


async def conversation(client: httpx.AsyncClient, url: str, sender: str) -> tuple[list[str], list[int]]:
    sent = [f"{TEXTS[number % len(TEXTS)]} ({number})" for number in range(MESSAGES)]

    async def one(number: int) -> int:
        await asyncio.sleep((number % BURST) * SPACING)
        response = await client.post(url, json={"sender": sender, "message": sent[number]},
                                     headers={"X-Opas-Conversation": sender})  # as the chat gateway does
        return response.status_code

    statuses: list[int] = []
    for first in range(0, MESSAGES, BURST):
        statuses += await asyncio.gather(*(one(number) for number in range(first, first + BURST)))
    return sent, statuses


async def all_conversations(url: str, senders: list[str]) -> list:
    limits = httpx.Limits(max_connections=CONVERSATIONS * BURST)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        return await asyncio.gather(*(conversation(client, url, sender) for sender in senders))


def test_concurrent_messages_of_50_conversations_lose_nothing_and_keep_their_bursts_in_order(faults):
    senders = [f"faults-load-{number}-{uuid.uuid4().hex[:8]}" for number in range(CONVERSATIONS)]
    results = asyncio.run(all_conversations(f"{faults.stack.rasa_url}/webhooks/rest/webhook", senders))
    statuses = [status for _, codes in results for status in codes]
    assert statuses.count(200) == CONVERSATIONS * MESSAGES, sorted(set(statuses))
    swapped = 0
    for sender, (sent, _) in zip(senders, results, strict=True):
        stored = faults.user_texts(sender)
        assert sorted(stored) == sorted(sent), f"{sender}: lost or twice"
        bursts = [stored[first:first + BURST] for first in range(0, MESSAGES, BURST)]
        assert [sorted(burst) for burst in bursts] == [sorted(sent[first:first + BURST])
                                                       for first in range(0, MESSAGES, BURST)], sender
        swapped += sum(a != b for a, b in zip(stored, sent, strict=True))
    print(f"messages out of the order sent within their burst: {swapped} of {CONVERSATIONS * MESSAGES}")
