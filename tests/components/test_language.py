"""Language detection on single messages (the slot's stickiness is tested with the actions)."""
from __future__ import annotations

import pytest
from components.language import LanguageDetector, detect, without_borrowed_words
from components.municipalities import MunicipalityExtractor
from rasa.shared.nlu.training_data.message import Message


@pytest.mark.parametrize("text, expected", [
    ("hei", "fi"), ("heippa", "fi"), ("hejsan", "sv"), ("hey", "en"), ("hi", "en"),
    ("iska warran", "so"), ("привет", "ru"), ("добрий день", "uk"), ("вітаю", "uk"),
    ("مرحبا", "ar"), ("سلام وقت بخیر", "fa"),
    ("kuka järjestää kotoutumispalvelut minulle", "fi"),
    ("vem ordnar integrationstjänsterna för mig", "sv"),
    ("who organises the integration services for me", "en"),
    ("хто організовує послуги з інтеграції для мене", "uk"),
    ("кто организует услуги по интеграции для меня", "ru"),
    ("من يقدم خدمات الاندماج في منطقتي", "ar"),
    ("چه کسی خدمات سازگاری را برای من ارائه می‌دهد", "fa"),
    ("yaa bixiya adeegyada is-dhexgalka", "so"),
    ("I live in", "en"), ("we live in", "en"),
])
def test_detects_the_language(text, expected):
    assert detect(text)["language"] == expected


def test_nothing_left_means_no_language():
    assert detect("")["language"] is None
    assert detect(without_borrowed_words("044 055 5435 x@y.fi", []))["language"] is None


@pytest.fixture(scope="module")
def pipeline():
    return MunicipalityExtractor({}), LanguageDetector({})


def annotate(pipeline, text):
    message = Message(data={"text": text})
    for component in pipeline:
        component.process([message])
    return message


def test_place_names_do_not_count_as_language(pipeline):
    message = annotate(pipeline, "Lovisa")
    assert message.get("language_detection")["language"] is None


def test_explicit_request_is_annotated(pipeline):
    message = annotate(pipeline, "kan du svara på finska?")
    assert [e["value"] for e in message.get("entities") if e["entity"] == "requested_language"] == ["fi"]
    assert message.get("language_detection")["request"] is True


def test_the_first_language_named_is_the_one_asked_for(pipeline):
    message = annotate(pipeline, "could you answer me in russian, my english is not so good")
    [entity] = [e for e in message.get("entities") if e["entity"] == "requested_language"]
    assert entity["value"] == "ru"
    assert message.get("text")[entity["start"]:entity["end"]].lower() == "russian"


def test_payloads_are_left_alone(pipeline):
    message = annotate(pipeline, '/inform{"municipality":"loviisa"}')
    assert message.get("language_detection") is None


@pytest.mark.parametrize("text, expected", [
    ("do I have to take the test at the end of kotoutumiskoulutus?", "en"),
    ("what does alkukartoitus mean for me and who does it?", "en"),
    ("Что такое työvoimakoulutus и кто его оплачивает?", "ru"),
    ("ما معنى hyvinvointialue في رسالتي؟", "ar"),
    ("Mitä siellä tehdään, kun menen civic orientation -kurssille?", "fi"),
])
def test_borrowed_programme_terms_are_no_evidence_of_their_language(pipeline, text, expected):
    assert annotate(pipeline, text).get("language_detection")["language"] == expected


@pytest.mark.parametrize("text", [
    "<div class=\"chat\"><p>Hej</p></div>",
    "https://www.kotoutuminen.fi/sv/integrationsprogrammet",
    "`svara`",
])
def test_markup_code_and_addresses_are_no_evidence(pipeline, text):
    detection = annotate(pipeline, text).get("language_detection")
    assert detection["language"] is None or detection["words"] <= 1


@pytest.mark.parametrize("text", [
    "Могу ли я изучать финский язык?",
    "أين أدرس اللغة السويدية؟",
    "Де я можу вивчати шведську мову?",
    "can I study Finnish somewhere in Porvoo?",
    "mistä löydän ruotsin kurssin?",
])
def test_a_question_about_learning_a_language_is_no_request_to_switch(pipeline, text):
    message = annotate(pipeline, text)
    assert [e for e in message.get("entities") or [] if e["entity"] == "requested_language"] == []
    assert message.get("language_detection")["request"] is False
