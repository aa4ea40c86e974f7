"""Settings: read from the environment; no default secret outside development and tests."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.app import config
from api.app.config import DEV_SERVICE_TOKEN, Settings
from api.app.main import create_app

STRONG = "k3Jq-8vTn2LxQ0pWm9rZ4sYb7cHd1eFg"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPAS_ENV", "OPAS_SERVICE_TOKEN", "OPAS_SECRET_KEY", "DATABASE_URL", "OPAS_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    config.get_settings.cache_clear()
    yield
    config.get_settings.cache_clear()


def test_development_defaults() -> None:
    settings = Settings()
    assert settings.env == "development"
    assert settings.service_token.get_secret_value() == DEV_SERVICE_TOKEN
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith(
        "var/opas.db"
    )
    assert settings.data_dir == config.REPO_ROOT / "data"


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("OPAS_ENV", "test")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://opas@db/opas")
    monkeypatch.setenv("OPAS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OPAS_MAX_BODY_BYTES", "4096")
    settings = Settings()
    assert (settings.env, settings.database_url) == ("test", "postgresql+psycopg://opas@db/opas")
    assert settings.data_dir == tmp_path
    assert settings.max_body_bytes == 4096


@pytest.mark.parametrize("token", [None, "", "   ", DEV_SERVICE_TOKEN, "short-secret"])
def test_production_refuses_a_default_or_weak_token(
    monkeypatch: pytest.MonkeyPatch, token: str | None
) -> None:
    monkeypatch.setenv("OPAS_ENV", "production")
    if token is not None:
        monkeypatch.setenv("OPAS_SERVICE_TOKEN", token)
    with pytest.raises(ValidationError, match="OPAS_SERVICE_TOKEN"):
        Settings()


def test_production_with_a_default_token_does_not_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPAS_ENV", "production")
    with pytest.raises(ValidationError, match="OPAS_SERVICE_TOKEN"):
        create_app()


def test_production_with_a_strong_token(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("OPAS_ENV", "production")
    monkeypatch.setenv("OPAS_SERVICE_TOKEN", STRONG)
    monkeypatch.setenv("OPAS_SECRET_KEY", STRONG[::-1])
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'opas.db'}")
    app = create_app()
    assert app.state.settings.env == "production"
    assert app.docs_url is None  # no interactive docs in production


def test_empty_token_refused_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPAS_SERVICE_TOKEN", "")
    with pytest.raises(ValidationError, match="must not be empty"):
        Settings()


def test_unknown_environment_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPAS_ENV", "staging")
    with pytest.raises(ValidationError):
        Settings()
