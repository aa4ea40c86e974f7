"""data/questions/<topic>.yml: example questions for every statement, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

MIN_QUESTIONS, MAX_QUESTIONS = 3, 5


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _languages(repo_root: Path) -> list[str]:
    return list(_load(repo_root / "locales" / "languages.yml")["languages"])


def _topics(repo_root: Path) -> list[str]:
    return sorted(path.stem for path in (repo_root / "data" / "answers").glob("*.yml"))


def _statement_ids(repo_root: Path, topic: str) -> list[str]:
    return [item["id"] for item in _load(repo_root / "data" / "answers" / f"{topic}.yml")["statements"]]


def test_one_questions_file_per_topic(repo_root: Path) -> None:
    files = sorted(path.stem for path in (repo_root / "data" / "questions").glob("*.yml"))
    assert files == _topics(repo_root)


@pytest.mark.parametrize("topic", _topics(Path(__file__).resolve().parents[2]))
def test_every_statement_has_questions_in_every_language(repo_root: Path, topic: str) -> None:
    data = _load(repo_root / "data" / "questions" / f"{topic}.yml")
    assert set(data) == {"topic", "statements"}
    assert data["topic"] == topic
    expected = _statement_ids(repo_root, topic)
    statements = data["statements"]
    assert sorted(statements) == sorted(expected), "statement ids differ from data/answers"
    languages = _languages(repo_root)
    problems = []
    for statement_id, per_language in statements.items():
        if sorted(per_language) != sorted(languages):
            problems.append(f"{statement_id}: languages {sorted(per_language)}")
            continue
        for language in languages:
            questions = per_language[language]
            where = f"{statement_id} [{language}]"
            if not isinstance(questions, list) or not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
                problems.append(f"{where}: {MIN_QUESTIONS} to {MAX_QUESTIONS} questions wanted")
                continue
            if not all(isinstance(q, str) and q.strip() for q in questions):
                problems.append(f"{where}: an empty or non-string question")
            elif len({q.strip().casefold() for q in questions}) != len(questions):
                problems.append(f"{where}: a question repeats")
    assert not problems, "\n".join(problems)


def test_no_question_is_shared_by_two_statements(repo_root: Path) -> None:
    seen: dict[tuple[str, str], str] = {}
    clashes = []
    for path in sorted((repo_root / "data" / "questions").glob("*.yml")):
        data = _load(path)
        for statement_id, per_language in data["statements"].items():
            for language, questions in per_language.items():
                for question in questions:
                    key = (language, question.strip().casefold())
                    if key in seen and seen[key] != statement_id:
                        clashes.append(f"{language}: {question!r} in {seen[key]} and {statement_id}")
                    seen.setdefault(key, statement_id)
    assert not clashes, "\n".join(clashes)
