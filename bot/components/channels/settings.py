"""The channels' settings, from the environment only: no secret is ever written to a file."""
from __future__ import annotations

import os
from dataclasses import dataclass


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    secret: str  # the `secret_token` given to setWebhook; Telegram sends it in every update
    api_url: str = "https://api.telegram.org"

    @classmethod
    def from_env(cls) -> TelegramSettings:
        return cls(_env("OPAS_TELEGRAM_TOKEN"), _env("OPAS_TELEGRAM_SECRET"),
                   _env("OPAS_TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/"))

    @property
    def configured(self) -> bool:
        return bool(self.token and self.secret)


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str
    auth_token: str
    number: str  # the WhatsApp sender, "whatsapp:+14155238886"
    # The address Twilio posts to, exactly as entered in its console: the signature covers it, and
    # behind a proxy the request's own URL differs (http vs https, host, port).
    webhook_url: str = ""
    api_url: str = "https://api.twilio.com"

    @classmethod
    def from_env(cls) -> TwilioSettings:
        number = _env("OPAS_TWILIO_WHATSAPP_NUMBER")
        if number and not number.startswith("whatsapp:"):
            number = f"whatsapp:{number}"
        return cls(_env("OPAS_TWILIO_ACCOUNT_SID"), _env("OPAS_TWILIO_AUTH_TOKEN"), number,
                   _env("OPAS_TWILIO_WEBHOOK_URL"),
                   _env("OPAS_TWILIO_API_URL", "https://api.twilio.com").rstrip("/"))

    @property
    def configured(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.number)


def id_key() -> bytes:
    """The key of the conversation ids' hash (`identity`): OPAS_CHANNEL_ID_KEY, else the service
    token. It must stay the same for a user's conversation to continue across messages."""
    return (_env("OPAS_CHANNEL_ID_KEY") or _env("OPAS_SERVICE_TOKEN", "opas-dev-service-token")).encode()
