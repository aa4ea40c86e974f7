"""Settings from the environment (pydantic-settings); the one place that reads it."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'var' / 'opas.db'}"
# A known value, so that development and tests need no set-up; refused in production.
DEV_SERVICE_TOKEN = "opas-dev-service-token"
MIN_PRODUCTION_TOKEN_LENGTH = 24
DEV_SECRET_KEY = "opas-dev-secret-key"


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
    # --- web chat gateway (api/app/chat) ---
    rasa_url: str = Field("http://127.0.0.1:5005", validation_alias="OPAS_RASA_URL")
    # A turn may run several actions that each call this API: give Rasa time, but not forever.
    rasa_timeout_seconds: float = Field(30.0, gt=0, validation_alias="OPAS_RASA_TIMEOUT")
    # Origins of the municipal sites that embed the widget (CORS of /v1/chat and /widget, and the
    # widget's frame-ancestors); "*" lets any site embed it. Unset: any site outside production,
    # none but the API's own pages in production (see `embedding_origins`).
    # Comma-separated in the environment: OPAS_CHAT_ALLOWED_ORIGINS=https://www.porvoo.fi,https://...
    chat_allowed_origins: Annotated[list[str] | None, NoDecode] = Field(
        None, validation_alias="OPAS_CHAT_ALLOWED_ORIGINS"
    )
    chat_max_message_chars: int = Field(1000, ge=1, validation_alias="OPAS_CHAT_MAX_MESSAGE_CHARS")
    chat_messages_per_minute_per_session: int = Field(
        20, ge=1, validation_alias="OPAS_CHAT_MESSAGES_PER_MINUTE_PER_SESSION"
    )
    # Higher than per session: a library or a school may put many users behind one address.
    chat_messages_per_minute_per_address: int = Field(
        120, ge=1, validation_alias="OPAS_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS"
    )
    chat_sessions_per_minute_per_address: int = Field(
        30, ge=1, validation_alias="OPAS_CHAT_SESSIONS_PER_MINUTE_PER_ADDRESS"
    )
    chat_session_max_age_days: int = Field(
        30, ge=1, validation_alias="OPAS_CHAT_SESSION_MAX_AGE_DAYS"
    )

    # --- booking and staff pages (api/app/booking, api/app/staff) ---
    # Signs the staff session cookies; refused in production when left at the development value.
    secret_key: SecretStr = Field(SecretStr(DEV_SECRET_KEY), validation_alias="OPAS_SECRET_KEY")
    # Where users reach this API: the cancel and calendar links the bot shows are built on it.
    public_url: str = Field("http://127.0.0.1:8000", validation_alias="OPAS_PUBLIC_URL")
    # A staff session ends this long after the log-in, whatever happens in between.
    staff_session_minutes: int = Field(480, ge=1, validation_alias="OPAS_STAFF_SESSION_MINUTES")
    # Wrong passwords allowed per username and per client address within the window; then the
    # log-in refuses further attempts until the oldest failure leaves it (api/app/staff/throttle.py).
    staff_login_failures_per_user: int = Field(5, ge=1, validation_alias="OPAS_STAFF_LOGIN_FAILURES_PER_USER")
    staff_login_failures_per_address: int = Field(
        20, ge=1, validation_alias="OPAS_STAFF_LOGIN_FAILURES_PER_ADDRESS"
    )
    staff_login_window_minutes: float = Field(15, gt=0, validation_alias="OPAS_STAFF_LOGIN_WINDOW_MINUTES")
    # `python -m api.manage purge-expired` removes the contact data of appointments whose time
    # is longer ago than this.
    booking_retention_days: int = Field(90, ge=1, validation_alias="OPAS_BOOKING_RETENTION_DAYS")
    # How often the answers check whether the content changed (a published edit shows this soon).
    content_check_seconds: float = Field(1.0, ge=0, le=60, validation_alias="OPAS_CONTENT_CHECK_SECONDS")
    # Build the data tables and catalogs before answering the health check (api/app/warm.py).
    warm_caches: bool = Field(True, validation_alias="OPAS_WARM_CACHES")
    # Rasa's SQL tracker store (SQLite, the `make run` default; unset where conversations live in
    # Redis, which expires them): conversations idle this long are removed by the same purge.
    tracker_db: Path | None = Field(None, validation_alias="OPAS_TRACKER_DB")
    # The same for a tracker store in PostgreSQL (a SQLAlchemy URL), and where a Redis tracker
    # store is (which expires conversations itself): "delete my conversation" reaches both.
    tracker_url: str | None = Field(None, validation_alias="OPAS_TRACKER_URL")
    tracker_redis_url: str | None = Field(None, validation_alias="OPAS_TRACKER_REDIS_URL")
    tracker_redis_prefix: str = Field("opas:tracker:", validation_alias="OPAS_TRACKER_REDIS_PREFIX")
    tracker_retention_seconds: float = Field(
        2592000, gt=0, validation_alias="OPAS_TRACKER_RETENTION_SECONDS"
    )
    # The API runs that purge itself at start-up and then this often (0: only by hand).
    purge_interval_seconds: float = Field(86400, ge=0, validation_alias="OPAS_PURGE_INTERVAL_SECONDS")

    # --- analytics for coordinators (api/app/analytics, docs/analytics.md) ---
    # The masked texts of questions Opas could not answer are deleted this long after their week
    # (the daily purge above); the counts, which hold no text, are kept.
    analytics_question_retention_days: int = Field(
        396, ge=1, validation_alias="OPAS_ANALYTICS_QUESTION_RETENTION_DAYS"
    )
    # The counts of answer turns and feedback are written to the database this often (0: only
    # when the API stops, and in tests by hand).
    analytics_flush_seconds: float = Field(10, ge=0, validation_alias="OPAS_ANALYTICS_FLUSH_SECONDS")

    # --- live handoff (api/app/handoff) ---
    # A queued chat nobody claims within this time closes (the user is offered a booking).
    handoff_queue_timeout_seconds: float = Field(300, gt=0, validation_alias="OPAS_HANDOFF_QUEUE_TIMEOUT_SECONDS")
    # How often each API process looks for such chats (0: only when a stream or the inbox asks).
    handoff_sweep_seconds: float = Field(5, ge=0, validation_alias="OPAS_HANDOFF_SWEEP_SECONDS")
    # Open event streams of one chat session, per API process: a page open in a few tabs is fine,
    # a client opening streams in a loop is not (each holds a connection and polls the database).
    handoff_streams_per_session: int = Field(3, ge=1, validation_alias="OPAS_HANDOFF_STREAMS_PER_SESSION")

    # --- security (api/app/security_headers.py, docs/security.md) ---
    # /openapi.json and /docs in production only when asked for (outside production: always).
    api_docs: bool = Field(False, validation_alias="OPAS_API_DOCS")
    # The staff audit log (api/app/audit.py) is kept this long, then purged with the rest.
    audit_retention_days: int = Field(730, ge=1, validation_alias="OPAS_AUDIT_RETENTION_DAYS")

    @property
    def embedding_origins(self) -> list[str]:
        """The configured embedding sites; unset, any site in development, none in production."""
        if self.chat_allowed_origins is not None:
            return self.chat_allowed_origins
        return [] if self.env == "production" else ["*"]

    @property
    def api_docs_public(self) -> bool:
        return self.env != "production" or self.api_docs

    @field_validator("chat_allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

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

    @model_validator(mode="after")
    def _refuse_default_secret_key_in_production(self) -> Settings:
        key = self.secret_key.get_secret_value()
        if self.env == "production" and (
            key == DEV_SECRET_KEY or len(key.strip()) < MIN_PRODUCTION_TOKEN_LENGTH
        ):
            raise ValueError(
                "OPAS_SECRET_KEY must be set to a secret of at least "
                f"{MIN_PRODUCTION_TOKEN_LENGTH} characters when OPAS_ENV=production"
            )
        return self


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
