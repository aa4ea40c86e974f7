"""The API builds its data tables and catalogs before it answers its health check."""
from __future__ import annotations

from fastapi.testclient import TestClient

from api.app.config import Settings
from api.app.main import create_app
from api.app.places.service import gazetteer
from api.app.routing.service import load_rule_table
from locales import programme_data


def test_the_tables_are_built_before_the_first_request(small_settings: Settings) -> None:
    load_rule_table.cache_clear()
    gazetteer.cache_clear()
    programme_data.reload()
    settings = small_settings.model_copy(update={"warm_caches": True})
    with TestClient(create_app(settings)) as client:
        # Nothing has been asked yet but the health check, and everything is there.
        assert client.get("/health").status_code == 200
        assert load_rule_table.cache_info().currsize == 1
        assert gazetteer.cache_info().currsize == 1
        assert {"municipalities.yml:municipalities", "municipalities.yml:providers",
                "topics.yml:topics"} <= set(programme_data._cache)


def test_without_warming_nothing_is_built_at_start(small_settings: Settings) -> None:
    load_rule_table.cache_clear()
    gazetteer.cache_clear()
    with TestClient(create_app(small_settings)) as client:
        assert client.get("/health").status_code == 200
        assert load_rule_table.cache_info().currsize == 0 and gazetteer.cache_info().currsize == 0
