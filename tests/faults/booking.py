"""A Finnish booking in Porvoo through Rasa's REST channel, turn by turn, for the fault tests: the
same conversation as tests/e2e/test_booking_conversations.py, with a contact of its own."""
from __future__ import annotations

import os
import uuid

import httpx

TOKEN = os.environ.get("OPAS_SERVICE_TOKEN", "opas-dev-service-token")
STEPS = ["haluaisin varata tapaamisen kotoutumisneuvojan kanssa", "Porvoo", "2", "paikan päällä", "1",
         "<contact>", "kyllä"]  # then the summary; "kyllä" once more books
CONFIRM = "kyllä"
REDACTED = "[redacted]"  # how the tracker keeps a message that was a contact (the privacy work)


def a_contact() -> str:
    return f"040 {uuid.uuid4().int % 10_000_000:07d}"


def opas(messages: list[dict]) -> dict:
    found = [m["custom"]["opas"] for m in messages if isinstance(m.get("custom"), dict) and "opas" in m["custom"]]
    assert found, f"no custom.opas in {messages}"
    return found[-1]


def steps(contact: str) -> list[str]:
    return [contact if step == "<contact>" else step for step in STEPS]


def reference_of(done: list[dict]) -> str:
    info = opas(done)
    assert info["kind"] == "booking" and info.get("booking_reference"), done
    return info["booking_reference"]


def summary_shown(messages: list[dict]) -> bool:
    return any('"booking_confirmed":"yes"' in b["payload"] for m in messages for b in m.get("buttons") or [])


def cancel(api_url: str, reference: str, contact: str) -> None:
    """Frees the time again: the stack's database lives on between runs."""
    response = httpx.post(f"{api_url}/v1/appointments/{reference}/cancel", json={"contact": contact},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    response.raise_for_status()


def same_messages(stored: list[str], sent: list[str], contact: str) -> bool:
    """The tracker holds the messages sent, once each, in order (a contact may be redacted)."""
    return stored in (sent, [REDACTED if text == contact else text for text in sent])
