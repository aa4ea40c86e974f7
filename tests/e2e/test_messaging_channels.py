"""Telegram and WhatsApp against a stack of their own: scripts/run.sh with the channels' settings in
the environment, so `make run`'s credentials file turns both on, and the platforms' APIs faked on
127.0.0.1. Webhooks are signed as the platforms sign them; every reply is read from what the fakes
received. A whole booking over WhatsApp typing only numbers (and the phone number); a live chat
over Telegram, the advisor answering from the inbox's API."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import shutil
import socket
import time
import uuid
from pathlib import Path

import httpx
import pytest

from booking_rules.reference import ALPHABET
from locales.render import render
from tests import local_stack
from tests.e2e.test_booking_conversations import TOKEN, a_contact, cancel
from tests.messaging_fakes import FakeMessaging, twilio_signature

REPO = Path(__file__).resolve().parents[2]
OPTION = re.compile(r"^\u200f?(\d{1,2})\. (.+)$", re.MULTILINE)
REFERENCE = re.compile(rf"\b[{ALPHABET}]{{6}}\b")
TELEGRAM_SECRET = "e2e-telegram-secret"
ID_KEY = "e2e-channel-id-key"
ADVISOR = ("demo.porvoo.1", "demo-advisor-password")  # load-demo's, development only


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.fixture(scope="module")
def channels_stack():
    if not list(local_stack.MODEL_DIR.glob("*.tar.gz")):
        pytest.skip("no trained model: run `make bot-train` (make test does it)")
    twilio = FakeMessaging().start()
    env = {"OPAS_TWILIO_ACCOUNT_SID": twilio.twilio_sid, "OPAS_TWILIO_AUTH_TOKEN": twilio.twilio_token,
           "OPAS_TWILIO_WHATSAPP_NUMBER": "+14155238886", "OPAS_TWILIO_API_URL": twilio.url,
           "OPAS_TELEGRAM_TOKEN": twilio.telegram_token, "OPAS_TELEGRAM_SECRET": TELEGRAM_SECRET,
           "OPAS_TELEGRAM_API_URL": twilio.url, "OPAS_CHANNEL_ID_KEY": ID_KEY}
    ports = {"OPAS_API_PORT": free_port(), "OPAS_RASA_PORT": free_port()}
    var_dir = REPO / "var" / "e2e-channels"
    shutil.rmtree(var_dir, ignore_errors=True)  # a fresh database every run: migrated from scratch
    try:
        running = local_stack.start(var_dir, ports, extra_env=env)
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


def test_a_booking_over_whatsapp_with_typed_numbers(channels_stack):
    stack, twilio = channels_stack
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


def test_a_photo_over_whatsapp_gets_a_polite_answer_not_an_error(channels_stack):
    stack, twilio = channels_stack
    user = WhatsAppUser(stack, twilio)
    user.say("Hei")  # the conversation is in Finnish now
    [notice] = user.post(Body="", NumMedia="1", MediaContentType0="image/jpeg")
    assert notice["Body"].startswith("Kiitos! Osaan lukea vain kirjoitettuja viestejä")


class TelegramUser:
    def __init__(self, stack, fake: FakeMessaging) -> None:
        self.url = f"{stack.rasa_url}/webhooks/telegram/webhook"
        self.fake = fake
        self.chat_id = 700_000_000 + uuid.uuid4().int % 100_000_000
        self.update_id = 1
        self.person = {"id": self.chat_id, "is_bot": False, "first_name": "Amina", "language_code": "fi"}

    @property
    def conversation_id(self) -> str:
        digest = hmac.new(ID_KEY.encode(), f"telegram:{self.chat_id}".encode(), hashlib.sha256).hexdigest()
        return f"telegram-{digest[:32]}"

    def _post(self, update: dict) -> list[dict]:
        before = len(self.fake.telegram_sent())
        self.update_id += 1
        response = httpx.post(self.url, json={"update_id": self.update_id, **update}, timeout=30,
                              headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        assert response.status_code == 200, response.text
        return [m for m in self.fake.telegram_sent()[before:] if m["chat_id"] == str(self.chat_id)]

    def say(self, text: str) -> list[dict]:
        chat = {"id": self.chat_id, "type": "private", "first_name": "Amina"}
        return self._post({"message": {"message_id": self.update_id, "from": self.person, "chat": chat,
                                       "date": 1796295600, "text": text}})

    def press(self, data: str) -> list[dict]:
        chat = {"id": self.chat_id, "type": "private"}
        return self._post({"callback_query": {"id": f"cb{self.update_id}", "from": self.person, "data": data,
                                              "chat_instance": "1", "message": {"message_id": 1, "chat": chat,
                                                                                "date": 1796295600}}})


def callbacks(messages: list[dict]) -> list[str]:
    keyboards = [(m.get("reply_markup") or {}).get("inline_keyboard", []) for m in messages]
    return [row[0]["callback_data"] for keyboard in keyboards for row in keyboard]


def advisor_client(api_url: str) -> tuple[httpx.Client, dict[str, str]]:
    client = httpx.Client(base_url=api_url, follow_redirects=True, timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/login").text).group(1)
    client.post("/staff/login", data={"username": ADVISOR[0], "password": ADVISOR[1], "csrf_token": token})
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/").text).group(1)
    return client, {"X-CSRF-Token": token}


def test_a_live_chat_over_telegram(channels_stack):
    stack, fake = channels_stack
    user = TelegramUser(stack, fake)
    # Opening the bot sends "/start": the greeting, in the language of the user's app (fi).
    greeting = user.say("/start")
    assert greeting[0]["text"] == render("utter_greet", "fi")["text"].split("\n\n")[0], greeting
    asked = user.say("Kuka järjestää kotoutumispalvelut?")
    porvoo = [data for data in callbacks(asked) if json.dumps("porvoo") in data]
    assert porvoo and all(len(data.encode()) <= 64 for data in callbacks(asked)), asked
    answer = user.press(porvoo[0])
    # The sources as plain text (no custom.opas on Telegram), a message of their own under the answer.
    assert "Porvoon kaupunki" in answer[0]["text"] and answer[-1]["text"].startswith("Lähteet:\n"), answer
    offer = user.say("Haluan puhua ihmisen kanssa")
    assert "/affirm" in callbacks(offer), offer
    queued = user.press("/affirm")
    assert "/handoff_leave" in callbacks(queued), queued

    found = httpx.get(f"{stack.api_url}/v1/handoffs/active", params={"conversation_id": user.conversation_id},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert found.status_code == 200, found.text
    handoff = found.json()
    assert handoff["channel"] == "telegram"

    advisor, csrf = advisor_client(stack.api_url)
    assert advisor.post(f"/staff/api/handoffs/{handoff['id']}/claim", headers=csrf).status_code == 200
    replied = advisor.post(f"/staff/api/handoffs/{handoff['id']}/messages", headers=csrf,
                           json={"text": "Hei, olen neuvoja. Miten voin auttaa?"})
    assert replied.status_code == 201, replied.text
    # Sent after the API's response (a background task): wait for it, a few seconds at most.
    reply = "Hei, olen neuvoja. Miten voin auttaa?"
    deadline = time.monotonic() + 10
    while reply not in (to_user := [m["text"] for m in fake.telegram_sent() if m["chat_id"] == str(user.chat_id)]):
        assert time.monotonic() < deadline, to_user
        time.sleep(0.1)
    assert to_user[-1] == reply  # to the real chat id, not the hash
    assert "Demo Advisor" in to_user[-2]  # "Neuvoja (Demo Advisor 1) liittyi keskusteluun."

    assert user.say("Tarvitsen apua kotoutumissuunnitelman kanssa") == []  # to the advisor, not the bot
    detail = advisor.get(f"/staff/api/handoffs/{handoff['id']}").json()
    assert "Tarvitsen apua kotoutumissuunnitelman kanssa" in json.dumps(detail, ensure_ascii=False)
    assert advisor.post(f"/staff/api/handoffs/{handoff['id']}/close", headers=csrf).status_code == 200
