"""The floor cost of a Rasa 3.6 turn: a minimal "hello world" bot behind Rasa's REST channel.

    .venv/api/bin/python scripts/rasa_floor.py            # from the repository root; ~3 minutes

Builds a throwaway Rasa project in a temporary directory (WhitespaceTokenizer, word
CountVectorsFeaturizer, LogisticRegressionClassifier, RulePolicy alone; 3 intents, each answered by
one rule with a fixed response, no custom action), trains it with the Rasa venv, then serves it with
`rasa run` and posts to /webhooks/rest/webhook: 20 conversations at once, 20 turns each, each
conversation sending its next message only after the reply (one warm-up round first, not counted).
Three variants: in-memory stores with 1 process, Redis stores (dbs 5 and 6) with 1 process, and Redis
stores with 2 processes (conversations split between them by sender). Prints turns/s, p50/p95
latency, the Rasa processes' CPU ms per turn (/proc, children included), this client's CPU ms per
turn and the Redis server's (INFO cpu; the whole server, so anything else using it counts too).
Nothing is downloaded; every process it starts is stopped and Redis dbs 5 and 6 are flushed.
This is what Rasa costs with no project code at all: a bound on what any Rasa 3.6 bot can reach here.
"""
from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.load_client import Connection

RASA = Path(__file__).resolve().parents[1] / ".venv" / "rasa" / "bin" / "rasa"
PORTS = (29505, 29506)
REDIS_DBS = (5, 6)
CONVERSATIONS, TURNS = 20, 20
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_WORKERS": "1",
       "TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}

EXAMPLES = {
    "greet": ["hello", "hi", "hey there", "good morning", "good evening", "hi bot", "hello friend",
              "hey, how are you"],
    "ask_question": ["what can you do", "how do I sign up", "where is the office",
                     "when are you open", "can you help me with something", "I have a question",
                     "how much does it cost", "who can I talk to about this"],
    "thanks": ["thanks", "thank you", "thanks a lot", "many thanks", "thank you very much",
               "great, thanks", "cheers", "much appreciated"],
}
TEXTS = ["hi", "hello there", "what can you do", "how do I sign up", "where is the office",
         "when are you open", "thanks", "thank you so much", "good morning", "cheers"]
MEMORY_ENDPOINTS = "# Rasa's default stores: InMemoryTrackerStore, InMemoryLockStore\n"
REDIS_ENDPOINTS = (f"tracker_store: {{type: redis, url: 127.0.0.1, port: 6379, db: {REDIS_DBS[0]}}}\n"
                   f"lock_store: {{type: redis, url: 127.0.0.1, port: 6379, db: {REDIS_DBS[1]}}}\n")


def write_project(root: Path) -> None:
    intents = list(EXAMPLES)
    files = {
        "config.yml": "recipe: default.v1\nassistant_id: floor\nlanguage: en\npipeline:\n"
                      "  - name: WhitespaceTokenizer\n"
                      "  - name: CountVectorsFeaturizer\n    analyzer: word\n"
                      "  - name: LogisticRegressionClassifier\n"
                      "policies:\n  - name: RulePolicy\n",
        "domain.yml": 'version: "3.1"\nintents:\n' + "".join(f"  - {i}\n" for i in intents)
                      + "responses:\n" + "".join(f'  utter_{i}:\n    - text: "reply to {i}"\n' for i in intents),
        "data/nlu.yml": 'version: "3.1"\nnlu:\n' + "".join(
            f"  - intent: {i}\n    examples: |\n" + "".join(f"      - {e}\n" for e in ex)
            for i, ex in EXAMPLES.items()),
        "data/rules.yml": 'version: "3.1"\nrules:\n' + "".join(
            f"  - rule: answer {i}\n    steps:\n      - intent: {i}\n      - action: utter_{i}\n"
            for i in intents),
        "credentials.yml": "rest:\n",
        "endpoints.memory.yml": MEMORY_ENDPOINTS,
        "endpoints.redis.yml": REDIS_ENDPOINTS,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def train(root: Path) -> None:
    log = root / "train.log"
    with log.open("w") as out:
        done = subprocess.run([str(RASA), "train", "--fixed-model-name", "floor"], cwd=root, env=ENV,
                              stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        sys.exit(f"rasa train failed ({done.returncode}):\n{tail(log)}")


def cpu_ms(pids: list[int]) -> float:
    """utime+stime of the processes and all their live descendants, in ms."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, ticks
    tree, frontier = set(pids), list(pids)
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _) in stats.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(stats[pid][1] for pid in tree if pid in stats) * TICK_MS


def start(root: Path, variant: str, port: int) -> subprocess.Popen:
    log = (root / f"run-{port}.log").open("w")
    return subprocess.Popen(
        [str(RASA), "run", "-i", "127.0.0.1", "-p", str(port), "--model", "models/floor.tar.gz",
         "--credentials", "credentials.yml", "--endpoints", f"endpoints.{variant}.yml"],
        cwd=root, env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def wait_ready(root: Path, procs: dict[int, subprocess.Popen]) -> None:
    async with httpx.AsyncClient(timeout=2) as client:
        for port, proc in procs.items():
            deadline = time.monotonic() + 240
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"rasa run on {port} exited:\n{tail(root / f'run-{port}.log')}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"rasa run on {port} not ready:\n{tail(root / f'run-{port}.log')}")
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)


async def load(ports: tuple[int, ...], tag: str) -> tuple[float, list[float], int]:
    """Runs the conversations with the bench's client (scripts/load_client.py); returns wall
    seconds, per-turn latencies (s) and empty replies."""
    latencies: list[float] = []
    empty = 0

    async def converse(n: int) -> None:
        nonlocal empty
        connection = Connection(f"http://127.0.0.1:{ports[n % len(ports)]}", timeout=60)
        try:
            for turn in range(TURNS):
                began = time.perf_counter()
                reply = await connection.post_json("/webhooks/rest/webhook", {
                    "sender": f"{tag}-{n}", "message": TEXTS[(n + turn) % len(TEXTS)]})
                latencies.append(time.perf_counter() - began)
                empty += not json.loads(reply)
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(converse(n) for n in range(CONVERSATIONS)))
    return time.perf_counter() - began, latencies, empty


async def measure(root: Path, name: str, variant: str, ports: tuple[int, ...]) -> dict:
    procs = {port: start(root, variant, port) for port in ports}
    try:
        await wait_ready(root, procs)
        await load(ports, f"warmup-{variant}-{len(ports)}-{time.time_ns()}")
        pids = [proc.pid for proc in procs.values()]
        rasa_before, redis_before = cpu_ms(pids), redis_cpu_ms()
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        wall, latencies, empty = await load(ports, f"{variant}-{len(ports)}-{time.time_ns()}")
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        rasa_after, redis_after = cpu_ms(pids), redis_cpu_ms()
    finally:
        for proc in procs.values():
            stop(proc)
    turns = len(latencies)
    client_ms = 1000 * (client_after.ru_utime + client_after.ru_stime
                        - client_before.ru_utime - client_before.ru_stime)
    quantiles = statistics.quantiles(latencies, n=100)
    return {"variant": name, "turns/s": turns / wall, "p50 ms": 1000 * quantiles[49],
            "p95 ms": 1000 * quantiles[94], "Rasa CPU ms/turn": (rasa_after - rasa_before) / turns,
            "client CPU ms/turn": client_ms / turns,
            "Redis CPU ms/turn": (redis_after - redis_before) / turns, "empty replies": empty}


def redis_cpu_ms() -> float:
    """The Redis server's own CPU time so far (INFO cpu), in ms."""
    info = redis.Redis(host="127.0.0.1", port=6379).info("cpu")
    return 1000 * (info["used_cpu_user"] + info["used_cpu_sys"])


def flush_redis() -> None:
    for db in REDIS_DBS:
        redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()


async def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rasa-floor-") as tmp:
        root = Path(tmp)
        write_project(root)
        began = time.monotonic()
        train(root)
        print(f"trained in {time.monotonic() - began:.0f} s; "
              f"{CONVERSATIONS} conversations x {TURNS} turns per variant", flush=True)
        flush_redis()
        rows = []
        try:
            for name, variant, ports in [("memory, 1 process", "memory", PORTS[:1]),
                                         ("redis, 1 process", "redis", PORTS[:1]),
                                         ("redis, 2 processes", "redis", PORTS)]:
                rows.append(await measure(root, name, variant, ports))
                print(f"  {name}: done", flush=True)
        finally:
            flush_redis()
    header = list(rows[0])
    widths = [max(len(h), 18 if i == 0 else 0) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        cells = [row[h] if isinstance(row[h], str) else f"{row[h]:.1f}" if isinstance(row[h], float)
                 else str(row[h]) for h in header]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    print(f"loadavg after: {Path('/proc/loadavg').read_text().strip()}; nproc {os.cpu_count()}")


if __name__ == "__main__":
    asyncio.run(main())
