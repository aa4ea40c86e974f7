"""A whole booking over WhatsApp, typing only numbers (and the phone number), against a stack of
its own: scripts/run.sh with the Twilio settings in the environment, so `make run`'s credentials
file turns the WhatsApp channel on, and Twilio's Messages API faked on 127.0.0.1. The webhook
posts are signed as Twilio signs them; every reply is read from what the fake Twilio received."""
from __future__ import annotations

import re
import socket
import uuid
from pathlib import Path

import httpx
import pytest

from booking_rules.reference import ALPHABET
from tests import local_stack
from tests.e2e.test_booking_conversations import TOKEN, a_contact, cancel
from tests.messaging_fakes import FakeMessaging, twilio_signature

REPO = Path(__file__).resolve().parents[2]
OPTION = re.compile(r"^\u200f?(\d{1,2})\. (.+)$", re.MULTILINE)
REFERENCE = re.compile(rf"\b[{ALPHABET}]{{6}}\b")


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.fixture(scope="module")
def whatsapp_stack():
    if not list(local_stack.MODEL_DIR.glob("*.tar.gz")):
        pytest.skip("no trained model: run `make bot-train` (make test does it)")
    twilio = FakeMessaging().start()
    env = {"OPAS_TWILIO_ACCOUNT_SID": twilio.twilio_sid, "OPAS_TWILIO_AUTH_TOKEN": twilio.twilio_token,
           "OPAS_TWILIO_WHATSAPP_NUMBER": "+14155238886", "OPAS_TWILIO_API_URL": twilio.url,
           "OPAS_TELEGRAM_TOKEN": "", "OPAS_TELEGRAM_SECRET": ""}
    ports = {"OPAS_API_PORT": free_port(), "OPAS_RASA_PORT": free_port()}
    try:
        running = local_stack.start(REPO / "var" / "e2e-whatsapp", ports, extra_env=env)
    except local_stack.StackError as error:
        twilio.stop()
        pytest.fail(str(error))
    try:
        yield running, twilio
    finally:
        running.stop()
        twilio.stop()


class WhatsAppUser:
    def __init__(self, stack, twilio: FakeMessaging) -> None:
        self.url = f"{stack.rasa_url}/webhooks/twilio/webhook"
        self.twilio = twilio
        self.number = f"whatsapp:+35840{uuid.uuid4().int % 10_000_000:07d}"

    def post(self, **fields: str) -> list[dict[str, str]]:
        """Posts a message as Twilio would (signed); what the bot sent back through Twilio."""
        before = len(self.twilio.whatsapp_sent())
        form = {"From": self.number, "To": "whatsapp:+14155238886", "NumMedia": "0",
                "MessageSid": f"SM{uuid.uuid4().hex}", "AccountSid": self.twilio.twilio_sid, **fields}
        signature = twilio_signature(self.twilio.twilio_token, self.url, form)
        response = httpx.post(self.url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30)
        assert response.status_code == 204, response.text
        return [m for m in self.twilio.whatsapp_sent()[before:] if m["To"] == self.number]

    def say(self, text: str) -> str:
        """Sends `text`; all the bot's answer, its messages joined."""
        replies = self.post(Body=text)
        assert replies, f"no reply to {text!r}"
        return "\n\n".join(m["Body"] for m in replies)


def number_of(reply: str, title_part: str) -> str:
    """The number the reply shows for the option whose title contains `title_part`."""
    found = [number for number, title in OPTION.findall(reply) if title_part.lower() in title.lower()]
    assert len(found) == 1, f"no single option {title_part!r} in:\n{reply}"
    return found[0]


def test_a_booking_over_whatsapp_with_typed_numbers(whatsapp_stack):
    stack, twilio = whatsapp_stack
    user = WhatsAppUser(stack, twilio)
    contact = a_contact()
    asked = user.say("haluaisin varata tapaamisen kotoutumisneuvojan kanssa")
    reply = user.say(number_of(asked, "Porvoo"))
    reply = user.say(number_of(reply, "Kotoutumissuunnitelma"))
    reply = user.say(number_of(reply, "Paikan päällä"))
    assert OPTION.search(reply), reply  # the free times, numbered
    reply = user.say("1")
    reply = user.say(contact)
    reply = user.say(number_of(reply, "Kyllä"))
    assert "Kotoutumissuunnitelma" in reply and "Porvoo" in reply  # the summary
    done = user.say(number_of(reply, "Kyllä"))
    references = REFERENCE.findall(done)
    assert references, done
    looked_up = httpx.post(f"{stack.api_url}/v1/appointments/{references[0]}/lookup", json={"contact": contact},
                           headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert looked_up.status_code == 200, looked_up.text
    appointment = looked_up.json()
    assert (appointment["status"], appointment["language"], appointment["mode"], appointment["topic"]) == \
        ("booked", "fi", "in_person", "integration_plan")
    assert all(len(m["Body"]) <= 1600 for m in twilio.whatsapp_sent())
    cancel(type("Stack", (), {"api_url": stack.api_url})(), references[0], contact)


def test_a_photo_over_whatsapp_gets_a_polite_answer_not_an_error(whatsapp_stack):
    stack, twilio = whatsapp_stack
    user = WhatsAppUser(stack, twilio)
    user.say("Hei")  # the conversation is in Finnish now
    [notice] = user.post(Body="", NumMedia="1", MediaContentType0="image/jpeg")
    assert notice["Body"].startswith("Kiitos! Osaan lukea vain kirjoitettuja viestejä")
