from __future__ import annotations

import pytest

from tests import messaging_fakes

# The handoff suite's staff and API (advisors on duty, the service token), reused as they are.
from tests.api.handoff.conftest import Staff, handoff_api, staff  # noqa: F401
from tests.api.staff.conftest import _fast_password_hashing  # noqa: F401  (autouse fixture)

fake = messaging_fakes.fake  # the fake platforms, a fixture


@pytest.fixture()
def platforms(fake, monkeypatch):
    """The outbound settings pointing at the fake platforms (as the environment would)."""
    monkeypatch.setenv("OPAS_TELEGRAM_TOKEN", fake.telegram_token)
    monkeypatch.setenv("OPAS_TELEGRAM_API_URL", fake.url)
    monkeypatch.setenv("OPAS_TWILIO_ACCOUNT_SID", fake.twilio_sid)
    monkeypatch.setenv("OPAS_TWILIO_AUTH_TOKEN", fake.twilio_token)
    monkeypatch.setenv("OPAS_TWILIO_WHATSAPP_NUMBER", "+14155238886")
    monkeypatch.setenv("OPAS_TWILIO_API_URL", fake.url)
    return fake
