"""The spaCy municipality extractor: every script, case form and spelling, mapped to ids."""
from __future__ import annotations

import pytest
from components.municipalities import MunicipalityExtractor
from rasa.shared.nlu.training_data.message import Message


@pytest.fixture(scope="module")
def extractor():
    return MunicipalityExtractor({})


def places(extractor, text):
    return [e["value"] for e in extractor.extract(text) if e["entity"] == "municipality"]


@pytest.mark.parametrize("text, expected", [
    ("asun Porvoossa", "porvoo"),
    ("muutin Loviisaan viime kuussa", "loviisa"),
    ("mä asun lapinjarvella", "lapinjarvi"),
    ("Lapinjärvellä", "lapinjarvi"),
    ("asumme Kirkkonummella", "kirkkonummi"),
    ("olen Siuntiosta", "siuntio"),
    ("jag bor i Borgå", "porvoo"),
    ("Sjundeå", "siuntio"),
    ("sjundea", "siuntio"),
    ("Mörskom", "myrskyla"),
    ("i live in myrskyla", "myrskyla"),
    ("Lappträsk", "lapinjarvi"),
    ("мы живём в Порвоо", "porvoo"),
    ("живу в Ловийсе", "loviisa"),
    ("у Ловійсі", "loviisa"),
    ("Лапін'ярві", "lapinjarvi"),
    ("Сиунтио", "siuntio"),
    ("ساكن بسيونتيو", "siuntio"),
    ("انا بسكن في أسكولا", "askola"),
    ("تو سیونتیو زندگی میکنم", "siuntio"),
    ("Pukkila ayaan deggannahay", "pukkila"),
])
def test_covered_places_in_every_form(extractor, text, expected):
    assert places(extractor, text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("mun osoite on espoossa", "espoo"),
    ("jag har flyttat till Sibbo", "sipoo"),
    ("i live in turku", "turku"),
    ("я живу в Тампере", "tampere"),
    ("عايش بتامبيري", "tampere"),
    ("Helsingissä", "helsinki"),
    ("jag bor i Vanda", "vantaa"),
    ("vi flyttade till Ingå", "inkoo"),
])
def test_uncovered_places_are_recognised_with_their_own_ids(extractor, text, expected):
    assert places(extractor, text) == [expected]


@pytest.mark.parametrize("text", ["hei", "ok", "kotoutumiskoulutus", "integration plan", "سلام", "привет",
                                  "vart ska jag vända mig", "jag har inga papper"])
def test_no_place_no_entity(extractor, text):
    assert places(extractor, text) == []


def test_offsets_point_at_the_users_own_text(extractor):
    text = "Asun nyt LAPINJÄRVELLÄ, kiitos"
    [entity] = [e for e in extractor.extract(text) if e["entity"] == "municipality"]
    assert text[entity["start"]:entity["end"]] == "LAPINJÄRVELLÄ"


def test_the_last_place_named_comes_last(extractor):
    assert places(extractor, "muutin Porvoosta Espooseen") == ["porvoo", "espoo"]


@pytest.mark.parametrize("text, status", [
    ("olen työtön työnhakija", "yes"),
    ("jag är arbetssökande", "yes"),
    ("I'm registered as an unemployed jobseeker", "yes"),
    ("я не ищу работу", "no"),
    ("aniga shaqo ma raadiyo", "no"),
    ("جویای کار هستم", "yes"),
    ("mikä on kotoutumissuunnitelma", None),
])
def test_jobseeker_status(extractor, text, status):
    found = [e["value"] for e in extractor.extract(text) if e["entity"] == "jobseeker"]
    assert found == ([status] if status else [])


def test_process_adds_entities_to_the_message(extractor):
    message = Message(data={"text": "asun Askolassa"})
    extractor.process([message])
    assert [e["value"] for e in message.get("entities")] == ["askola"]
    assert message.get("entities")[0]["extractor"] == "MunicipalityExtractor"
