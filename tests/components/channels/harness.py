"""A Rasa-less harness for the channel connectors: the connector's own blueprint served by Sanic on
127.0.0.1 (as `rasa run` mounts it, under /webhooks/<name>/), a stand-in for the bot that records
each `UserMessage` and answers through the message's output channel, a tracker store stand-in,
and the fake platforms (tests/messaging_fakes.py)."""
from __future__ import annotations

import asyncio
import itertools
import socket
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from components.channels.handoff_client import HandoffClient
from components.channels.output import close_session
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Sanic

from actions.channel_context import current_channel

_names = itertools.count()
# Several apps in one process (one a test): Sanic then rewrites its methods from the originals.
Sanic.test_mode = True


@dataclass
class StoredTracker:
    events: list[Any]
    slots: dict[str, Any] = field(default_factory=dict)

    def get_slot(self, name: str) -> Any:
        return self.slots.get(name)


class TrackerStore:
    def __init__(self) -> None:
        self.trackers: dict[str, StoredTracker] = {}

    async def retrieve(self, sender_id: str) -> StoredTracker | None:
        return self.trackers.get(sender_id)

    def shown(self, sender_id: str, buttons: list[dict[str, str]], language: str | None = None) -> None:
        """A conversation whose last bot turn showed these buttons."""
        self.trackers[sender_id] = StoredTracker(
            [UserUttered("hello"), BotUttered("Choose", data={"buttons": buttons})], {"language": language})


@dataclass
class FakeBot:
    """Answers every message with `reply` (Rasa's message dicts), through the message's output."""

    reply: list[dict[str, Any]] = field(default_factory=lambda: [{"text": "Hello from Opas"}])
    received: list[UserMessage] = field(default_factory=list)
    origins: list[Any] = field(default_factory=list)
    fail: bool = False

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        self.origins.append(current_channel())
        if self.fail:
            raise RuntimeError("the bot failed")
        for bot_message in self.reply:
            await message.output_channel.send_response(message.sender_id, dict(bot_message))


class Served:
    """One connector served on a free port; `post` sends a webhook and returns (status, text)."""

    def __init__(self, channel: Any, bot: FakeBot, store: TrackerStore, api_url: str) -> None:
        self.channel, self.bot, self.store = channel, bot, store
        channel.webhook.handoffs = HandoffClient(api_url, "test-service-token")
        self.app = Sanic(f"opas_channel_test_{next(_names)}")
        self.app.ctx.agent = type("Agent", (), {"tracker_store": store})()
        self.app.blueprint(channel.blueprint(bot), url_prefix=f"/webhooks/{channel.url_prefix()}")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        self.server = self.loop.run_until_complete(self._start())

    async def _start(self) -> Any:
        server = await self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True,
                                              access_log=False)
        await server.startup()
        await server.start_serving()
        return server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/{self.channel.url_prefix()}/webhook"

    def post(self, **kwargs: Any) -> tuple[int, str]:
        async def send() -> tuple[int, str]:
            async with aiohttp.ClientSession() as session, session.post(self.url, **kwargs) as response:
                return response.status, await response.text()
        return self.loop.run_until_complete(send())

    def close(self) -> None:
        self.loop.run_until_complete(close_session())
        self.server.close()
        self.loop.run_until_complete(self.server.wait_closed())
        self.loop.close()
