"""The real programme data in data/: valid, and complete where CONTRACT.md says."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.app.content.schemas import REQUIRED_LANGUAGES, TOPIC_IDS, DataSet, read_dataset
from api.app.errors import ContentDataError
from tests.contract import COVERAGE

CONTRACT_SOURCES = {"lovisa-minutes-2025", "siuntio-programme-2025", "act-681-2023"}


@pytest.fixture(scope="module")
def data(repo_root: Path) -> DataSet:
    try:
        return read_dataset(repo_root / "data")
    except ContentDataError as error:
        pytest.fail(error.message, pytrace=False)


def test_the_data_files_are_valid(data: DataSet) -> None:
    assert data.sources and data.municipalities and data.answers


def test_every_topic_has_answers(data: DataSet) -> None:
    assert sorted(a.topic for a in data.answers) == sorted(TOPIC_IDS)


def test_every_statement_in_every_language(data: DataSet) -> None:
    for answers in data.answers:
        for statement in answers.statements:
            assert set(statement.text) == set(REQUIRED_LANGUAGES), statement.id


def test_coverage_is_the_contracts(data: DataSet) -> None:
    covered = {m.id: m.coverage for m in data.municipalities if m.coverage != "none"}
    assert covered == COVERAGE


def test_every_finnish_municipality_is_listed(data: DataSet) -> None:
    ids = {m.id for m in data.municipalities}
    assert len(ids) >= 300
    assert {"helsinki", "espoo", "vihti", "sipoo", "tampere", "vantaa", "turku"} <= ids


def test_the_contract_sources_and_seeds(data: DataSet) -> None:
    sources = {s.id: s for s in data.sources}
    assert set(sources) >= CONTRACT_SOURCES
    assert sources["lovisa-minutes-2025"].seed == "000_d5a8406d8870acba.txt"
    assert sources["siuntio-programme-2025"].seed == "004_d86f4797d6f7f5f6.txt"


def test_every_source_is_cited(data: DataSet) -> None:
    cited = {s for a in data.answers for st in a.statements for s in st.sources}
    cited |= {s for m in data.municipalities for s in m.sources}
    cited |= {s for p in data.providers for s in p.sources}
    assert sorted({s.id for s in data.sources} - cited) == []


def test_statements_name_only_covered_municipalities(data: DataSet) -> None:
    """A statement for a place Opas does not cover could never be shown."""
    for answers in data.answers:
        for statement in answers.statements:
            for place in statement.when.municipalities or ():
                assert place in COVERAGE, (statement.id, place)
