"""The sliding-window limiter, on a fake clock."""

from __future__ import annotations

from api.app.limits import SlidingWindowLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_the_limit_then_tells_how_long_to_wait():
    clock = Clock()
    limiter = SlidingWindowLimiter(2, 60, clock=clock)
    for _ in range(2):
        assert limiter.retry_after("a") == 0
        limiter.record("a")
        clock.now += 10
    assert limiter.retry_after("a") == 40  # the first event leaves the window at 1060
    assert limiter.retry_after("b") == 0
    clock.now = 1060
    assert limiter.retry_after("a") == 0


def test_memory_stays_bounded():
    clock = Clock()
    limiter = SlidingWindowLimiter(1, 60, clock=clock, max_keys=100)
    for index in range(1000):
        limiter.record(f"client-{index}")
        clock.now += 0.001
    assert len(limiter._events) <= 100
    assert limiter.retry_after("client-999") > 0  # the newest are kept
