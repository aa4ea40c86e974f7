"""The API builds its answer index (every language's retrieval) before it answers its health check."""
from __future__ import annotations

from fastapi.testclient import TestClient

from api.app.config import Settings
from api.app.main import create_app
from api.app.places.service import gazetteer
from locales.languages import SUPPORTED


def test_the_index_is_built_before_the_first_request(small_settings: Settings) -> None:
    gazetteer.cache_clear()
    settings = small_settings.model_copy(update={"warm_caches": True})
    with TestClient(create_app(settings)) as client:
        # Nothing has been asked yet but the health check, and everything is there.
        assert client.get("/health").status_code == 200
        index = client.app.state.answers._index
        assert index is not None and set(index._retrievers) == set(SUPPORTED)
        assert gazetteer.cache_info().currsize == 1


def test_without_warming_nothing_is_built_at_start(small_settings: Settings) -> None:
    gazetteer.cache_clear()
    with TestClient(create_app(small_settings)) as client:
        assert client.get("/health").status_code == 200
        assert client.app.state.answers._index is None and gazetteer.cache_info().currsize == 0
