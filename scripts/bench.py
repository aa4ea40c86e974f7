#!/usr/bin/env python3
"""`make bench`: how fast Opas is, in one run (API environment; talks to the stack over HTTP).

Starts its own stack on spare ports (so cold start and memory are measured on fresh processes),
or uses a running one with --rasa-url (then cold start and memory are skipped), and prints:
 1. the NLU floor: p50/p95 of Rasa's /model/parse for the development-set messages;
 2. a grounded-answer turn through the REST channel (action + API + NLG), sequential p50/p95,
    measured in rounds alternating with those of the floor,
    and its ratio to the floor;
 3. the same turn through the widget's chat gateway, and late in a conversation (its turns 11–20:
    a turn's cost must not grow with the conversation);
 3b. the answer selection's own cost (the API's Server-Timing of POST /v1/answer) and its round trip;
 4. throughput and p50/p95 at 1, 5, 20 and 50 concurrent conversations (bounded loops on 127.0.0.1);
 5. cold start: from process start until every health check answers;
 6. training time for all eight languages (a fresh training into a temporary folder);
 7. resident memory of each process and their sum.
Results also go to var/bench/<time>-<commit>.json, to compare commits.

Setups (--setup): `compare` (the default) starts `make run-scaled`'s and `make run`'s shapes one after
the other and measures conversations of real length in both (scripts/bench_shapes.py). The detailed
figures below are per setup: `scaled` is one Rasa process with two workers, the tracker and lock
stores in Redis (bot/endpoints.redis.yml); `single` is what `make run` starts: one Rasa process,
tracker store on SQLite (bot/endpoints.yml).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

from tests import local_stack

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "eval" / "dev.jsonl"
PORTS = {"OPAS_API_PORT": "28000", "OPAS_RASA_PORT": "25005"}
RASA_TOKEN = os.environ.get("OPAS_RASA_TOKEN", "dev-rasa-token")
# Questions that get a grounded answer without a clarifying question first (they name no place
# or name a covered one); written here, not taken from the development set.
ANSWER_TURNS = [
    "what is multilingual civic orientation?", "mitä on kotoutumiskoulutus?",
    "vad är en integrationsplan?", "що таке інтеграційний план?", "кто проводит оценку навыков?",
    "ما هو برنامج الاندماج؟", "barnaamijka is-dhexgalka waa maxay?", "برنامه سازگاری چیست؟",
    "I live in Loviisa, who provides integration services?", "asun Askolassa, kuka järjestää palvelut?",
]
CONCURRENCY = [1, 5, 20, 50]
SETUPS = {
    "scaled": {"OPAS_RASA_ENDPOINTS": "endpoints.redis.yml", "OPAS_RASA_WORKERS": "2"},
    "single": {"OPAS_RASA_ENDPOINTS": "endpoints.yml", "OPAS_RASA_WORKERS": "1"},
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def summary(latencies: list[float]) -> dict:
    return {"n": len(latencies), "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * percentile(latencies, 0.95)}


def dev_messages() -> list[str]:
    if not DEV_SET.exists():
        return ANSWER_TURNS
    return [turn["user"] for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()
            for turn in json.loads(line)["turns"]]


def parse_seconds(client: httpx.Client, rasa: str, text: str) -> float:
    started = time.perf_counter()
    client.post(f"{rasa}/model/parse", params={"token": RASA_TOKEN}, json={"text": text}).raise_for_status()
    return time.perf_counter() - started


def grounded_turn(client: httpx.Client, rasa: str, text: str) -> float:
    started = time.perf_counter()
    response = client.post(f"{rasa}/webhooks/rest/webhook",
                           json={"sender": f"bench-{uuid.uuid4().hex[:10]}", "message": text})
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    kinds = [m["custom"]["opas"]["kind"] for m in response.json() if "opas" in (m.get("custom") or {})]
    if "answer" not in kinds:
        raise RuntimeError(f"not a grounded answer: {text!r} → {kinds}")
    return elapsed


def gateway_turn(client: httpx.Client, api: str, text: str) -> float:
    """One grounded answer through the widget's chat gateway (a new session each time)."""
    created = client.post(f"{api}/v1/chat/sessions", json={"language": "en"})
    if created.status_code == 429:
        raise SystemExit("the chat gateway rate-limits this client: run the benchmark on its own stack")
    created.raise_for_status()
    session = created.json()["session_id"]
    started = time.perf_counter()
    response = client.post(f"{api}/v1/chat/sessions/{session}/messages", json={"text": text})
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    if (response.json().get("opas") or {}).get("kind") != "answer":
        raise RuntimeError(f"not a grounded answer through the gateway: {text!r}")
    return elapsed


#: A realistic conversation: a question, follow-ups in context, another topic, a place, thanks.
CONVERSATION = [
    "what is multilingual civic orientation?", "how long does it take?", "in which language is it?",
    "is it free?", "who offers it?", "I live in Loviisa", "what about the integration plan?",
    "how long is the plan valid?", "and who makes it with me?", "thanks",
]


def late_turns(client: httpx.Client, rasa: str, rounds: int) -> dict:
    """Turns 11–20 of conversations of 20 turns (the CONVERSATION twice): what a turn costs once
    a conversation has some history."""
    latencies = []
    for _ in range(rounds):
        sender = f"bench-late-{uuid.uuid4().hex[:10]}"
        for number, text in enumerate(CONVERSATION * 2):
            started = time.perf_counter()
            client.post(f"{rasa}/webhooks/rest/webhook", json={"sender": sender, "message": text}).raise_for_status()
            if number >= len(CONVERSATION):
                latencies.append(time.perf_counter() - started)
    return summary(latencies)


#: What the bot sends the API for the answer turns (docs/answer-selection.md).
SELECTION_REQUESTS = [
    {"question": "how long does it take?", "language": "en",
     "intents": [{"name": "ask_followup", "confidence": 0.9}], "context": {"topic": "civic_orientation"}},
    {"question": "mitä on kotoutumiskoulutus?", "language": "fi",
     "intents": [{"name": "ask_integration_training", "confidence": 0.95}]},
    {"question": "I live in Loviisa, who provides integration services?", "language": "en", "places": ["loviisa"],
     "intents": [{"name": "ask_service_provider", "confidence": 0.9}]},
    {"question": "ما هو برنامج الاندماج؟", "language": "ar", "intents": [{"name": "ask_integration_programme",
                                                                         "confidence": 0.9}]},
    {"question": "Can I get help with finding an apartment?", "language": "en",
     "intents": [{"name": "out_of_scope", "confidence": 0.8}]},
]


def answer_selection(client: httpx.Client, api: str, rounds: int) -> dict:
    """POST /v1/answer as the bot calls it: the selection's own time (Server-Timing) and the trip."""
    token = os.environ.get("OPAS_SERVICE_TOKEN", "opas-dev-service-token")
    own, trips = [], []
    for _ in range(rounds * 4):
        for body in SELECTION_REQUESTS:
            started = time.perf_counter()
            response = client.post(f"{api}/v1/answer", json=body, headers={"Authorization": f"Bearer {token}"})
            trips.append(time.perf_counter() - started)
            response.raise_for_status()
            own.append(float(response.headers["server-timing"].split("dur=")[1]) / 1000)
    return {"selection": summary(own), "round_trip": summary(trips)}


def floor_and_turns(client: httpx.Client, rasa: str, rounds: int) -> tuple[dict, dict]:
    """The NLU floor and the sequential grounded turn, measured in alternating rounds.

    This machine's speed drifts by half within a minute (it is shared); alternating rounds put
    both measures through the same drift, so that their ratio says something.
    """
    messages, parses, turns = dev_messages(), [], []
    for round_ in range(rounds):
        share = messages[round_::rounds]  # every dev-set message once over all rounds
        parses += [parse_seconds(client, rasa, text) for text in share]
        turns += [grounded_turn(client, rasa, text) for text in ANSWER_TURNS]
    return summary(parses), summary(turns)


def concurrent(rasa: str, conversations: int, turns_each: int) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def converse(index: int) -> None:
        with httpx.Client(timeout=60) as client:
            for turn in range(turns_each):
                text = ANSWER_TURNS[(index + turn) % len(ANSWER_TURNS)]
                try:
                    elapsed = grounded_turn(client, rasa, text)
                except (httpx.HTTPError, RuntimeError):
                    with lock:
                        errors[0] += 1
                    continue
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=converse, args=(i,)) for i in range(conversations)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    result = summary(latencies) if latencies else {"n": 0}
    result.update({"conversations": conversations, "turns_per_s": len(latencies) / wall, "errors": errors[0]})
    return result


def memory_mb(pid: int, field: str) -> float:
    """`Rss` or `Pss` of a process and its children (server workers), in MB.

    RSS counts a page shared by several processes (the forked Rasa workers share the libraries and
    modules loaded before the fork) once in each of them; PSS divides it among them, so the sum of
    PSS is the memory the stack really holds.
    """
    total = 0
    for proc in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{proc}/smaps_rollup").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, PermissionError):
            pass
    return total / 1024


def descendants(pid: int) -> list[int]:
    try:
        direct = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [p for child in map(int, direct) for p in (child, *descendants(child))]


def training_seconds() -> float:
    with tempfile.TemporaryDirectory() as out:
        # An empty cache folder: otherwise Rasa reuses the components it trained last time.
        env = {**os.environ, "OPAS_MODEL_DIR": out, "RASA_CACHE_DIRECTORY": str(Path(out) / "cache")}
        started = time.perf_counter()
        subprocess.run(["bash", "scripts/train.sh", "--force"], cwd=REPO, env=env, check=True, capture_output=True)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-url", help="use this running stack instead of starting one")
    parser.add_argument("--api-url", default="http://127.0.0.1:8000", help="the running stack's API (with --rasa-url)")
    parser.add_argument("--rounds", type=int, default=5, help="sequential rounds of the answer turns")
    parser.add_argument("--turns", type=int, default=10, help="turns per conversation in the concurrency runs")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--setup", choices=["compare", *sorted(SETUPS)], default="compare",
                        help="compare (default): `make run-scaled` and `make run` side by side with conversations "
                             "of real length (scripts/bench_shapes.py); scaled: 2 Rasa workers, Redis stores; "
                             "single: what `make run` starts")
    parser.add_argument("--shapes", default="scaled,single", help="with --setup compare: which shapes")
    args = parser.parse_args()
    if args.setup == "compare" and not args.rasa_url:
        from scripts import bench_shapes

        return bench_shapes.main(args.shapes.split(","))
    if args.setup == "compare":
        args.setup = "scaled"
    results: dict = {"commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                              capture_output=True, text=True).stdout.strip(),
                     "time": time.strftime("%Y-%m-%dT%H:%M:%S")}
    stack = None
    if not args.rasa_url and args.setup == "scaled" and not redis_answers():
        raise SystemExit("the scaled setup keeps conversations in Redis, and none answers at "
                         f"{os.environ.get('REDIS_HOST', '127.0.0.1')}:{os.environ.get('REDIS_PORT', '6379')}; "
                         "start Redis or run `scripts/bench.py --setup single`")
    if args.rasa_url:
        rasa, api = args.rasa_url.rstrip("/"), args.api_url.rstrip("/")
    else:
        # The benchmark is the one client of its stack: per-address chat limits would only throttle it.
        stack = local_stack.start(REPO / "var" / "bench" / "stack", PORTS, {
            "OPAS_CHAT_SESSIONS_PER_MINUTE_PER_ADDRESS": "100000",
            "OPAS_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS": "100000",
            **SETUPS[args.setup]})
        results["setup"] = {"name": args.setup, **SETUPS[args.setup]}
        results["cold_start_s"] = stack.start_seconds
        rasa, api = stack.rasa_url, stack.api_url
    try:
        with httpx.Client(timeout=60) as client:
            grounded_turn(client, rasa, ANSWER_TURNS[0])  # warm every process once
            results["nlu_floor"], results["grounded_turn"] = floor_and_turns(client, rasa, args.rounds)
            results["gateway_turn"] = summary([gateway_turn(client, api, text)
                                               for _ in range(args.rounds) for text in ANSWER_TURNS])
            results["late_turn"] = late_turns(client, rasa, args.rounds)
            results["answer_selection"] = answer_selection(client, api, args.rounds)
        for turn in ("grounded_turn", "gateway_turn", "late_turn"):
            results[turn]["ratio_to_floor"] = results[turn]["p50_ms"] / results["nlu_floor"]["p50_ms"]
        results["concurrency"] = [concurrent(rasa, n, args.turns) for n in CONCURRENCY]
        if stack is not None:
            for field in ("Rss", "Pss"):
                figures = {name: memory_mb(pid, field) for name, pid in stack.server_pids().items()}
                results[f"{field.lower()}_mb"] = {**figures, "total": sum(figures.values())}
    finally:
        if stack is not None:
            stack.stop()
    if not args.skip_training:
        results["training_s"] = training_seconds()
    report(results)
    (REPO / "var" / "bench").mkdir(parents=True, exist_ok=True)
    out = REPO / "var" / "bench" / f"{results['time'].replace(':', '')}-{results['commit'] or 'nocommit'}.json"
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nwritten to {out.relative_to(REPO)}")
    return 0


def redis_answers() -> bool:
    address = (os.environ.get("REDIS_HOST", "127.0.0.1"), int(os.environ.get("REDIS_PORT", "6379")))
    try:
        with socket.create_connection(address, timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def report(r: dict) -> None:
    floor, turn = r["nlu_floor"], r["grounded_turn"]
    if "setup" in r:
        setup = r["setup"]
        print(f"setup {setup['name']}: {setup['OPAS_RASA_WORKERS']} Rasa worker(s), "
              f"bot/{setup['OPAS_RASA_ENDPOINTS']}\n")
    print("| measure | figure | target |")
    print("|---|---|---|")
    print(f"| NLU floor (/model/parse), p50 / p95 | {floor['p50_ms']:.1f} / {floor['p95_ms']:.1f} ms | |")
    print(f"| grounded turn (REST), p50 / p95 | {turn['p50_ms']:.1f} / {turn['p95_ms']:.1f} ms | |")
    print(f"| grounded turn p50 ÷ NLU floor p50 | {turn['ratio_to_floor']:.1f}× | ≤ 3× |")
    gateway = r["gateway_turn"]
    print(f"| the same turn through the chat gateway, p50 / p95 | {gateway['p50_ms']:.1f} / "
          f"{gateway['p95_ms']:.1f} ms ({gateway['ratio_to_floor']:.1f}× the floor) | |")
    late = r["late_turn"]
    print(f"| a turn late in a conversation (turns 11–20), p50 / p95 | {late['p50_ms']:.1f} / "
          f"{late['p95_ms']:.1f} ms ({late['ratio_to_floor']:.1f}× the floor) | |")
    selection = r["answer_selection"]
    print(f"| answer selection alone (POST /v1/answer, Server-Timing), p50 / p95 | "
          f"{selection['selection']['p50_ms']:.2f} / {selection['selection']['p95_ms']:.2f} ms "
          f"(round trip {selection['round_trip']['p50_ms']:.1f} ms) | |")
    for c in r["concurrency"]:
        target = "≥ 60 turns/s, p95 ≤ 500 ms" if c["conversations"] == 20 else ""
        print(f"| {c['conversations']} concurrent conversations | {c['turns_per_s']:.1f} turns/s, "
              f"p50 {c.get('p50_ms', float('nan')):.0f} ms, p95 {c.get('p95_ms', float('nan')):.0f} ms, "
              f"{c['errors']} errors | {target} |")
    if "cold_start_s" in r:
        print(f"| cold start (all health checks answer) | {r['cold_start_s']:.1f} s | ≤ 15 s |")
    if "training_s" in r:
        print(f"| training, eight languages | {r['training_s']:.0f} s | ≤ 180 s |")
    if "pss_mb" in r:
        parts = ", ".join(f"{k} {v:.0f}" for k, v in r["pss_mb"].items() if k != "total")
        print(f"| resident memory, PSS ({parts}) | {r['pss_mb']['total']:.0f} MB | ≤ 2048 MB |")
        parts = ", ".join(f"{k} {v:.0f}" for k, v in r["rss_mb"].items() if k != "total")
        print(f"| the same as RSS, shared pages counted in each process ({parts}) | "
              f"{r['rss_mb']['total']:.0f} MB | |")


if __name__ == "__main__":
    sys.exit(main())
