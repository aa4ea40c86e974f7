"""Search: tokenising per language, ranking on the small data set, cache refresh, bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app.answers.retrieval import tokenize
from api.app.content.service import edit_statement_text


def search(client: TestClient, q: str, language: str, **params: object) -> list[dict]:
    response = client.get("/v1/search", params={"q": q, "language": language, **params})
    assert response.status_code == 200, response.text
    return response.json()["results"]


@pytest.mark.parametrize(
    ("language", "written", "typed"),
    [
        ("fi", "työntekijöille", "tyontekijoille"),
        ("fi", "Kotoutumissuunnitelmassa", "kotoutumissuunnitelman"),
        ("sv", "integrationsplanen", "integrationsplan"),
        ("en", "trainings", "training"),
        ("ru", "интеграционного", "интеграционное"),
        ("ar", "والتدريب", "التدريب"),
    ],
)
def test_stemming_and_normalising_meet(language: str, written: str, typed: str) -> None:
    assert tokenize(written, language) == tokenize(typed, language)


def test_languages_without_a_stemmer_get_normalised_words() -> None:
    assert tokenize("Tababarka Is-dhexgalka", "so") == ["tababarka", "is", "dhexgalka"]
    assert tokenize("Інтеграційна програма", "uk") == tokenize("інтеграційна ПРОГРАМА", "uk")


def test_keyword_ranks_its_topic_first(small_client: TestClient) -> None:
    results = search(small_client, "yhteiskuntaorientaatio", "fi")
    assert results[0]["topic"] == "civic_orientation"
    assert results[0]["title"] == "[fi] civic orientation"
    assert results[0]["score"] > 0


def test_statement_text_ranks_its_topic(small_client: TestClient) -> None:
    results = search(small_client, "Who buys services from Porvoo?", "en")
    assert results[0]["topic"] == "service_provider"
    assert all(r["score"] > 0 for r in results)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_limit(small_client: TestClient) -> None:
    assert len(search(small_client, "services orientation society", "en", limit=1)) == 1
    assert len(search(small_client, "services orientation society", "en", limit=10)) == 2


def test_nothing_matches(small_client: TestClient) -> None:
    assert search(small_client, "qwertyuiop zxcvb", "en") == []
    assert search(small_client, "???", "en") == []


def test_index_follows_content_changes(small_client: TestClient) -> None:
    assert search(small_client, "kielikahvila", "fi") == []
    with small_client.app.state.session_factory() as session:
        edit_statement_text(session, "civic-orientation-what", "fi", "Tule kielikahvilaan.")
    assert search(small_client, "kielikahvila", "fi")[0]["topic"] == "civic_orientation"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": "", "language": "fi"}, "invalid_request"),
        ({"language": "fi"}, "invalid_request"),
        ({"q": "x" * 501, "language": "fi"}, "invalid_request"),
        ({"q": "koulutus", "language": "fi", "limit": 0}, "invalid_request"),
        ({"q": "koulutus", "language": "fi", "limit": 11}, "invalid_request"),
        ({"q": "koulutus", "language": "fi", "limit": "three"}, "invalid_request"),
        ({"q": "koulutus", "language": "de"}, "unsupported_language"),
    ],
)
def test_bad_input(small_client: TestClient, params: dict, code: str) -> None:
    response = small_client.get("/v1/search", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
