"""Sliding-window rate limits (the chat gateway, staff log-ins), in the memory of one API process.

With several API processes each enforces its own limits (a client may get up to N times the rate);
a shared store (Redis, already part of the scaled deployment) is the step when that matters.
Client addresses are ``request.client.host``: behind a reverse proxy, start uvicorn with
``--proxy-headers --forwarded-allow-ips=<the proxy>`` so that it is the user's, not the proxy's.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most ``limit`` events per ``window`` seconds for each key."""

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._events: dict[str, deque[float]] = {}

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may act again; 0 when it may now."""
        events = self._events.get(key)
        if not events:
            return 0.0
        now = self._clock()
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) < self.limit:
            return 0.0
        return max(events[0] + self.window - now, 0.001)

    def record(self, key: str) -> None:
        self._events.setdefault(key, deque()).append(self._clock())
        if len(self._events) > self._max_keys:
            self._forget_idle()

    def _forget_idle(self) -> None:
        # Keys whose last event left the window hold no state worth keeping; if a flood of fresh
        # keys remains, the oldest go first, so memory stays bounded whatever clients send.
        cutoff = self._clock() - self.window
        for key in [key for key, events in self._events.items() if not events or events[-1] <= cutoff]:
            del self._events[key]
        while len(self._events) > self._max_keys:
            del self._events[next(iter(self._events))]
