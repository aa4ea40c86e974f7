"""Write the Rasa credentials file with only the channels whose settings are in the environment.

    python -m components.channels.credentials OUT.yml     (from bot/; scripts/run.sh does it)

The file names the settings as `${VARIABLES}` (Rasa fills them in when it reads the file), so no
secret is ever written down; a channel whose variables are missing is left out, because Rasa
refuses to start on a `${VARIABLE}` that is not set. `rest` (the API's chat gateway) is always on.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .settings import TelegramSettings, TwilioSettings

REST = "# Written by components.channels.credentials from the environment: edit the environment.\nrest:\n"
TELEGRAM = """components.channels.telegram.OpasTelegramInput:
  access_token: ${OPAS_TELEGRAM_TOKEN}
  secret_token: ${OPAS_TELEGRAM_SECRET}
"""
WHATSAPP = """components.channels.whatsapp.OpasWhatsAppInput:
  account_sid: ${OPAS_TWILIO_ACCOUNT_SID}
  auth_token: ${OPAS_TWILIO_AUTH_TOKEN}
  twilio_number: ${OPAS_TWILIO_WHATSAPP_NUMBER}
"""
WHATSAPP_URL = "  webhook_url: ${OPAS_TWILIO_WEBHOOK_URL}\n"


def credentials_yaml() -> tuple[str, list[str]]:
    """The file's text and the channels it turns on."""
    text, channels = REST, ["rest"]
    if TelegramSettings.from_env().configured:
        text += TELEGRAM
        channels.append("telegram")
    twilio = TwilioSettings.from_env()
    if twilio.configured:
        text += WHATSAPP + (WHATSAPP_URL if twilio.webhook_url else "")
        channels.append("whatsapp")
    return text, channels


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    text, channels = credentials_yaml()
    Path(argv[0]).write_text(text, encoding="utf-8")
    print(" ".join(channels))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
