"""One running stack (api, actions, rasa) shared by every end-to-end test of a run.

`OPAS_E2E_RASA_URL` points the tests at a stack that is already running (e.g. `make run`);
otherwise the fixture starts one with scripts/run.sh on spare ports and its own database under
var/e2e/, using the model `make test` trained, and stops it when the run ends.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.widget_browser import chromium, new_page  # noqa: F401  (the widget's browser fixtures)

REPO = Path(__file__).resolve().parents[2]
PORTS = {"OPAS_API_PORT": "18000", "OPAS_ACTIONS_PORT": "15055", "OPAS_RASA_PORT": "15005"}
START_TIMEOUT = 300


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
    model_dir = REPO / "var" / "models"
    if not list(model_dir.glob("*.tar.gz")):
        pytest.skip("no trained model: run `make bot-train` (make test does it)")
    var = REPO / "var" / "e2e"
    var.mkdir(parents=True, exist_ok=True)
    ready = var / "ready"
    ready.unlink(missing_ok=True)
    env = {**os.environ, **PORTS, "OPAS_VAR_DIR": str(var), "OPAS_MODEL_DIR": str(model_dir),
           "OPAS_RUN_READY_FILE": str(ready), "DATABASE_URL": f"sqlite:///{var}/opas.db"}
    for derived in ("OPAS_API_URL", "OPAS_ACTIONS_URL", "OPAS_RASA_URL", "OPAS_TRACKER_DB"):
        env.pop(derived, None)  # scripts/env.sh derives them from the ports and the var folder
    api_python = str(REPO / ".venv" / "api" / "bin" / "python")
    for command in ("migrate", "load", "load-demo"):  # load-demo: the demo advisors and their free times
        subprocess.run([api_python, "-m", "api.manage", command], cwd=REPO, env={**env, "PYTHONPATH": str(REPO)},
                       check=True, capture_output=True)
    with open(var / "run.log", "w") as log:
        process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=REPO, env=env, start_new_session=True,
                                   stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGTERM)
            pytest.fail(f"the stack did not start; see {var / 'run.log'}:\n{(var / 'run.log').read_text()[-3000:]}")
        time.sleep(0.5)
    try:
        yield Stack(f"http://127.0.0.1:{PORTS['OPAS_RASA_PORT']}", f"http://127.0.0.1:{PORTS['OPAS_API_PORT']}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"
