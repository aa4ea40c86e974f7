"""Language detection on single messages (the slot's stickiness is tested with the actions)."""
from __future__ import annotations

import pytest
from components.language import LanguageDetector, detect, strip_entities
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
    assert detect(strip_entities("044 055 5435 x@y.fi", []))["language"] is None


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
