"""After a booking through the running stack, neither the contact nor a link's token is in any log
under the stack's var folder or in Rasa's tracker store (issue 13). The stack runs outside
development (OPAS_ENV=test), as a municipality's would: development keeps message text in logs.

Starts a stack of its own (ports 19400/19405, var/h5-privacy): run under the stack lock,
`flock /tmp/opas-stack.lock .venv/api/bin/python -m pytest tests/e2e/test_privacy_stack.py`.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from tests import local_stack
from tests.e2e.conftest import REPO, Stack, text_of
from tests.e2e.test_booking_conversations import a_contact, book_in_finnish, cancel

PORTS = {"OPAS_API_PORT": "19400", "OPAS_RASA_PORT": "19405"}
VAR_DIR = REPO / "var" / "h5-privacy"
_TOKEN = re.compile(r"token=([A-Za-z0-9_\-]{16,})")


@pytest.fixture(scope="module")
def private_stack():
    if not list(local_stack.MODEL_DIR.glob("*.tar.gz")):
        pytest.skip("no trained model: run `make bot-train` (make test does it)")
    shutil.rmtree(VAR_DIR, ignore_errors=True)  # every log of this run, and nothing older
    running = local_stack.start(VAR_DIR, PORTS, extra_env={"OPAS_ENV": "test"})
    try:
        yield Stack(running.rasa_url, running.api_url)
    finally:
        running.stop()


def files_holding(folder: Path, secrets: list[str]) -> dict[str, list[str]]:
    """The files under `folder` (the API's own database aside) that contain one of `secrets`."""
    found: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if not path.is_file() or path.name.startswith("opas.db"):
            continue  # the API keeps the contact with the appointment, and only hashes of tokens
        content = path.read_bytes()
        hits = [secret for secret in secrets if secret.encode() in content]
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


class RecordingStack(Stack):
    """The stack, remembering every reply (the confirmation's links carry the tokens)."""

    replies: list[dict]

    def say(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        reply = super().say(sender, text, metadata)
        self.replies.extend(reply)
        return reply


def test_no_contact_and_no_token_after_a_booking(private_stack: Stack) -> None:
    stack = RecordingStack(private_stack.rasa_url, private_stack.api_url)
    stack.replies = []
    typed = a_contact()  # "040 1234567"
    normalised = "+358" + typed.replace(" ", "")[1:]
    reference = book_in_finnish(stack, f"privacy-{int(time.time())}", typed)
    tokens = _TOKEN.findall(text_of(stack.replies))
    assert len(tokens) >= 2, "the confirmation gives a cancel and a calendar link"
    try:
        tracker = VAR_DIR / "tracker.db"
        assert tracker.exists(), "the stack keeps its conversations in var/.../tracker.db"
        assert reference.encode() in tracker.read_bytes()  # the reference is what the tracker keeps
        assert files_holding(VAR_DIR, [typed, typed.replace(" ", ""), normalised, *tokens]) == {}
    finally:
        cancel(stack, reference, typed)


@pytest.mark.parametrize("language, request_text", [("fi", "poista keskusteluni"), ("ar", "احذف محادثتي من فضلك")])
def test_asking_in_the_chat_deletes_the_conversation(private_stack: Stack, language: str, request_text: str) -> None:
    sender = f"delete-{language}-{int(time.time() * 1000)}"
    private_stack.say(sender, "hei" if language == "fi" else "مرحبا", metadata={"language": language})
    assert sender.encode() in (VAR_DIR / "tracker.db").read_bytes()
    reply = text_of(private_stack.say(sender, request_text))
    assert "Opas" in reply  # "Your conversation was deleted. Opas no longer keeps ..." in the language
    with sqlite3.connect(VAR_DIR / "tracker.db") as db:
        assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] == 0
