from __future__ import annotations

import pytest
from components.channels.telegram import OpasTelegramInput
from components.channels.whatsapp import OpasWhatsAppInput

from tests import messaging_fakes

from .harness import FakeBot, Served, TrackerStore

fake = messaging_fakes.fake  # the fake platforms, a fixture

TELEGRAM_SECRET = "telegram-webhook-secret-0123456789"


@pytest.fixture()
def bot() -> FakeBot:
    return FakeBot()


@pytest.fixture()
def store() -> TrackerStore:
    return TrackerStore()


@pytest.fixture()
def telegram(fake, bot, store):
    channel = OpasTelegramInput.from_credentials(
        {"access_token": fake.telegram_token, "secret_token": TELEGRAM_SECRET, "api_url": fake.url})
    served = Served(channel, bot, store, fake.url)
    yield served
    served.close()


@pytest.fixture()
def whatsapp(fake, bot, store):
    channel = OpasWhatsAppInput.from_credentials(
        {"account_sid": fake.twilio_sid, "auth_token": fake.twilio_token, "twilio_number": "+14155238886",
         "api_url": fake.url})
    served = Served(channel, bot, store, fake.url)
    yield served
    served.close()
