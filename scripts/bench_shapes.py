"""`make bench`: the scaled and the single shape side by side, with conversations of real length.

Each shape is started fresh on spare ports, measured, and stopped, one after the other:
- `scaled`: what `make run-scaled` starts (nginx, 2 API and 2 Rasa processes, PostgreSQL, Redis:
  tests/scaled_stack.py), on 28000/28005;
- `single`: what `make run` starts (one API and one Rasa process, SQLite), on 28100/28105.

For each: turns/s and p50/p95/p99 at 1, 20, 50 and 100 concurrent conversations of 20 turns (a
question, follow-ups in context, another topic, a place, thanks: twice); the cost of turn 1, 20
and 100 of one conversation, and turns 41–50 against turns 1–5; the turns of a whole booking
(eight turns, one booking at a time, cancelled afterwards); the stack's memory (PSS, and RSS).
Results also go to var/bench/<time>-<commit>-shapes.json. The concurrent conversations are sent by
scripts/load_client.py, which leaves the two cores to the stack; each row also gives the CPU a turn
took on the whole machine and the share of the time the host took from it (a shared machine).
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import time
import uuid
from pathlib import Path

import httpx

from scripts.load_client import Connection, HttpError
from tests import local_stack, scaled_stack

REPO = Path(__file__).resolve().parents[1]
CONVERSATION = [
    "what is multilingual civic orientation?", "how long does it take?", "in which language is it?",
    "is it free?", "who offers it?", "I live in Loviisa", "what about the integration plan?",
    "how long is the plan valid?", "and who makes it with me?", "thanks",
]
TURNS_PER_CONVERSATION = 20
CONCURRENCY = [1, 20, 50, 100]
LONG_CONVERSATION = 100
BOOKING = ["haluaisin varata tapaamisen kotoutumisneuvojan kanssa", "Porvoo", "2", "paikan päällä", "1",
           "<contact>", "kyllä", "kyllä"]
NO_LIMITS = {"OPAS_CHAT_SESSIONS_PER_MINUTE_PER_ADDRESS": "100000",
             "OPAS_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS": "100000",
             "OPAS_CHAT_MESSAGES_PER_MINUTE_PER_SESSION": "100000"}
TOKEN = os.environ.get("OPAS_SERVICE_TOKEN", "opas-dev-service-token")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def figures(latencies: list[float]) -> dict:
    return {"n": len(latencies), "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * percentile(latencies, 0.95), "p99_ms": 1000 * percentile(latencies, 0.99)}


async def converse(rasa: str, turns: int, latencies: list[float], errors: list) -> None:
    """One conversation, each message sent when the reply to the one before has come."""
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    connection = Connection(rasa)
    try:
        for number in range(turns):
            started = time.perf_counter()
            try:
                await connection.post_json("/webhooks/rest/webhook", {
                    "sender": sender, "message": CONVERSATION[number % len(CONVERSATION)]},
                    headers={"X-Opas-Conversation": sender})
            except HttpError as error:
                errors.append(str(error))
                continue
            latencies.append(time.perf_counter() - started)
    finally:
        connection.close()


def machine_seconds() -> tuple[float, float, float]:
    """The machine's CPU seconds so far, over all cores: busy, idle, and stolen by the host
    (/proc/stat; a shared virtual machine loses some of its cores' time to others)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = values
    hertz = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / hertz, (idle + iowait) / hertz, steal / hertz


async def concurrent(rasa: str, conversations: int) -> dict:
    """`conversations` conversations of 20 turns at once; with the CPU a turn took on the whole
    machine (every process: the stack, its databases, this client) and the client's own share."""
    latencies: list[float] = []
    errors: list[str] = []
    started, client_started, machine_started = time.perf_counter(), time.process_time(), machine_seconds()
    await asyncio.gather(*(converse(rasa, TURNS_PER_CONVERSATION, latencies, errors) for _ in range(conversations)))
    wall, client_cpu = time.perf_counter() - started, time.process_time() - client_started
    busy, idle, stolen = (after - before for after, before in zip(machine_seconds(), machine_started, strict=True))
    turns = max(1, len(latencies) + len(errors))
    return {**figures(latencies), "conversations": conversations, "turns_per_s": len(latencies) / wall,
            "errors": len(errors), "client_cpu_ms_per_turn": 1000 * client_cpu / turns,
            "machine_cpu_ms_per_turn": 1000 * busy / turns, "stolen_share": stolen / max(1e-9, busy + idle + stolen)}


def turn_costs(rasa: str, rounds: int = 3) -> dict:
    """One conversation of 100 turns, sequential: the cost of turn 1, 20 and 100, and of turns
    41–50 against turns 1–5 (medians over `rounds` conversations)."""
    runs = []
    with httpx.Client(timeout=60) as client:
        for _ in range(rounds):
            sender, times = f"bench-long-{uuid.uuid4().hex[:10]}", []
            for number in range(LONG_CONVERSATION):
                started = time.perf_counter()
                client.post(f"{rasa}/webhooks/rest/webhook", json={
                    "sender": sender, "message": CONVERSATION[number % len(CONVERSATION)]}).raise_for_status()
                times.append(time.perf_counter() - started)
            runs.append(times)

    def median_ms(select) -> float:
        return 1000 * statistics.median(statistics.median(select(times)) for times in runs)

    result = {f"turn_{n}_ms": median_ms(lambda t, n=n: [t[n - 1]]) for n in (1, 20, 100)}
    result["turns_1_5_ms"] = median_ms(lambda t: t[0:5])
    result["turns_41_50_ms"] = median_ms(lambda t: t[40:50])
    result["turns_91_100_ms"] = median_ms(lambda t: t[90:100])
    result["ratio_41_50_to_1_5"] = result["turns_41_50_ms"] / result["turns_1_5_ms"]
    return result


def bookings(rasa: str, api: str, count: int = 3) -> dict:
    latencies, booked = [], 0
    with httpx.Client(timeout=60) as client:
        for _ in range(count):
            sender, contact = f"bench-book-{uuid.uuid4().hex[:10]}", f"040 {uuid.uuid4().int % 10_000_000:07d}"
            reply: list = []
            for text in BOOKING:
                started = time.perf_counter()
                response = client.post(f"{rasa}/webhooks/rest/webhook",
                                       json={"sender": sender, "message": contact if text == "<contact>" else text})
                latencies.append(time.perf_counter() - started)
                response.raise_for_status()
                reply = response.json()
            info = [m["custom"]["opas"] for m in reply if "opas" in (m.get("custom") or {})]
            reference = info[-1].get("booking_reference") if info else None
            if reference:
                booked += 1
                client.post(f"{api}/v1/appointments/{reference}/cancel", json={"contact": contact},
                            headers={"Authorization": f"Bearer {TOKEN}"}).raise_for_status()
    return {**figures(latencies), "bookings": count, "booked": booked}


def memory_mb(pids: dict[str, int], field: str) -> dict:
    from scripts.bench import memory_mb as of_process

    found = {name: of_process(pid, field) for name, pid in pids.items()}
    return {**found, "total": sum(found.values())}


def measure(name: str, rasa: str, api: str, pids: dict[str, int], start_seconds: float) -> dict:
    print(f"==> {name}: measuring", flush=True)
    with httpx.Client(timeout=60) as client:  # every process once warm
        for _ in range(4):
            client.post(f"{rasa}/webhooks/rest/webhook", json={"sender": f"warm-{uuid.uuid4().hex}",
                                                              "message": CONVERSATION[0]}).raise_for_status()
    result = {"cold_start_s": start_seconds, "turn_costs": turn_costs(rasa), "booking": bookings(rasa, api),
              "concurrency": [asyncio.run(concurrent(rasa, n)) for n in CONCURRENCY]}
    result["pss_mb"], result["rss_mb"] = memory_mb(pids, "Pss"), memory_mb(pids, "Rss")
    return result


def run_scaled() -> dict:
    env = {"REDIS_TRACKER_DB": "7", "REDIS_LOCK_DB": "8", "OPAS_PG_DATABASE": "opas_bench", **NO_LIMITS}
    stack = scaled_stack.start(REPO / "var" / "bench" / "scaled", 28000, 28005, env)
    try:
        return measure("scaled", stack.rasa_url, stack.api_url, stack.server_pids(), stack.start_seconds)
    finally:
        stack.stop()


def run_single() -> dict:
    ports = {"OPAS_API_PORT": "28100", "OPAS_RASA_PORT": "28105"}
    stack = local_stack.start(REPO / "var" / "bench" / "single", ports,
                              {"OPAS_RASA_ENDPOINTS": "endpoints.yml", "OPAS_RASA_WORKERS": "1", **NO_LIMITS})
    try:
        return measure("single", stack.rasa_url, stack.api_url, stack.server_pids(), stack.start_seconds)
    finally:
        stack.stop()


def report(results: dict) -> None:
    shapes = [name for name in ("scaled", "single") if name in results]
    print("\n| measure | " + " | ".join(shapes) + " | target (scaled) |")
    print("|---|" + "---|" * len(shapes) + "---|")
    targets = {20: "≥ 150 turns/s, p95 ≤ 250 ms", 50: "≥ 120 turns/s, p99 ≤ 1 s"}
    for index, conversations in enumerate(CONCURRENCY):
        cells = []
        for name in shapes:
            c = results[name]["concurrency"][index]
            cells.append(f"{c['turns_per_s']:.0f} turns/s, p50/p95/p99 {c['p50_ms']:.0f}/{c['p95_ms']:.0f}/"
                         f"{c['p99_ms']:.0f} ms, {c['errors']} errors; CPU {c['machine_cpu_ms_per_turn']:.1f} ms "
                         f"a turn (client {c['client_cpu_ms_per_turn']:.1f}), {100 * c['stolen_share']:.0f}% stolen")
        print(f"| {conversations} concurrent conversations of {TURNS_PER_CONVERSATION} turns | "
              + " | ".join(cells) + f" | {targets.get(conversations, '')} |")
    for key, label in (("turn_1_ms", "turn 1 of one conversation"), ("turn_20_ms", "turn 20"),
                       ("turn_100_ms", "turn 100"), ("turns_1_5_ms", "turns 1–5, p50"),
                       ("turns_41_50_ms", "turns 41–50, p50"), ("turns_91_100_ms", "turns 91–100, p50")):
        print(f"| {label} | " + " | ".join(f"{results[n]['turn_costs'][key]:.1f} ms" for n in shapes) + " | |")
    print("| turns 41–50 ÷ turns 1–5 | " + " | ".join(
        f"{results[n]['turn_costs']['ratio_41_50_to_1_5']:.2f}×" for n in shapes) + " | ≤ 1.5× |")
    print("| booking turns (8 a booking), p50/p95 | " + " | ".join(
        f"{results[n]['booking']['p50_ms']:.0f}/{results[n]['booking']['p95_ms']:.0f} ms "
        f"({results[n]['booking']['booked']}/{results[n]['booking']['bookings']} booked)" for n in shapes) + " | |")
    print("| cold start | " + " | ".join(f"{results[n]['cold_start_s']:.1f} s" for n in shapes) + " | |")
    for field in ("pss_mb", "rss_mb"):
        label = "memory, PSS" if field == "pss_mb" else "memory, RSS (shared pages counted in each)"
        print(f"| {label} | " + " | ".join(
            f"{results[n][field]['total']:.0f} MB ("
            + ", ".join(f"{k} {v:.0f}" for k, v in results[n][field].items() if k != "total") + ")"
            for n in shapes) + " | ≤ 2048 MB |")


def main(shapes: list[str]) -> int:
    results: dict = {"commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                              capture_output=True, text=True).stdout.strip(),
                     "time": time.strftime("%Y-%m-%dT%H:%M:%S")}
    for shape in shapes:
        results[shape] = run_scaled() if shape == "scaled" else run_single()
    report(results)
    out = REPO / "var" / "bench" / f"{results['time'].replace(':', '')}-{results['commit'] or 'nocommit'}-shapes.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nwritten to {out.relative_to(REPO)}")
    return 0
