"""A small, valid programme data set (docs/data-format.md) to build test variants from.

Tests change one thing in it (a missing language, an unknown source, ...) and write it to a
temporary folder. The real data in data/ is tested by tests/data/.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from api.app.content.schemas import REQUIRED_LANGUAGES as LANGUAGES
from api.app.content.schemas import TOPIC_IDS as TOPICS


def in_all_languages(text: str) -> dict[str, str]:
    return {code: f"[{code}] {text}" for code in LANGUAGES}


def base_dataset() -> dict[str, Any]:
    """{file name: content} of a valid data set: three municipalities, two answer files."""
    sources = {
        "sources": [
            {
                "id": "lovisa-minutes-2025",
                "title": "Integrationsprogrammet för Borgå sysselsättningsområde 2025-2026",
                "publisher": "Lovisa stad",
                "date": "2025-05-21",
                "url": None,
                "language": "sv",
                "seed": "000_d5a8406d8870acba.txt",
            },
            {
                "id": "act-681-2023",
                "title": "Act on the Promotion of Integration 681/2023",
                "publisher": "Finlex",
                "date": "2023-04-01",
                "url": "https://www.finlex.fi/fi/laki/alkup/2023/20230681",
                "language": "fi",
            },
        ]
    }
    topics = {
        "topics": [
            {
                "id": topic,
                "needs_municipality": topic == "service_provider",
                "states_provider": topic == "service_provider",
                "title": in_all_languages(topic.replace("_", " ")),
            }
            for topic in TOPICS
        ]
    }
    topics["topics"][5]["keywords"] = {"fi": ["yhteiskuntaorientaatio"]}
    places = {
        "providers": [
            {
                "id": "porvoo",
                "kind": "municipality",
                "name": in_all_languages("City of Porvoo"),
                "sources": ["lovisa-minutes-2025"],
            },
            {
                "id": "porvoo_employment_area",
                "kind": "employment_authority",
                "name": in_all_languages("Porvoo employment area"),
                "sources": ["lovisa-minutes-2025"],
            },
        ],
        "municipalities": [
            {
                "id": municipality,
                "coverage": "full",
                "name": {code: f"{municipality.title()}-{code}" for code in LANGUAGES},
                "forms": [f"{municipality.title()}ssa"],
                "integration_provider": "porvoo",
                "jobseeker_provider": "porvoo_employment_area",
                "employment_area": "porvoo_employment_area",
                "sources": ["lovisa-minutes-2025"],
            }
            for municipality in ("porvoo", "askola")
        ]
        + [{"id": "helsinki", "coverage": "none", "name": {"fi": "Helsinki", "sv": "Helsingfors"}}],
    }
    service_provider = {
        "topic": "service_provider",
        "statements": [
            {
                "id": "service-provider-porvoo",
                "when": {"municipalities": ["porvoo"]},
                "sources": ["lovisa-minutes-2025"],
                "valid_from": "2025-01-01",
                "text": in_all_languages("Porvoo provides its own services."),
            },
            {
                "id": "service-provider-askola",
                "when": {"municipalities": ["askola"], "jobseeker": ["no", "unknown"]},
                "sources": ["lovisa-minutes-2025", "act-681-2023"],
                "valid_from": "2025-03-12",
                "text": in_all_languages("Askola buys the services from Porvoo."),
            },
            {
                "id": "service-provider-jobseekers",
                "when": {"jobseeker": ["yes"], "municipality_known": True},
                "sources": ["act-681-2023", "lovisa-minutes-2025"],
                "valid_from": "2025-01-01",
                "text": in_all_languages("Jobseekers are served by the employment area."),
            },
        ],
    }
    civic_orientation = {
        "topic": "civic_orientation",
        "statements": [
            {
                "id": "civic-orientation-what",
                "sources": ["act-681-2023"],
                "valid_from": "2025-01-01",
                "text": in_all_languages("Civic orientation tells about Finnish society."),
            }
        ],
    }
    civic_orientation["statements"][0]["answers"] = ["content"]
    civic_orientation["statements"].append({
        "id": "civic-orientation-length",
        "answers": ["duration"],
        "sources": ["act-681-2023"],
        "valid_from": "2025-01-01",
        "text": in_all_languages("The course is about 70 hours."),
    })
    kinds = {
        "kinds": [
            {"id": "duration", "states_absence": True,
             "cues": {code: ["how long", "how many hours"] for code in LANGUAGES}},
            {"id": "cost", "states_absence": True, "cues": {code: ["cost", "free$"] for code in LANGUAGES}},
            {"id": "content", "states_absence": False, "cues": {code: ["what happens"] for code in LANGUAGES}},
        ]
    }
    out_of_scope = {
        "programme_terms": {code: ["integration"] for code in LANGUAGES},
        "subjects": [
            {"id": "housing", "cues": {code: ["apartment", "housing"] for code in LANGUAGES}},
            {"id": "health", "refer_to": ["service-provider-porvoo"],
             "cues": {code: ["doctor"] for code in LANGUAGES}},
        ],
    }
    questions = {
        "topic": "civic_orientation",
        "statements": {"civic-orientation-length": {"en": ["How long does the civic orientation course last?"]}},
    }
    return {
        "sources.yml": sources,
        "topics.yml": topics,
        "municipalities.yml": places,
        "answers/service_provider.yml": service_provider,
        "answers/civic_orientation.yml": civic_orientation,
        "questions/civic_orientation.yml": questions,
        "question_kinds.yml": kinds,
        "out_of_scope.yml": out_of_scope,
    }


def write_dataset(directory: Path, files: dict[str, Any] | None = None) -> Path:
    """Writes ``files`` (default: a copy of the base data set) as YAML under ``directory``."""
    files = copy.deepcopy(base_dataset() if files is None else files)
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    return directory
