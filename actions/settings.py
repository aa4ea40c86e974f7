"""Settings of the custom actions, from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    api_url: str = os.environ.get("OPAS_API_URL", "http://127.0.0.1:8000").rstrip("/")
    service_token: str = os.environ.get("OPAS_SERVICE_TOKEN", "opas-dev-service-token")
    # Seconds for one API call; a turn must never hang on the API.
    api_timeout: float = float(os.environ.get("OPAS_API_TIMEOUT", "3"))
    # The API's setting of the same name: the privacy notice tells users how long it keeps contacts.
    booking_retention_days: int = int(os.environ.get("OPAS_BOOKING_RETENTION_DAYS", "90"))


settings = Settings()
