"""The schema of the programme data files in ``data/`` (docs/data-format.md).

Strict on purpose: an unknown key, a missing language, a statement without a source or a reference
to an unknown id is an error, reported with the file and the place in it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from locales.languages import SUPPORTED
from locales.topics import TOPICS

from ..errors import ContentDataError

#: The topics of CONTRACT.md §3, in its order.
TOPIC_IDS: tuple[str, ...] = TOPICS
#: Every statement, topic title and covered municipality has these: the registry's languages.
REQUIRED_LANGUAGES: tuple[str, ...] = SUPPORTED
#: The language translations are made from: a change to it makes the others outdated.
SOURCE_LANGUAGE = "fi"

JobseekerStatus = Literal["yes", "no", "unknown"]
Coverage = Literal["full", "partial", "none"]



def _known_topic(value: str) -> str:
    if value not in TOPIC_IDS:
        raise ValueError(f"unknown topic {value!r}; the topics are {', '.join(TOPIC_IDS)}")
    return value


TopicId = Annotated[str, AfterValidator(_known_topic)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
StatementId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120)]
PlaceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$", max_length=60)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
KindId = Annotated[str, StringConstraints(pattern=r"^[a-z]+(_[a-z]+)*$", max_length=40)]

# HTML tags, Markdown emphasis and links; chat clients would show them as they are.
_MARKUP = re.compile(r"<[a-zA-Z/!]|\*\*|\]\(")


def _yaml_boolean_as_status(value: Any) -> Any:
    # YAML 1.1 reads a bare `yes`/`no` as a boolean.
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _require_languages(value: dict[str, Any], what: str) -> dict[str, Any]:
    missing = [code for code in REQUIRED_LANGUAGES if code not in value]
    if missing:
        raise ValueError(f"{what} lacks language(s): {', '.join(missing)}")
    return value


def _check_known_languages(value: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(value) - set(REQUIRED_LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language(s): {', '.join(unknown)}")
    return value


#: Cue phrases in every language (question kinds, out-of-scope subjects): matched at word starts.
Cues = Annotated[
    dict[LanguageCode, list[Text]],
    AfterValidator(lambda value: _check_known_languages(_require_languages(value, "cues"))),
]


class Source(_Strict):
    id: SourceId
    title: Text
    publisher: Text
    date: dt.date | None = Field(description="The document's own date; null when it gives none.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    language: LanguageCode
    seed: Text | None = None
    #: The title in the languages of Opas (faithful translations of ``title``), for readers.
    titles: dict[LanguageCode, Text] = Field(default_factory=dict)

    @field_validator("titles")
    @classmethod
    def _title_languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_known_languages(value)


class Topic(_Strict):
    id: TopicId
    needs_municipality: bool
    states_provider: bool
    title: dict[LanguageCode, Text]
    keywords: dict[LanguageCode, list[Text]] = Field(default_factory=dict)

    @field_validator("title")
    @classmethod
    def _all_languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_known_languages(_require_languages(value, "title"))

    @field_validator("keywords")
    @classmethod
    def _keyword_languages(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return _check_known_languages(value)


class Provider(_Strict):
    id: PlaceId
    kind: Literal["municipality", "employment_authority"]
    name: dict[LanguageCode, Text]
    sources: list[SourceId] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _all_languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_known_languages(_require_languages(value, "name"))


class Municipality(_Strict):
    id: PlaceId
    coverage: Coverage
    name: dict[LanguageCode, Text]
    forms: list[Text] = Field(default_factory=list)
    integration_provider: PlaceId | None = None
    jobseeker_provider: PlaceId | None = None
    employment_area: PlaceId | None = None
    sources: list[SourceId] = Field(default_factory=list)

    @model_validator(mode="after")
    def _covered_ones_are_complete(self) -> Municipality:
        _check_known_languages(self.name)
        if "fi" not in self.name or "sv" not in self.name:
            raise ValueError("name needs at least fi and sv")
        if self.coverage != "none":
            _require_languages(self.name, "name of a covered municipality")
            missing = [
                key
                for key in ("integration_provider", "jobseeker_provider")
                if getattr(self, key) is None
            ]
            if missing:
                raise ValueError(f"a covered municipality needs {', '.join(missing)}")
            if not self.sources:
                raise ValueError("a covered municipality needs its sources")
        return self


class MunicipalitiesFile(_Strict):
    providers: list[Provider] = Field(min_length=1)
    municipalities: list[Municipality] = Field(min_length=1)


class When(_Strict):
    municipalities: list[PlaceId] | None = Field(None, min_length=1)
    jobseeker: list[Annotated[JobseekerStatus, BeforeValidator(_yaml_boolean_as_status)]] | None = (
        Field(None, min_length=1)
    )
    municipality_known: bool | None = None

    @model_validator(mode="after")
    def _consistent(self) -> When:
        if self.municipalities and self.municipality_known is False:
            raise ValueError("municipalities given but municipality_known is false")
        return self


class Citation(_Strict):
    """A source with the place in it where the statement's fact is (a section, a page)."""

    source: SourceId
    section: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Statement(_Strict):
    id: StatementId
    when: When = Field(default_factory=When)
    #: The kinds of question (question_kinds.yml) this statement answers: "duration", "cost", ...
    answers: list[KindId] = Field(default_factory=list)
    #: Source ids, or {source, section} where the place in the document is known.
    sources: list[SourceId | Citation] = Field(min_length=1)
    valid_from: dt.date
    #: The last day the statement is valid (the end of a programme period); then the bot says the
    #: information is being updated.
    valid_until: dt.date | None = None
    #: Languages whose text was made from an older Finnish text (written by the content export).
    outdated: list[LanguageCode] = Field(default_factory=list)
    #: Languages without a text yet (written by the content export); every other one is required.
    missing: list[LanguageCode] = Field(default_factory=list)
    text: dict[LanguageCode, Text]

    @field_validator("text")
    @classmethod
    def _all_languages_plain_text(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        missing = dict.fromkeys(info.data.get("missing") or (), "")
        _check_known_languages(value)
        _require_languages({**value, **missing}, "text")
        for code, text in value.items():
            if _MARKUP.search(text):
                raise ValueError(f"text.{code} looks like HTML or Markdown; write plain text")
        return value

    @model_validator(mode="after")
    def _languages(self) -> Statement:
        if SOURCE_LANGUAGE not in self.text:
            raise ValueError(f"text needs the source language ({SOURCE_LANGUAGE})")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

    @property
    def citations(self) -> list[Citation]:
        """The sources as citations (a bare id: no section), each source once."""
        seen: dict[str, Citation] = {}
        for item in self.sources:
            citation = Citation.model_construct(source=item, section=None) if isinstance(item, str) else item
            seen.setdefault(citation.source, citation)
        return list(seen.values())

    @property
    def source_ids(self) -> list[str]:
        return [c.source for c in self.citations]

    @field_validator("when", mode="before")
    @classmethod
    def _empty_when(cls, value: Any) -> Any:
        return {} if value is None else value


class AnswersFile(_Strict):
    topic: TopicId
    statements: list[Statement] = Field(min_length=1)


class QuestionsFile(_Strict):
    """``data/questions/<topic>.yml``: example questions per statement, for answer selection."""

    topic: TopicId
    statements: dict[StatementId, dict[LanguageCode, list[Text]]]

    @field_validator("statements")
    @classmethod
    def _languages(cls, value: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
        for questions in value.values():
            _check_known_languages(questions)
        return value


class QuestionKind(_Strict):
    id: KindId
    #: Whether a question of this kind that no statement answers is told so in one sentence.
    states_absence: bool
    cues: Cues


class QuestionKindsFile(_Strict):
    kinds: list[QuestionKind] = Field(min_length=1)


class OutOfScopeSubject(_Strict):
    id: KindId
    #: Statements that say where such questions go (shown with their sources), best first.
    refer_to: list[StatementId] = Field(default_factory=list)
    cues: Cues


class OutOfScopeFile(_Strict):
    programme_terms: Cues
    subjects: list[OutOfScopeSubject] = Field(min_length=1)


class SourcesFile(_Strict):
    sources: list[Source] = Field(min_length=1)


class TopicsFile(_Strict):
    topics: list[Topic]


class DataSet(_Strict):
    """All of ``data/``, with the references between files checked."""

    sources: list[Source]
    topics: list[Topic]
    providers: list[Provider]
    municipalities: list[Municipality]
    answers: list[AnswersFile]
    questions: list[QuestionsFile] = Field(default_factory=list)
    question_kinds: QuestionKindsFile
    out_of_scope: OutOfScopeFile

    @model_validator(mode="after")
    def _references(self) -> DataSet:
        problems: list[str] = []
        source_ids = _unique("source", [s.id for s in self.sources], problems)
        topic_ids = _unique("topic", [t.id for t in self.topics], problems)
        missing_topics = [t for t in TOPIC_IDS if t not in topic_ids]
        if missing_topics:
            problems.append(f"topics.yml lacks topic(s): {', '.join(missing_topics)}")
        provider_ids = _unique("provider", [p.id for p in self.providers], problems)
        municipality_ids = _unique("municipality", [m.id for m in self.municipalities], problems)
        _unique("answers file topic", [a.topic for a in self.answers], problems)
        _unique("statement", [s.id for a in self.answers for s in a.statements], problems)

        def check_sources(where: str, ids: list[str]) -> None:
            for source_id in ids:
                if source_id not in source_ids:
                    problems.append(f"{where}: unknown source {source_id!r}")

        for provider in self.providers:
            check_sources(f"provider {provider.id}", provider.sources)
        for municipality in self.municipalities:
            check_sources(f"municipality {municipality.id}", municipality.sources)
            for key in ("integration_provider", "jobseeker_provider", "employment_area"):
                ref = getattr(municipality, key)
                if ref is not None and ref not in provider_ids:
                    problems.append(f"municipality {municipality.id}: unknown {key} {ref!r}")
        kind_ids = _unique("question kind", [k.id for k in self.question_kinds.kinds], problems)
        statement_topics = {s.id: a.topic for a in self.answers for s in a.statements}
        for answers in self.answers:
            for statement in answers.statements:
                where = f"answers/{answers.topic}.yml statement {statement.id}"
                check_sources(where, statement.source_ids)
                for ref in statement.when.municipalities or ():
                    if ref not in municipality_ids:
                        problems.append(f"{where}: when: unknown municipality {ref!r}")
                for kind in statement.answers:
                    if kind not in kind_ids:
                        problems.append(f"{where}: answers: unknown question kind {kind!r}")
        _unique("questions file topic", [q.topic for q in self.questions], problems)
        for questions in self.questions:
            for statement_id in questions.statements:
                if statement_topics.get(statement_id) != questions.topic:
                    problems.append(
                        f"questions/{questions.topic}.yml: {statement_id!r} is not a statement "
                        f"of answers/{questions.topic}.yml"
                    )
        _unique("out-of-scope subject", [s.id for s in self.out_of_scope.subjects], problems)
        for subject in self.out_of_scope.subjects:
            for ref in subject.refer_to:
                if ref not in statement_topics:
                    problems.append(f"out_of_scope.yml {subject.id}: unknown statement {ref!r}")
        if problems:
            # Not a ValueError: pydantic lets it through with every problem listed as it is.
            raise ContentDataError(problems)
        return self


def _unique(what: str, ids: list[str], problems: list[str]) -> set[str]:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            problems.append(f"duplicate {what} id {item!r}")
        seen.add(item)
    return seen


def _problems(file_name: str, error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"{file_name}: {where}: {message}" if where else f"{file_name}: {message}")
    return problems


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            content = yaml.safe_load(handle)
    except FileNotFoundError:
        problems.append(f"{path.name}: file missing")
        return None
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {error}")
        return None
    if not isinstance(content, dict):
        problems.append(f"{path.name}: expected a mapping at the top")
        return None
    return content


def _parse(model: type[_Strict], name: str, content: Any, problems: list[str]) -> Any:
    if content is None:
        return None
    try:
        return model.model_validate(content)
    except ValidationError as error:
        problems.extend(_problems(name, error))
        return None


def read_dataset(data_dir: Path) -> DataSet:
    """Reads and checks every file of ``data_dir``; raises ContentDataError with every problem."""
    problems: list[str] = []
    sources = _parse(
        SourcesFile, "sources.yml", _read_yaml(data_dir / "sources.yml", problems), problems
    )
    topics = _parse(
        TopicsFile, "topics.yml", _read_yaml(data_dir / "topics.yml", problems), problems
    )
    places = _parse(
        MunicipalitiesFile,
        "municipalities.yml",
        _read_yaml(data_dir / "municipalities.yml", problems),
        problems,
    )
    answers = _per_topic(AnswersFile, data_dir / "answers", "answers", problems)
    questions = _per_topic(QuestionsFile, data_dir / "questions", "questions", problems)
    kinds = _parse(
        QuestionKindsFile,
        "question_kinds.yml",
        _read_yaml(data_dir / "question_kinds.yml", problems),
        problems,
    )
    out_of_scope = _parse(
        OutOfScopeFile, "out_of_scope.yml", _read_yaml(data_dir / "out_of_scope.yml", problems), problems
    )
    if problems:
        raise ContentDataError(problems)
    return DataSet(
        sources=sources.sources,
        topics=topics.topics,
        providers=places.providers,
        municipalities=places.municipalities,
        answers=answers,
        questions=questions,
        question_kinds=kinds,
        out_of_scope=out_of_scope,
    )


def _per_topic(model: type[_Strict], folder: Path, what: str, problems: list[str]) -> list[Any]:
    """The files ``folder/<topic>.yml``, each checked to be about the topic of its name."""
    parsed_files = []
    for path in sorted(folder.glob("*.yml")):
        name = f"{what}/{path.name}"
        parsed = _parse(model, name, _read_yaml(path, problems), problems)
        if parsed is not None and parsed.topic != path.stem:
            problems.append(f"{name}: topic {parsed.topic!r} does not match the file name")
        elif parsed is not None:
            parsed_files.append(parsed)
    return parsed_files
