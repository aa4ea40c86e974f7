"""Dated content (a statement past its last valid day is not shown: the answer says the information is
being updated, in the user's language) and source titles in the answer's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app.answers import index, service
from api.app.config import Settings
from api.app.main import create_app
from locales import answer_texts
from locales.catalogs import translations
from locales.languages import SUPPORTED
from tests.api.conftest import AUTH, load_database
from tests.api.dataset import base_dataset, in_all_languages, write_dataset

#: The fixed clock of these tests: every date below is counted from it.
TODAY = dt.date(2026, 6, 15)
ARABIC_TITLE = "برنامج الاندماج لمنطقة التوظيف في بورفو 2025-2026"


@pytest.fixture
def dated(small_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The small data set where Porvoo's statement ended yesterday and Askola's ends today; the
    programme document has an Arabic title."""
    files = base_dataset()
    porvoo, askola, _ = files["answers/service_provider.yml"]["statements"]
    porvoo["valid_until"] = (TODAY - dt.timedelta(days=1)).isoformat()
    askola["valid_until"] = TODAY.isoformat()
    files["sources.yml"]["sources"][0]["titles"] = {"ar": ARABIC_TITLE}
    # Next period's text for Askola, published ahead: not there until its first day.
    files["answers/service_provider.yml"]["statements"].append({
        **askola, "id": "service-provider-askola-next", "valid_from": (TODAY + dt.timedelta(days=1)).isoformat(),
        "valid_until": None, "text": in_all_languages("Askola's services from next year."),
    })
    write_dataset(small_settings.data_dir, files)
    load_database(small_settings)
    monkeypatch.setattr(service, "helsinki_today", lambda: TODAY)
    monkeypatch.setattr(index, "helsinki_today", lambda: TODAY)
    with TestClient(create_app(small_settings), headers=AUTH) as client:
        yield client


def topic_answer(client: TestClient, municipality: str, language: str) -> dict:
    body = {"question": "", "language": language, "municipality": municipality, "more": "service_provider"}
    response = client.post("/v1/answer", json=body)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_statement_past_its_last_day_is_replaced_by_being_updated(dated, language):
    answer = topic_answer(dated, "porvoo", language)
    sentence = translations(language).gettext(answer_texts.BEING_UPDATED)
    if language != "en":
        assert sentence != answer_texts.BEING_UPDATED, f"no {language} translation"
    assert answer["updating"] is True
    assert "service-provider-porvoo" not in answer["statements"]
    assert "Porvoo provides its own services" not in (answer["text"] or "")
    assert answer["text"].endswith(sentence)
    assert answer["status"] == "answer"


def test_a_statement_is_shown_on_its_last_day_and_its_successor_not_before_its_first(dated):
    answer = topic_answer(dated, "askola", "en")
    assert answer["updating"] is False
    assert "[en] Askola buys the services from Porvoo." in answer["text"]
    assert "service-provider-askola-next" not in answer["statements"]
    assert "next year" not in answer["text"]


def test_a_source_title_is_shown_in_the_answers_language(dated):
    arabic = topic_answer(dated, "askola", "ar")["sources"]
    swedish = topic_answer(dated, "askola", "sv")["sources"]
    assert arabic[0]["id"] == swedish[0]["id"] == "lovisa-minutes-2025"
    assert arabic[0]["title"] == ARABIC_TITLE
    # No Swedish, English or Finnish title: the document's own.
    assert swedish[0]["title"] == "Integrationsprogrammet för Borgå sysselsättningsområde 2025-2026"
