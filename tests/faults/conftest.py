"""One scaled stack (scripts/run-scaled.sh) shared by the fault tests of a run, on ports of its own
(38000 the API, 38005 Rasa, the processes behind the proxy on 38011–12 and 38016–17), with its own
var folder (var/faults), PostgreSQL database (opas_faults) and Redis databases (5 and 6). Rasa
reaches Redis and the API reaches PostgreSQL through gates (tests/faults/gate.py, ports 38090 and
38091) that a test closes to make the store unreachable.

What the tests need: a trained model (make bot-train), PostgreSQL and Redis (as CI has them), nginx
(scripts/ensure-nginx.sh installs Debian's when missing). They run under `flock
/tmp/opas-stack.lock` when the lock exists (the stack is heavy on a shared machine).
"""
from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests import scaled_stack
from tests.faults.gate import Gate
from tests.local_stack import MODEL_DIR, StackError

REPO = Path(__file__).resolve().parents[2]
API_PORT, RASA_PORT, REDIS_GATE, POSTGRES_GATE = 38000, 38005, 38090, 38091
REDIS = (os.environ.get("REDIS_HOST", "127.0.0.1"), int(os.environ.get("REDIS_PORT", "6379")))
POSTGRES = ("127.0.0.1", 5432)
RASA_TOKEN = os.environ.get("OPAS_RASA_TOKEN", "dev-rasa-token")


def answers(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


@dataclass
class Faults:
    stack: scaled_stack.ScaledStack
    redis: Gate
    postgres: Gate

    def say(self, sender: str, text: str, rasa_url: str | None = None, retry_seconds: float = 60) -> list[dict]:
        """One turn through Rasa's REST channel, as a client that tries again while the proxy or
        every Rasa process is down (a refused connection, 502 or 503: the turn was not taken)."""
        return retrying(lambda: httpx.post(f"{rasa_url or self.stack.rasa_url}/webhooks/rest/webhook",
                                           json={"sender": sender, "message": text},
                                           headers={"X-Opas-Conversation": sender}, timeout=30), retry_seconds)

    def tracker(self, sender: str) -> dict:
        response = httpx.get(f"{self.stack.rasa_url}/conversations/{sender}/tracker",
                             params={"token": RASA_TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()

    def user_texts(self, sender: str) -> list[str]:
        return [e["text"] for e in self.tracker(sender)["events"] if e["event"] == "user"]


def retrying(send, seconds: float) -> list[dict]:
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            response = send()
            if response.status_code not in (502, 503, 504):
                response.raise_for_status()
                return response.json()
        except (httpx.ConnectError, httpx.RemoteProtocolError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the stack did not take the message again in time")
        time.sleep(0.3)


@pytest.fixture(scope="session")
def faults():
    missing = [name for name, ok in (("a trained model (make bot-train)", any(MODEL_DIR.glob("*.tar.gz"))),
                                     ("Redis", answers(REDIS)), ("PostgreSQL", answers(POSTGRES))) if not ok]
    if missing:
        pytest.skip(f"the fault tests need {', '.join(missing)}")
    redis, postgres = Gate(REDIS_GATE, REDIS), Gate(POSTGRES_GATE, POSTGRES)
    redis.open()
    postgres.open()
    env = {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(REDIS_GATE), "REDIS_TRACKER_DB": "5", "REDIS_LOCK_DB": "6",
           "OPAS_PG_URL": f"postgresql+psycopg://postgres@127.0.0.1:{POSTGRES_GATE}", "OPAS_PG_DATABASE": "opas_faults",
           # The tests read whole conversations back: no folding within their length.
           "OPAS_TRACKER_MAX_EVENTS": "1000",
           # The tests are the stack's only clients: per-address limits would only throttle them.
           "OPAS_CHAT_SESSIONS_PER_MINUTE_PER_ADDRESS": "100000",
           "OPAS_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS": "100000",
           "OPAS_CHAT_MESSAGES_PER_MINUTE_PER_SESSION": "100000"}
    try:
        stack = scaled_stack.start(REPO / "var" / "faults", API_PORT, RASA_PORT, env)
    except StackError as error:
        redis.stop()
        postgres.stop()
        pytest.fail(str(error))
    try:
        yield Faults(stack, redis, postgres)
    finally:
        stack.stop()
        redis.stop()
        postgres.stop()


@pytest.fixture
def sender() -> str:
    return f"faults-{uuid.uuid4().hex[:12]}"
