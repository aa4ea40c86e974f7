"""`kill -9` of a Rasa process, of an API process and of the proxy in the middle of conversations
(a booking form included): the supervisor starts it again, the conversation goes on, and its
tracker holds every message once, in the order sent. A conversation alternating between the two
Rasa processes stays coherent. Turns are sent between kills (a turn cut off mid-way is the client's
to send again; docs/scaling.md)."""
from __future__ import annotations

import httpx

from tests.faults.booking import CONFIRM, a_contact, cancel, reference_of, same_messages, steps, summary_shown
from tests.faults.conftest import RASA_TOKEN, retrying

RASA_PROCESSES = ("rasa-1", "rasa-2")


def rasa_status(faults, name: str) -> str:
    port = faults.stack.rasa_port + 10 + int(name.split("-")[1])
    return f"http://127.0.0.1:{port}/status?token={RASA_TOKEN}"


def test_a_conversation_alternating_between_the_rasa_processes_books_once(faults, sender):
    contact = a_contact()
    urls = [f"http://127.0.0.1:{faults.stack.rasa_port + 11}", f"http://127.0.0.1:{faults.stack.rasa_port + 12}"]
    sent = [*steps(contact), CONFIRM]
    replies = [faults.say(sender, text, rasa_url=urls[number % 2]) for number, text in enumerate(sent)]
    assert summary_shown(replies[-2])
    reference = reference_of(replies[-1])
    assert same_messages(faults.user_texts(sender), sent, contact)
    cancel(faults.stack.api_url, reference, contact)


def test_killing_each_rasa_process_mid_booking_loses_nothing(faults, sender):
    contact = a_contact()
    sent = [*steps(contact), CONFIRM]
    replies, kills = [], {}
    for number, text in enumerate(sent):
        if number in (2, 5):  # in the form: after the place, and before the contact
            name = RASA_PROCESSES[number == 5]
            kills[name] = faults.stack.kill(name)
        replies.append(faults.say(sender, text))
    reference = reference_of(replies[-1])
    assert same_messages(faults.user_texts(sender), sent, contact)  # nothing lost, nothing twice, in order
    for name, before in kills.items():
        faults.stack.wait_restarted(name, before, rasa_status(faults, name))
    cancel(faults.stack.api_url, reference, contact)


def test_killing_the_proxy_mid_booking_loses_nothing(faults, sender):
    contact = a_contact()
    sent = [*steps(contact), CONFIRM]
    replies = []
    for number, text in enumerate(sent):
        if number == 4:
            # Until the supervisor sees the death, the killed master's workers may still take a
            # request and be killed with it: the next turn goes to the proxy started again.
            before = faults.stack.kill("nginx")
            faults.stack.wait_restarted("nginx", before, f"{faults.stack.api_url}/health")
        replies.append(faults.say(sender, text))
    reference = reference_of(replies[-1])
    assert same_messages(faults.user_texts(sender), sent, contact)
    cancel(faults.stack.api_url, reference, contact)


def api_health(faults, name: str) -> str:
    return f"http://127.0.0.1:{faults.stack.api_port + 10 + int(name.split('-')[1])}/health"


def chat(faults, session: str, text: str) -> dict:
    """One turn through the widget's gateway (`/v1/chat`), as a client that tries again while
    the proxy answers 502 (no API process listening)."""
    return retrying(lambda: httpx.post(f"{faults.stack.api_url}/v1/chat/sessions/{session}/messages",
                                       json={"text": text}, timeout=40), 60)


def test_killing_each_api_process_mid_conversation_through_the_chat_gateway(faults):
    """The production chat path without a browser: widget → /v1/chat → Rasa, and the actions →
    the API; each API process is killed in turn and the conversation goes on in context."""
    created = httpx.post(f"{faults.stack.api_url}/v1/chat/sessions", json={"language": "en"}, timeout=10)
    created.raise_for_status()
    session = created.json()["session_id"]
    first = chat(faults, session, "what is multilingual civic orientation?")
    assert first["opas"]["kind"] == "answer" and first["opas"]["topic"] == "civic_orientation"
    before = faults.stack.kill("api-1")
    follow_up = chat(faults, session, "how long does it take?")  # in context: the same topic
    assert follow_up["opas"]["kind"] == "answer" and follow_up["opas"]["topic"] == "civic_orientation"
    faults.stack.wait_restarted("api-1", before, api_health(faults, "api-1"))
    before = faults.stack.kill("api-2")  # one at a time: with both down, the bot apologises
    plan = chat(faults, session, "what about the integration plan?")
    assert plan["opas"]["kind"] == "answer" and plan["opas"]["topic"] == "integration_plan"
    faults.stack.wait_restarted("api-2", before, api_health(faults, "api-2"))
    assert faults.user_texts(session) == ["what is multilingual civic orientation?", "how long does it take?",
                                          "what about the integration plan?"]
