"""A small in-process cache whose entries expire: the least recently used go first when full.

Used for what the API says again and again within a minute (composed answers, rendered texts):
each hit saves a round trip to the API on a turn (docs/performance.md). Values are copied in and
out, so a caller that changes what it got cannot change what the next caller gets.
"""
from __future__ import annotations

import copy
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class TtlCache:
    def __init__(self, seconds: float, size: int = 4096) -> None:
        self.seconds = seconds
        self.size = size
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()

    def get(self, key: Hashable) -> Any | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item[0] < time.monotonic():
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return copy.deepcopy(item[1])

    def put(self, key: Hashable, value: Any) -> None:
        if self.seconds <= 0:
            return
        self._items[key] = (time.monotonic() + self.seconds, copy.deepcopy(value))
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()
