"""CPU of one Rasa turn, in process: conversations of real length through Rasa's own `Agent`.

    make run                                        # in another terminal: the API the answer action asks
    source scripts/env.sh && .venv/rasa/bin/python scripts/turn_cpu.py                 # CPU per turn
    source scripts/env.sh && .venv/rasa/bin/python scripts/turn_cpu.py --without-turn-speedups
    source scripts/env.sh && .venv/rasa/bin/python scripts/turn_cpu.py --profile var/turn.pstats

Runs the trained model with `endpoints.redis.yml` (the production stores) and the bench's 20-turn
conversation (scripts/bench_shapes.py), one conversation after the other, and prints the process's
CPU time per turn: no HTTP server, no proxy, no client in the figure, only what Rasa does (the
answer action's call to the API included, the API's own work not). This machine's speed drifts:
compare variants in alternating runs and read the minimum (docs/performance.md).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "bot"), str(REPO)]


async def measure(conversations: int, turns: int, profile: str | None) -> float:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints

    from scripts.bench_shapes import CONVERSATION

    model = Path(os.environ.get("OPAS_MODEL_DIR", REPO / "var" / "models")) / "opas.tar.gz"
    agent = await load_agent(model_path=str(model),
                             endpoints=AvailableEndpoints.read_endpoints(str(REPO / "bot" / "endpoints.redis.yml")))

    async def converse() -> None:
        sender = f"turn-cpu-{uuid.uuid4().hex[:10]}"
        for number in range(turns):
            await agent.handle_message(UserMessage(CONVERSATION[number % len(CONVERSATION)],
                                                   CollectingOutputChannel(), sender, input_channel="rest"))

    await converse()  # warm
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
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
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the measured turns here")
    args = parser.parse_args()
    os.chdir(REPO / "bot")
    from components import preload, rasa_patches, turn_speedups
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)
    if args.without_turn_speedups:
        turn_speedups.apply = lambda: None
    rasa_patches.apply()
    preload("actions")
    per_turn = asyncio.run(measure(args.conversations, args.turns, args.profile))
    print(f"CPU per turn: {per_turn:.1f} ms ({args.conversations} conversations of {args.turns} turns"
          f"{', without the turn speed-ups' if args.without_turn_speedups else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
