"""Outside development, a failing turn leaves no user text in Rasa's log (issue 13)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PHONE = "+358401234567"
BOT_DIR = Path(__file__).resolve().parents[2] / "bot"
# What Rasa's REST channel does when a turn fails, and what a stdlib logger of an action does.
FAILING_TURN = f"""
import logging, structlog
from components import log_privacy
log_privacy.install()
from rasa.utils import log_utils
log_utils.configure_structlog(logging.INFO)

def handle(text):
    contact = text.split()[-1]
    raise ValueError(f"cannot book {{contact}}")

try:
    handle("my number is {PHONE}")
except ValueError:
    structlog.get_logger().exception("rest.message.received.failure", text="my number is {PHONE}")
    logging.getLogger("actions.booking").exception("booking failed for %s", "a user")
"""


def run_failing_turn(env: str) -> str:
    environment = {**os.environ, "OPAS_ENV": env, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-c", FAILING_TURN], cwd=BOT_DIR, env=environment,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout + done.stderr


@pytest.mark.parametrize("env", ["production", "test"])
def test_no_user_text_in_the_log_outside_development(env: str) -> None:
    log = run_failing_turn(env)
    assert "rest.message.received.failure" in log and "booking failed" in log
    assert "Traceback" in log and "ValueError" in log  # where it failed is still there
    assert PHONE not in log


def test_development_keeps_the_text_for_debugging() -> None:
    assert PHONE in run_failing_turn("development")
