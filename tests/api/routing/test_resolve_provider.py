"""resolve_provider: the rule table of CONTRACT.md §4, from the real data/municipalities.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.app.routing.service import RuleTable, load_rule_table, resolve_provider

# CONTRACT.md §4: municipality → (municipal integration services, jobseekers).
CONTRACT_TABLE = {
    "porvoo": ("porvoo", "porvoo_employment_area"),
    "loviisa": ("loviisa", "porvoo_employment_area"),
    "lapinjarvi": ("lapinjarvi", "porvoo_employment_area"),
    "askola": ("porvoo", "porvoo_employment_area"),
    "myrskyla": ("porvoo", "porvoo_employment_area"),
    "pukkila": ("porvoo", "porvoo_employment_area"),
    "siuntio": ("kirkkonummi", "kirkkonummi_employment_area"),
    "kirkkonummi": ("kirkkonummi", "kirkkonummi_employment_area"),
}
CASES = [
    (municipality, jobseeker, providers[1] if jobseeker is True else providers[0])
    for municipality, providers in CONTRACT_TABLE.items()
    for jobseeker in (True, False, None)
]


@pytest.fixture(scope="module")
def table(repo_root: Path) -> RuleTable:
    return load_rule_table(repo_root / "data" / "municipalities.yml")


@pytest.mark.parametrize(("municipality", "jobseeker", "expected"), CASES)
def test_every_covered_municipality(
    table: RuleTable, municipality: str, jobseeker: bool | None, expected: str
) -> None:
    assert resolve_provider(municipality, jobseeker, table) == expected


def test_the_table_covers_exactly_the_contract_municipalities(table: RuleTable) -> None:
    assert set(table.routes) == set(CONTRACT_TABLE)


@pytest.mark.parametrize("municipality", ["helsinki", "espoo", "vihti", "sipoo", "tampere"])
@pytest.mark.parametrize("jobseeker", [True, False, None])
def test_uncovered_places_have_no_provider(
    table: RuleTable, municipality: str, jobseeker: bool | None
) -> None:
    assert resolve_provider(municipality, jobseeker, table) is None


@pytest.mark.parametrize("municipality", [None, "", "atlantis"])
def test_unknown_or_missing_place(table: RuleTable, municipality: str | None) -> None:
    assert resolve_provider(municipality, True, table) is None


def test_default_table_is_read_from_the_configured_data(
    monkeypatch: pytest.MonkeyPatch, dataset_dir: Path
) -> None:
    from api.app import config

    monkeypatch.setenv("OPAS_DATA_DIR", str(dataset_dir))
    config.get_settings.cache_clear()
    try:
        assert resolve_provider("askola", None) == "porvoo"
        assert resolve_provider("askola", True) == "porvoo_employment_area"
        assert resolve_provider("loviisa", None) is None  # not in the small data set
    finally:
        config.get_settings.cache_clear()
