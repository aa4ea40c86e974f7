"""The response texts against the real programme data in data/ (skipped until it exists)."""

from pathlib import Path

import pytest
import yaml

from locales import render as render_module
from locales.languages import SUPPORTED
from locales.render import render
from locales.response_types import MAX_PAYLOAD_BYTES
from locales.responses import MENU_TOPICS, RESPONSES

DATA = Path(__file__).resolve().parents[2] / "data"


def load(name: str, key: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"data/{name} does not exist yet")
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key) or []


@pytest.fixture(autouse=True)
def real_data():
    render_module.reload()  # the default place: data/
    yield


def test_menu_topics_have_titles_in_every_language():
    topics = {topic["id"]: topic for topic in load("topics.yml", "topics")}
    missing = [
        (topic, language)
        for topic in MENU_TOPICS
        for language in SUPPORTED
        if not (topics.get(topic, {}).get("title") or {}).get(language)
    ]
    assert missing == []


def test_covered_municipalities_have_names_in_every_language():
    municipalities = load("municipalities.yml", "municipalities")
    covered = [m for m in municipalities if m.get("coverage") in ("full", "partial")]
    assert covered
    missing = [
        (m["id"], language)
        for m in covered
        for language in SUPPORTED
        if not (m.get("name") or {}).get(language)
    ]
    assert missing == []


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_response_renders_with_the_real_data(language):
    load("municipalities.yml", "municipalities")
    load("topics.yml", "topics")
    for name in RESPONSES:
        result = render(
            name, language, {"answer": "x", "place": "Espoo", "topics": ["civic_orientation"]}
        )
        assert "{" not in result["text"]
        for button in result.get("buttons", []):
            assert len(button["payload"].encode("utf-8")) <= MAX_PAYLOAD_BYTES
