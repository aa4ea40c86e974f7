"""Rasa killed between the booking request and its reply: the appointment is booked, the turn that
asked for it was never stored. The user's "yes" again books nothing new and tells the booking's
reference (the idempotency key was fixed when the summary was shown)."""
from __future__ import annotations

import threading
import time

import httpx
import psycopg

from tests.faults.booking import CONFIRM, a_contact, cancel, reference_of, same_messages, steps, summary_shown
from tests.faults.conftest import POSTGRES

DATABASE = "opas_faults"


def booked_reference(key: str) -> str | None:
    with psycopg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname=DATABASE) as connection:
        row = connection.execute("SELECT reference FROM appointments WHERE idempotency_key = %s", (key,)).fetchone()
    return row[0] if row else None


def test_rasa_killed_between_the_booking_and_its_reply(faults, sender):
    contact = a_contact()
    rasa_1 = f"http://127.0.0.1:{faults.stack.rasa_port + 11}"
    replies = [faults.say(sender, text, rasa_url=rasa_1) for text in steps(contact)]
    assert summary_shown(replies[-1])
    key = faults.tracker(sender)["slots"]["booking_idempotency_key"]
    assert key, "the summary fixes the idempotency key"

    # PostgreSQL answers slowly: the booking commits, and its acknowledgement is still on the way
    # to the API (then to Rasa) when Rasa is killed.
    faults.postgres.delay = 0.3
    outcome: dict = {}

    def confirm() -> None:
        try:
            outcome["reply"] = httpx.post(f"{rasa_1}/webhooks/rest/webhook",
                                          json={"sender": sender, "message": CONFIRM}, timeout=60)
        except httpx.HTTPError as error:
            outcome["error"] = error

    request = threading.Thread(target=confirm)
    request.start()
    try:
        deadline = time.monotonic() + 40
        while (reference := booked_reference(key)) is None:
            assert time.monotonic() < deadline and request.is_alive(), f"not booked: {outcome}"
            time.sleep(0.02)
        before = faults.stack.kill("rasa-1")
        request.join(timeout=30)
    finally:
        faults.postgres.delay = 0.0
    assert "error" in outcome, f"the reply came before the kill: {outcome}"

    again = faults.say(sender, CONFIRM)  # through the proxy: rasa-2, or rasa-1 started again
    assert reference_of(again) == reference == booked_reference(key)
    # The lost turn is not there; the "yes" sent again is, once.
    assert same_messages(faults.user_texts(sender), [*steps(contact), CONFIRM], contact)
    faults.stack.wait_restarted("rasa-1", before, f"{rasa_1}/status?token=dev-rasa-token")
    cancel(faults.stack.api_url, reference, contact)
