"""The messaging platforms' settings, from the environment (the same variables the bot's
connectors read, bot/components/channels/settings.py): nothing is written to a file."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


@dataclass(frozen=True)
class OutboundSettings:
    telegram_token: str
    telegram_api_url: str
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_number: str
    twilio_api_url: str
    timeout_seconds: float = 10.0

    @classmethod
    def from_env(cls) -> OutboundSettings:
        number = _env("OPAS_TWILIO_WHATSAPP_NUMBER")
        if number and not number.startswith("whatsapp:"):
            number = f"whatsapp:{number}"
        return cls(
            telegram_token=_env("OPAS_TELEGRAM_TOKEN"),
            telegram_api_url=_env("OPAS_TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/"),
            twilio_account_sid=_env("OPAS_TWILIO_ACCOUNT_SID"),
            twilio_auth_token=_env("OPAS_TWILIO_AUTH_TOKEN"),
            twilio_number=number,
            twilio_api_url=_env("OPAS_TWILIO_API_URL", "https://api.twilio.com").rstrip("/"),
        )

    @property
    def telegram(self) -> bool:
        return bool(self.telegram_token)

    @property
    def whatsapp(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_number)
