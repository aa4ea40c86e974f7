"""Settings from the environment (pydantic-settings); the one place that reads it."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'var' / 'opas.db'}"
# A known value, so that development and tests need no set-up; refused in production.
DEV_SERVICE_TOKEN = "opas-dev-service-token"
MIN_PRODUCTION_TOKEN_LENGTH = 24


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", validate_by_name=True, frozen=True)

    env: Literal["development", "test", "production"] = Field(
        "development", validation_alias="OPAS_ENV"
    )
    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    service_token: SecretStr = Field(
        SecretStr(DEV_SERVICE_TOKEN), validation_alias="OPAS_SERVICE_TOKEN"
    )
    data_dir: Path = Field(REPO_ROOT / "data", validation_alias="OPAS_DATA_DIR")
    # Rasa's NLG request carries the whole tracker of the session: leave room for long ones.
    max_body_bytes: int = Field(2 * 1024 * 1024, ge=1024, validation_alias="OPAS_MAX_BODY_BYTES")

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        token = self.service_token.get_secret_value()
        if self.env == "production" and (
            token == DEV_SERVICE_TOKEN or len(token.strip()) < MIN_PRODUCTION_TOKEN_LENGTH
        ):
            raise ValueError(
                "OPAS_SERVICE_TOKEN must be set to a secret of at least "
                f"{MIN_PRODUCTION_TOKEN_LENGTH} characters when OPAS_ENV=production "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
        if not token.strip():
            raise ValueError("OPAS_SERVICE_TOKEN must not be empty")
        return self


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
