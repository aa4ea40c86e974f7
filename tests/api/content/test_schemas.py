"""The data files' schema rejects what docs/data-format.md does not allow, saying where."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from api.app.content.schemas import read_dataset
from api.app.errors import ContentDataError
from tests.api.dataset import base_dataset, write_dataset


def problems_of(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> list[str]:
    files = base_dataset()
    change(files)
    with pytest.raises(ContentDataError) as raised:
        read_dataset(write_dataset(tmp_path, files))
    return raised.value.problems


def first_statement(files: dict[str, Any]) -> dict[str, Any]:
    return files["answers/service_provider.yml"]["statements"][0]


def test_the_base_data_set_is_valid(dataset_dir: Path) -> None:
    data = read_dataset(dataset_dir)
    assert [t.id for t in data.topics][:2] == ["integration_programme", "service_provider"]
    assert {a.topic for a in data.answers} == {"service_provider", "civic_orientation"}
    askola = data.answers[1].statements[1]  # files are read in name order
    assert askola.when.jobseeker == ["no", "unknown"]


def test_a_topic_title_lacking_a_language(tmp_path: Path) -> None:
    def drop_somali(files: dict[str, Any]) -> None:
        del files["topics.yml"]["topics"][3]["title"]["so"]

    assert problems_of(tmp_path, drop_somali) == [
        "topics.yml: topics.3.title: title lacks language(s): so"
    ]


def test_a_statement_lacking_a_language(tmp_path: Path) -> None:
    def drop_persian(files: dict[str, Any]) -> None:
        del first_statement(files)["text"]["fa"]

    problems = problems_of(tmp_path, drop_persian)
    assert problems == [
        "answers/service_provider.yml: statements.0.text: text lacks language(s): fa"
    ]


def test_an_empty_text(tmp_path: Path) -> None:
    def blank(files: dict[str, Any]) -> None:
        first_statement(files)["text"]["uk"] = "   "

    assert any("statements.0.text.uk" in p for p in problems_of(tmp_path, blank))


def test_a_statement_without_sources(tmp_path: Path) -> None:
    def no_sources(files: dict[str, Any]) -> None:
        first_statement(files)["sources"] = []

    problems = problems_of(tmp_path, no_sources)
    assert len(problems) == 1 and "statements.0.sources" in problems[0]


def test_a_statement_missing_the_sources_key(tmp_path: Path) -> None:
    def no_key(files: dict[str, Any]) -> None:
        del first_statement(files)["sources"]

    assert problems_of(tmp_path, no_key) == [
        "answers/service_provider.yml: statements.0.sources: Field required"
    ]


def test_an_unknown_source_id(tmp_path: Path) -> None:
    def unknown_source(files: dict[str, Any]) -> None:
        first_statement(files)["sources"] = ["lovisa-minutes-2025", "facebook-post-2024"]

    assert problems_of(tmp_path, unknown_source) == [
        "answers/service_provider.yml statement service-provider-porvoo: "
        "unknown source 'facebook-post-2024'"
    ]


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    def extra_key(files: dict[str, Any]) -> None:
        first_statement(files)["comment"] = "remember to check"

    problems = problems_of(tmp_path, extra_key)
    assert problems == [
        "answers/service_provider.yml: statements.0.comment: Extra inputs are not permitted"
    ]


def test_an_unknown_topic_id(tmp_path: Path) -> None:
    def rename(files: dict[str, Any]) -> None:
        files["topics.yml"]["topics"][0]["id"] = "residence_permits"

    problems = problems_of(tmp_path, rename)
    assert any(p.startswith("topics.yml: topics.0.id: unknown topic 'residence_permits'") for p in problems)


def test_a_missing_topic(tmp_path: Path) -> None:
    def drop_contact(files: dict[str, Any]) -> None:
        files["topics.yml"]["topics"] = [
            t for t in files["topics.yml"]["topics"] if t["id"] != "contact"
        ]

    assert problems_of(tmp_path, drop_contact) == ["topics.yml lacks topic(s): contact"]


def test_when_names_an_unknown_municipality(tmp_path: Path) -> None:
    def typo(files: dict[str, Any]) -> None:
        first_statement(files)["when"]["municipalities"] = ["porvo"]

    assert problems_of(tmp_path, typo) == [
        "answers/service_provider.yml statement service-provider-porvoo: "
        "when: unknown municipality 'porvo'"
    ]


def test_an_unknown_jobseeker_status(tmp_path: Path) -> None:
    def maybe(files: dict[str, Any]) -> None:
        first_statement(files)["when"]["jobseeker"] = ["maybe"]

    problems = problems_of(tmp_path, maybe)
    assert len(problems) == 1 and "statements.0.when.jobseeker.0" in problems[0]


def test_bare_yaml_yes_and_no_mean_jobseeker_statuses(tmp_path: Path) -> None:
    files = base_dataset()
    files["answers/civic_orientation.yml"] = """\
topic: civic_orientation
statements:
  - id: civic-orientation-jobseekers
    when: {jobseeker: [yes, no]}
    sources: [act-681-2023]
    valid_from: 2025-01-01
    text: {fi: a, sv: b, en: c, uk: d, ru: e, ar: f, so: g, fa: h}
"""
    del files["questions/civic_orientation.yml"]
    data = read_dataset(write_dataset(tmp_path, files))
    assert data.answers[0].statements[0].when.jobseeker == ["yes", "no"]


def test_duplicate_statement_ids(tmp_path: Path) -> None:
    def duplicate(files: dict[str, Any]) -> None:
        statements = files["answers/service_provider.yml"]["statements"]
        statements[1]["id"] = statements[0]["id"]

    assert problems_of(tmp_path, duplicate) == ["duplicate statement id 'service-provider-porvoo'"]


def test_answers_file_named_after_another_topic(tmp_path: Path) -> None:
    def misplace(files: dict[str, Any]) -> None:
        files["answers/contact.yml"] = files.pop("answers/civic_orientation.yml")

    assert problems_of(tmp_path, misplace) == [
        "answers/contact.yml: topic 'civic_orientation' does not match the file name"
    ]


def test_markup_in_a_text(tmp_path: Path) -> None:
    def markdown(files: dict[str, Any]) -> None:
        first_statement(files)["text"]["en"] = "See **this** [page](https://example.org)."

    problems = problems_of(tmp_path, markdown)
    assert len(problems) == 1 and "text.en looks like HTML or Markdown" in problems[0]


def test_covered_municipality_needs_providers_and_every_name(tmp_path: Path) -> None:
    def incomplete(files: dict[str, Any]) -> None:
        askola = files["municipalities.yml"]["municipalities"][1]
        askola["jobseeker_provider"] = None
        del askola["name"]["ar"]

    problems = problems_of(tmp_path, incomplete)
    assert len(problems) == 1 and "municipalities.1" in problems[0]


def test_a_municipality_with_an_unknown_provider(tmp_path: Path) -> None:
    def unknown(files: dict[str, Any]) -> None:
        files["municipalities.yml"]["municipalities"][1]["integration_provider"] = "sipoo"

    assert problems_of(tmp_path, unknown) == [
        "municipality askola: unknown integration_provider 'sipoo'"
    ]


def test_missing_file_and_broken_yaml(tmp_path: Path) -> None:
    def break_files(files: dict[str, Any]) -> None:
        del files["sources.yml"]
        files["topics.yml"] = "topics: [unclosed"

    problems = problems_of(tmp_path, break_files)
    assert problems[0] == "sources.yml: file missing"
    assert problems[1].startswith("topics.yml: not valid YAML")


def test_cues_need_every_language(tmp_path: Path) -> None:
    def drop_somali(files: dict[str, Any]) -> None:
        del files["question_kinds.yml"]["kinds"][0]["cues"]["so"]

    assert problems_of(tmp_path, drop_somali) == ["question_kinds.yml: kinds.0.cues: cues lacks language(s): so"]


def test_a_referral_must_be_a_statement(tmp_path: Path) -> None:
    def refer_to_nothing(files: dict[str, Any]) -> None:
        files["out_of_scope.yml"]["subjects"][0]["refer_to"] = ["no-such-statement"]

    assert problems_of(tmp_path, refer_to_nothing) == [
        "out_of_scope.yml housing: unknown statement 'no-such-statement'"]


def test_references_of_the_selection_data_are_checked(tmp_path: Path) -> None:
    def break_them(files: dict[str, Any]) -> None:
        files["questions/civic_orientation.yml"]["statements"]["service-provider-porvoo"] = {"en": ["Who?"]}
        files["answers/civic_orientation.yml"]["statements"][0]["answers"] = ["no_such_kind"]

    problems = problems_of(tmp_path, break_them)
    assert "questions/civic_orientation.yml: 'service-provider-porvoo' is not a statement of " \
           "answers/civic_orientation.yml" in problems
    assert "answers/civic_orientation.yml statement civic-orientation-what: answers: unknown question kind " \
           "'no_such_kind'" in problems
