"""`make run` turns a channel on only when its settings are in the environment, and the
credentials file it writes holds no secret."""
from __future__ import annotations

import pytest
from components.channels.credentials import credentials_yaml, main
from components.channels.telegram import OpasTelegramInput
from components.channels.whatsapp import OpasWhatsAppInput
from rasa.core.run import create_http_input_channels
from rasa.shared.exceptions import RasaException

SECRETS = {"OPAS_TELEGRAM_TOKEN": "123:secret-bot-token", "OPAS_TELEGRAM_SECRET": "secret-header-value",
           "OPAS_TWILIO_ACCOUNT_SID": "AC123", "OPAS_TWILIO_AUTH_TOKEN": "secret-auth-token",
           "OPAS_TWILIO_WHATSAPP_NUMBER": "+14155238886"}


@pytest.fixture()
def no_channels(monkeypatch):
    for name in [*SECRETS, "OPAS_TWILIO_WEBHOOK_URL"]:
        monkeypatch.delenv(name, raising=False)


def test_without_settings_only_rest(no_channels, tmp_path):
    _, channels = credentials_yaml()
    assert channels == ["rest"]
    path = tmp_path / "credentials.yml"
    assert main([str(path)]) == 0
    assert [c.name() for c in create_http_input_channels(None, str(path))] == ["rest"]


def test_telegram_alone_when_only_its_settings_are_set(no_channels, monkeypatch):
    monkeypatch.setenv("OPAS_TELEGRAM_TOKEN", SECRETS["OPAS_TELEGRAM_TOKEN"])
    assert credentials_yaml()[1] == ["rest"]  # a token without the webhook secret: not safe, not on
    monkeypatch.setenv("OPAS_TELEGRAM_SECRET", SECRETS["OPAS_TELEGRAM_SECRET"])
    assert credentials_yaml()[1] == ["rest", "telegram"]


def test_both_channels_load_in_rasa_and_no_secret_is_written(no_channels, monkeypatch, tmp_path):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "credentials.yml"
    main([str(path)])
    written = path.read_text()
    assert not any(value in written for value in SECRETS.values())
    channels = create_http_input_channels(None, str(path))
    telegram = next(c for c in channels if isinstance(c, OpasTelegramInput))
    whatsapp = next(c for c in channels if isinstance(c, OpasWhatsAppInput))
    assert telegram.settings.token == SECRETS["OPAS_TELEGRAM_TOKEN"]
    assert telegram.settings.secret == SECRETS["OPAS_TELEGRAM_SECRET"]
    assert whatsapp.settings.number == "whatsapp:+14155238886"
    assert [c.url_prefix() for c in channels] == ["rest", "telegram", "twilio"]


def test_a_channel_without_its_secret_refuses_to_start(no_channels):
    with pytest.raises(RasaException, match="credentials"):
        OpasTelegramInput.from_credentials({"access_token": "123:abc"})
    with pytest.raises(RasaException, match="credentials"):
        OpasWhatsAppInput.from_credentials({"account_sid": "AC1", "twilio_number": "+1555"})
