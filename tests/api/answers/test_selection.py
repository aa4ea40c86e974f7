"""The answer selection on the real content: which statements answer a message in context.

The classifier's prior is given as the bot would send it; the questions are written for these
tests (never taken from ../shared/eval/).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app.answers.index import ContentIndex
from tests.contract import provider_for


@pytest.fixture(scope="module")
def index(client: TestClient) -> ContentIndex:
    with client.app.state.session_factory() as session:
        return client.app.state.answers.get(session)


def ask(client: TestClient, question: str, language: str, intent: str | None = None, confidence: float = 0.8,
        **fields: Any) -> dict[str, Any]:
    body = {"question": question, "language": language, **fields}
    if intent:
        body["intents"] = [{"name": intent, "confidence": confidence}]
    response = client.post("/v1/answer", json=body)
    assert response.status_code == 200, response.text
    return response.json()


FACTS = [
    ("en", "How many hours does the civic orientation course take?", "ask_civic_orientation",
     "civic-orientation-length"),
    ("fi", "Montako tuntia yhteiskuntaorientaatio kestää?", "ask_civic_orientation", "civic-orientation-length"),
    ("sv", "På vilket språk hålls samhällsorienteringen?", "ask_civic_orientation", "civic-orientation-language"),
    ("ru", "Какой уровень языка нужен в конце интеграционного обучения?", "ask_integration_training",
     "integration-training-what"),
    ("uk", "Хто відповідає за фінальний тест з мови?", "ask_integration_training", "integration-training-final-test"),
    ("ar", "بأي لغة يتم تقييم المهارات؟", "ask_needs_assessment", "needs-assessment-language"),
    ("so", "Sharcigee ayuu barnaamijka is-dhexgalka ku salaysan yahay?", "ask_integration_programme",
     "integration-programme-what"),
    ("fa", "طرح سازگاری اول حداکثر چقدر طول می‌کشد؟", "ask_integration_plan", "integration-plan-length"),
]


@pytest.mark.parametrize(("language", "question", "intent", "statement"), FACTS)
def test_a_fact_question_gets_that_fact_first_and_short(
    client: TestClient, language: str, question: str, intent: str, statement: str
) -> None:
    body = ask(client, question, language, intent)
    assert body["status"] == "answer" and body["statements"][0] == statement, body["statements"]
    assert len(body["text"]) <= 600 and body["sources"]
    assert body["text_language"] == language


def test_the_sources_are_those_of_the_statements_shown(client: TestClient, index: ContentIndex) -> None:
    body = ask(client, "How many hours does the civic orientation course take?", "en", "ask_civic_orientation")
    cited = {s.id for statement in body["statements"] for s in index.statements[statement].sources}
    assert {s["id"] for s in body["sources"]} == cited
    assert "siuntio-programme-2025" not in cited  # only the opening statement cites Siuntio's programme


@pytest.mark.parametrize(("language", "question"), [
    ("en", "Is civic orientation free of charge?"),
    ("fi", "Maksaako yhteiskuntaorientaatio jotain?"),
    ("ru", "Ориентация в обществе бесплатная?"),
    ("ar", "هل التوجيه المجتمعي مجاني؟"),
])
def test_what_the_documents_do_not_say_is_said_and_what_is_known_follows(
    client: TestClient, language: str, question: str
) -> None:
    body = ask(client, question, language, "ask_civic_orientation")
    assert body["status"] == "answer" and body["not_stated"] == "cost"
    assert body["topic"] == "civic_orientation" and body["text"] and len(body["statements"]) == 1


@pytest.mark.parametrize(("language", "question", "expected"), [
    ("en", "in which language is it?", "civic-orientation-language"),
    ("sv", "hur länge håller den på?", "civic-orientation-length"),
    ("uk", "а хто його пропонує?", "civic-orientation-who-offers"),
    ("so", "imisa saacadood ayay socotaa?", "civic-orientation-length"),
])
def test_a_follow_up_is_answered_about_the_conversations_topic(
    client: TestClient, language: str, question: str, expected: str
) -> None:
    context = {"topic": "civic_orientation", "shown": ["civic-orientation-what"]}
    # The classifier may lean to another topic: the conversation's topic still wins a follow-up.
    body = ask(client, question, language, "ask_followup", 0.6, context=context,
               intents=[{"name": "ask_followup", "confidence": 0.6},
                        {"name": "ask_integration_training", "confidence": 0.3}])
    assert (body["topic"], body["statements"][0]) == ("civic_orientation", expected)


def test_a_place_alone_answers_the_pending_question_for_that_place(client: TestClient) -> None:
    body = ask(client, "Lovisa", "sv", "inform", places=["loviisa"], place_only=True,
               context={"pending": "guidance_counselling"})
    assert (body["status"], body["topic"], body["municipality"]) == ("answer", "guidance_counselling", "loviisa")


def test_and_in_another_place_switches_the_place_and_keeps_the_topic(client: TestClient) -> None:
    body = ask(client, "entä Siuntiossa?", "fi", "inform", places=["siuntio"], municipality="pukkila",
               context={"topic": "service_provider", "shown": ["service-provider-bought-from-porvoo"]})
    assert (body["topic"], body["municipality"], body["provider"]) == ("service_provider", "siuntio", "kirkkonummi")
    assert "siuntio-programme-2025" in {s["id"] for s in body["sources"]}


@pytest.mark.parametrize(("places", "municipality", "expected"), [
    (["tampere", "askola"], None, "askola"),       # "we lived in Tampere, now in Askola"
    (["askola", "tampere"], None, "askola"),       # "Askola now, Tampere before"
    (["kirkkonummi"], "siuntio", "siuntio"),       # "do I have to travel to Kirkkonummi?" from Siuntio
    (["pukkila", "porvoo"], None, "pukkila"),      # "I live in Pukkila, do I go to Porvoo?"
])
def test_the_place_someone_lives_in(client: TestClient, places: list[str], municipality: str | None,
                                    expected: str) -> None:
    body = ask(client, "who arranges my integration services?", "en", "ask_service_provider", places=places,
               municipality=municipality)
    assert body["municipality"] == expected


def test_a_correction_replaces_the_place(client: TestClient) -> None:
    body = ask(client, "sorry, I meant Mörskom", "en", "inform", places=["myrskyla"], place_only=True,
               municipality="porvoo", context={"topic": "service_provider"})
    assert (body["municipality"], body["provider"]) == ("myrskyla", "porvoo")


@pytest.mark.parametrize(("language", "question", "place", "jobseeker"), [
    ("en", "We just moved to Loviisa, where do we start?", "loviisa", "unknown"),
    ("fi", "muutin just askolaan mitä mun pitää tehdä", "askola", "unknown"),
    ("ru", "Мы переехали в Сиунтио, с чего начать?", "siuntio", "yes"),
    ("fa", "تازه اومدیم پورفو، قدم اول چیه؟", "porvoo", "no"),
])
def test_first_steps_say_who_serves_and_how_it_begins(
    client: TestClient, index: ContentIndex, language: str, question: str, place: str, jobseeker: str
) -> None:
    body = ask(client, question, language, "ask_first_steps", places=[place], jobseeker=jobseeker)
    assert body["status"] == "answer" and body["first_steps"] is True
    assert (body["topic"], body["municipality"]) == ("service_provider", place)
    assert body["provider"] == provider_for(place, jobseeker)
    topics = [index.statements[s].topic for s in body["statements"]]
    assert topics[:2] == ["service_provider", "needs_assessment"]
    assert len(body["text"]) <= 600


def test_first_steps_without_a_place_ask_for_it_and_remember(client: TestClient) -> None:
    body = ask(client, "I just arrived, what should I do first?", "en", "ask_first_steps")
    assert (body["status"], body["pending"]) == ("needs_municipality", "first_steps")
    assert "porvoo" in body["covered"]
    then = ask(client, "Porvoo", "en", "inform", places=["porvoo"], place_only=True,
               context={"pending": "first_steps"})
    assert then["first_steps"] is True and then["provider"] == "porvoo"


@pytest.mark.parametrize(("language", "question", "subject"), [
    ("en", "Can I get help with finding an apartment?", "housing"),
    ("ar", "أبحث عن شقة في بورفو", "housing"),
    ("fi", "Mistä saan ajan hammaslääkärille?", "health"),
    ("sv", "Hur ansöker jag om barnbidrag från FPA?", "benefits"),
    ("so", "Sidee baan u helaa baasaboor cusub?", "passport_id"),
    ("uk", "Як відкрити рахунок у банку?", "banking"),
    ("fa", "سیم کارت از کجا بخرم؟", "phone"),
    ("ru", "Как получить вид на жительство?", "residence_permit"),
])
def test_out_of_scope_names_the_subject_whatever_the_classifier_says(
    client: TestClient, language: str, question: str, subject: str
) -> None:
    body = ask(client, question, language, "book_appointment", 0.7)
    assert (body["status"], body["subject"]) == ("out_of_scope", subject)


def test_health_care_points_to_the_wellbeing_services_county_of_the_place(client: TestClient) -> None:
    body = ask(client, "I need a doctor, where do I go?", "en", "out_of_scope", places=["porvoo"])
    assert (body["status"], body["subject"]) == ("out_of_scope", "health")
    assert body["statements"] == ["responsibility-split-wellbeing-county-east"]
    assert "ita-uusimaa-board-decisions-2022" in {s["id"] for s in body["sources"]}


def test_a_programme_question_naming_such_a_subject_is_not_out_of_scope(client: TestClient) -> None:
    body = ask(client, "Is there childcare during integration training?", "en", "ask_integration_training")
    assert body["status"] == "answer" and body["not_stated"] == "childcare"


def test_more_shows_the_rest_of_the_topic(client: TestClient) -> None:
    first = ask(client, "What is civic orientation?", "en", "ask_civic_orientation", 0.9)
    assert first["more"] is True
    more = ask(client, "", "en", "ask_more", 1.0, more="civic_orientation", context={"shown": first["statements"]})
    assert more["statements"] and not set(more["statements"]) & set(first["statements"])


def test_an_uncovered_place_named_now_is_out_of_coverage(client: TestClient) -> None:
    body = ask(client, "I live in Espoo, who can help me?", "en", "ask_service_provider", places=["espoo"])
    assert (body["status"], body["municipality"], body["place"]) == ("out_of_coverage", None, "espoo")


def test_nothing_recognisable_is_unclear_or_an_honest_dont_know(client: TestClient) -> None:
    body = ask(client, "qwerty zxcv", "en", "nlu_fallback", 0.2)
    assert body["status"] in ("unclear", "no_answer") and body["text"] is None


@pytest.mark.parametrize(("payload", "status"), [
    ({"question": "x", "language": "de"}, 422),
    ({"question": "x" * 2001, "language": "en"}, 422),
    ({"question": "x", "language": "en", "places": ["Not An Id"]}, 422),
    ({"question": "x", "language": "en", "context": {"topic": "x" * 61}}, 422),
    ({"question": "x", "language": "en", "surprise": 1}, 422),
])
def test_bad_requests_are_refused_clearly(client: TestClient, payload: dict[str, Any], status: int) -> None:
    response = client.post("/v1/answer", json=payload)
    assert response.status_code == status and response.json()["error"]["message"]
