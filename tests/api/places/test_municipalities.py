"""GET /v1/municipalities and /v1/municipalities/resolve on the real data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.contract import COVERED


def resolve(client: TestClient, q: str, language: str = "en") -> dict:
    response = client.get("/v1/municipalities/resolve", params={"q": q, "language": language})
    assert response.status_code == 200, response.text
    return response.json()


def test_every_municipality_is_listed(client: TestClient, repo_root: Path) -> None:
    with (repo_root / "data" / "municipalities.yml").open(encoding="utf-8") as handle:
        in_file = [m["id"] for m in yaml.safe_load(handle)["municipalities"]]
    listed = client.get("/v1/municipalities").json()
    assert [m["id"] for m in listed] == in_file


def test_covered_ones_with_names_in_the_language(client: TestClient) -> None:
    covered = client.get("/v1/municipalities", params={"covered": True, "language": "sv"}).json()
    assert {m["id"] for m in covered} == COVERED
    porvoo = next(m for m in covered if m["id"] == "porvoo")
    assert porvoo == {
        "id": "porvoo",
        "name": "Borgå",
        "coverage": "full",
        "integration_provider": "porvoo",
        "jobseeker_provider": "porvoo_employment_area",
        "employment_area": "porvoo_employment_area",
    }
    others = client.get("/v1/municipalities", params={"covered": False}).json()
    assert others and {m["coverage"] for m in others} == {"none"}


@pytest.mark.parametrize(
    ("q", "language", "expected", "name"),
    [
        ("Asun Lapinjärvellä", "fi", "lapinjarvi", "Lapinjärvi"),
        ("asun lapinjarvella", "fi", "lapinjarvi", "Lapinjärvi"),
        ("Jag bor i Borgå", "sv", "porvoo", "Borgå"),
        ("I live in Porvoo", "en", "porvoo", "Porvoo"),
        ("Я живу в Ловийсе", "ru", "loviisa", "Ловийса"),
        ("Я живу у Ловійсі", "uk", "loviisa", "Ловійса"),
        ("أعيش في بورفو", "ar", "porvoo", "بورفو"),
        ("من در پورفو زندگی می‌کنم", "fa", "porvoo", "پورفو"),
        ("Waxaan ku noolahay Siuntio", "so", "siuntio", "Siuntio"),
        ("Sjundeå", "en", "siuntio", "Siuntio"),
        ("Myrskylästä", "fi", "myrskyla", "Myrskylä"),
    ],
)
def test_resolves_names_forms_and_scripts(
    client: TestClient, q: str, language: str, expected: str, name: str
) -> None:
    body = resolve(client, q, language)
    assert (body["id"], body["name"]) == (expected, name)
    assert body["coverage"] == "full"
    assert body["matched"] and body["matched"] in q


def test_partly_covered_place(client: TestClient) -> None:
    body = resolve(client, "Kyrkslätt", "sv")
    assert (body["id"], body["coverage"], body["name"]) == ("kirkkonummi", "partial", "Kyrkslätt")


@pytest.mark.parametrize(
    ("q", "expected"),
    [("Helsinki", "helsinki"), ("I live in Espoo", "espoo"), ("Helsingfors", "helsinki")],
)
def test_uncovered_places_are_recognised(client: TestClient, q: str, expected: str) -> None:
    body = resolve(client, q)
    assert (body["id"], body["coverage"]) == (expected, "none")


def test_no_place_in_the_text(client: TestClient) -> None:
    assert resolve(client, "What is civic orientation?") == {
        "id": None,
        "coverage": None,
        "name": None,
        "matched": None,
    }


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": "x" * 201}, "invalid_request"),
        ({"q": ""}, "invalid_request"),
        ({}, "invalid_request"),
        ({"q": "Porvoo", "language": "zz"}, "unsupported_language"),
    ],
)
def test_bad_input(client: TestClient, params: dict, code: str) -> None:
    response = client.get("/v1/municipalities/resolve", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
