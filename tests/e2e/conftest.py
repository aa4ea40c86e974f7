"""One running stack (api, rasa with its actions) shared by every end-to-end test of a run.

`OPAS_E2E_RASA_URL` points the tests at a stack that is already running (e.g. `make run`);
otherwise the fixture starts one on spare ports with its own database under var/e2e/
(tests/local_stack.py), using the model `make test` trained, and stops it when the run ends.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests import local_stack
from tests.e2e.widget_browser import chromium, new_page  # noqa: F401  (the widget's browser fixtures)

REPO = Path(__file__).resolve().parents[2]
PORTS = {"OPAS_API_PORT": "18000", "OPAS_RASA_PORT": "15005"}


@dataclass
class Stack:
    rasa_url: str
    api_url: str

    def say(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        body = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        response = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=30)
        response.raise_for_status()
        return response.json()


def opas(messages: list[dict]) -> dict:
    """The turn's `custom.opas` object (exactly one per turn in this bot)."""
    found = [m["custom"]["opas"] for m in messages if isinstance(m.get("custom"), dict) and "opas" in m["custom"]]
    assert found, f"no custom.opas in {messages}"
    return found[-1]


def text_of(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.fixture(scope="session")
def stack():
    if os.environ.get("OPAS_E2E_RASA_URL"):
        yield Stack(os.environ["OPAS_E2E_RASA_URL"], os.environ.get("OPAS_E2E_API_URL", "http://127.0.0.1:8000"))
        return
    if not list(local_stack.MODEL_DIR.glob("*.tar.gz")):
        pytest.skip("no trained model: run `make bot-train` (make test does it)")
    try:
        running = local_stack.start(REPO / "var" / "e2e", PORTS)
    except local_stack.StackError as error:
        pytest.fail(str(error))
    try:
        yield Stack(running.rasa_url, running.api_url)
    finally:
        running.stop()


@pytest.fixture
def sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"
