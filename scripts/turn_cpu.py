"""CPU of one Rasa turn, in process: conversations of real length through Rasa's own `Agent`.

    make run                                        # in another terminal: the API the answer action asks
    source scripts/env.sh && .venv/rasa/bin/python scripts/turn_cpu.py                 # CPU per turn
    source scripts/env.sh && .venv/rasa/bin/python scripts/turn_cpu.py --without-turn-speedups
    source scripts/env.sh && .venv/rasa/bin/python scripts/turn_cpu.py --profile var/turn.pstats
    source scripts/env.sh && .venv/rasa/bin/python scripts/turn_cpu.py --breakdown       # by part

Runs the trained model with `endpoints.redis.yml` (the production stores; `--endpoints
endpoints.yml` for `make run`'s SQLite store) and the bench's 20-turn conversation
(scripts/bench_shapes.py), one conversation after the other, and prints the process's CPU time per
turn: no HTTP server, no proxy, no client in the figure, only what Rasa does (the
answer action's call to the API included, the API's own work not). This machine's speed drifts:
compare variants in alternating runs and read the minimum (docs/performance.md).
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "bot"), str(REPO)]


#: The parts of a turn `--breakdown` times: none runs inside another.
PARTS = {
    "NLU": ("rasa.core.processor", "MessageProcessor", "parse_message"),
    "slot extraction": ("rasa.core.processor", "MessageProcessor", "run_action_extract_slots"),
    "predicting actions": ("rasa.core.processor", "MessageProcessor", "_predict_next_with_tracker"),
    "running actions": ("rasa.core.processor", "MessageProcessor", "_run_action"),
    "reading the conversation": ("rasa.core.processor", "MessageProcessor", "fetch_tracker_and_update_session"),
    "saving the conversation": ("rasa.core.processor", "MessageProcessor", "save_tracker"),
    "lock: ticket": ("components.atomic_lock_store", "AtomicRedisLockStore", "issue_ticket"),
    "lock: wait": ("components.atomic_lock_store", "AtomicRedisLockStore", "_acquire_lock"),
    "lock: release": ("components.atomic_lock_store", "AtomicRedisLockStore", "cleanup"),
}


def time_parts() -> dict[str, float]:
    """Wraps each of PARTS so that it adds its CPU seconds to the returned dict (conversations run
    one after the other here, so nothing else runs while a part waits)."""
    import importlib
    import inspect
    from contextlib import contextmanager

    spent = dict.fromkeys(PARTS, 0.0)

    @contextmanager
    def counted(part: str):
        started = time.process_time()
        try:
            yield
        finally:
            spent[part] += time.process_time() - started

    def timed(original, part: str):
        if inspect.iscoroutinefunction(original):
            async def wrapper(*args, **kwargs):
                with counted(part):
                    return await original(*args, **kwargs)
        else:
            def wrapper(*args, **kwargs):
                with counted(part):
                    return original(*args, **kwargs)
        return wrapper

    for part, (module, owner, name) in PARTS.items():
        cls = getattr(importlib.import_module(module), owner)
        setattr(cls, name, timed(getattr(cls, name), part))
    return spent


def collections_timer(spent: dict[str, float]):
    """A `gc.callbacks` entry adding the CPU of the garbage collector's runs to `spent`, by
    generation (they run inside whichever part allocates at the time, and are counted there too)."""
    started = [0.0]

    def timer(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            part = f"(garbage collection, gen {info['generation']})"
            spent[part] = spent.get(part, 0.0) + time.process_time() - started[0]
    return timer


async def measure(conversations: int, turns: int, profile: str | None, spent: dict | None = None,
                  endpoints: str = "endpoints.redis.yml") -> float:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints

    from scripts.bench_shapes import CONVERSATION

    model = Path(os.environ.get("OPAS_MODEL_DIR", REPO / "var" / "models")) / "opas.tar.gz"
    agent = await load_agent(model_path=str(model),
                             endpoints=AvailableEndpoints.read_endpoints(str(REPO / "bot" / endpoints)))

    async def converse() -> None:
        sender = f"turn-cpu-{uuid.uuid4().hex[:10]}"
        for number in range(turns):
            await agent.handle_message(UserMessage(CONVERSATION[number % len(CONVERSATION)],
                                                   CollectingOutputChannel(), sender, input_channel="rest"))

    await converse()  # warm
    if spent is not None:
        spent.update(dict.fromkeys(spent, 0.0))
        gc.callbacks.append(collections_timer(spent))
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile(time.process_time)  # CPU, not the waits for Redis and the API
        profiler.enable()
    started = time.process_time()
    for _ in range(conversations):
        await converse()
    used = time.process_time() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    return 1000 * used / (conversations * turns)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=4)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--without-turn-speedups", action="store_true",
                        help="Rasa's own code in place of bot/components/turn_speedups.py")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile (CPU time) of the measured turns here")
    parser.add_argument("--endpoints", default="endpoints.redis.yml", help="the stores, a file in bot/")
    parser.add_argument("--breakdown", action="store_true", help="also print the CPU of each part of a turn")
    args = parser.parse_args()
    os.chdir(REPO / "bot")
    from components import preload, rasa_patches, turn_speedups
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)
    if args.without_turn_speedups:
        turn_speedups.apply = lambda: None
    rasa_patches.apply()
    preload("actions")
    spent = time_parts() if args.breakdown else None
    per_turn = asyncio.run(measure(args.conversations, args.turns, args.profile, spent, args.endpoints))
    for part, seconds in (spent or {}).items():
        print(f"  {part:26} {1000 * seconds / (args.conversations * args.turns):5.2f} ms")
    print(f"CPU per turn: {per_turn:.1f} ms ({args.conversations} conversations of {args.turns} turns"
          f"{', without the turn speed-ups' if args.without_turn_speedups else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
