"""Whole conversations against the running stack, in several languages (CONTRACT.md §2, §5)."""
from __future__ import annotations

from tests.e2e.conftest import opas, text_of


def test_every_turn_carries_the_contract_object(stack, sender):
    o = opas(stack.say(sender, "hei"))
    assert set(o) >= {"kind", "topic", "language", "municipality", "provider", "sources", "fallback_language"}
    assert o["kind"] == "smalltalk" and o["language"] == "fi"


def test_clarify_then_answer_for_the_named_place(stack, sender):
    first = opas(stack.say(sender, "who arranges integration services for me?"))
    assert first["kind"] == "clarify" and first["language"] == "en"
    reply = stack.say(sender, "I live in Askola")
    o = opas(reply)
    assert o["kind"] == "answer" and o["topic"] == "service_provider"
    assert o["municipality"] == "askola" and o["provider"] == "porvoo"
    assert "lovisa-minutes-2025" in {s["id"] for s in o["sources"]}
    assert "Porvoo" in text_of(reply)


def test_pressing_a_municipality_button_answers_the_pending_question(stack, sender):
    messages = stack.say(sender, "vem ordnar integrationstjänsterna för mig?")
    assert opas(messages)["kind"] == "clarify"
    payloads = [b["payload"] for m in messages for b in m.get("buttons") or []]
    siuntio = next(p for p in payloads if '"siuntio"' in p)
    o = opas(stack.say(sender, siuntio))
    assert o["kind"] == "answer" and o["municipality"] == "siuntio" and o["provider"] == "kirkkonummi"
    assert o["language"] == "sv"


def test_jobseekers_are_routed_to_the_employment_authority(stack, sender):
    o = opas(stack.say(sender, "olen työtön työnhakija ja asun Loviisassa. kuka järjestää kotoutumispalveluni?"))
    assert o["kind"] == "answer" and o["municipality"] == "loviisa"
    assert o["provider"] == "porvoo_employment_area"


def test_an_uncovered_place_is_out_of_coverage(stack, sender):
    o = opas(stack.say(sender, "я живу в Тампере, кто поможет с интеграцией?"))
    assert o["kind"] == "out_of_coverage" and o["municipality"] is None and o["language"] == "ru"


def test_questions_beyond_the_content_get_no_made_up_answer(stack, sender):
    o = opas(stack.say(sender, "what's the weather like in Porvoo tomorrow?"))
    assert o["kind"] == "fallback"


def test_language_switch_on_request_and_stickiness(stack, sender):
    assert opas(stack.say(sender, "hejsan"))["language"] == "sv"
    switched = opas(stack.say(sender, "kan du svara på engelska?"))
    assert switched["kind"] == "language" and switched["language"] == "en"
    # A place name alone never switches the language.
    o = opas(stack.say(sender, "Borgå"))
    assert o["language"] == "en" and o["municipality"] == "porvoo"


def test_the_pending_question_survives_a_language_switch(stack, sender):
    assert opas(stack.say(sender, "кто у нас организует услуги по интеграции?"))["kind"] == "clarify"
    assert opas(stack.say(sender, "відповідай українською"))["language"] == "uk"
    o = opas(stack.say(sender, "Ловійса"))
    assert o["kind"] == "answer" and o["municipality"] == "loviisa" and o["language"] == "uk"


def test_the_client_picker_sets_the_language(stack, sender):
    o = opas(stack.say(sender, "hello", metadata={"language": "so"}))
    assert o["language"] == "so"


def test_arabic_contact_answer_names_the_coordinator(stack, sender):
    reply = stack.say(sender, "بدي رقم تلفون منسق المهاجرين في لوفيسا")
    o = opas(reply)
    assert o["kind"] == "answer" and o["topic"] == "contact" and o["language"] == "ar"
    assert "044 055 5435" in text_of(reply)


def test_booking_request_is_a_booking_turn(stack, sender):
    o = opas(stack.say(sender, "haluan varata ajan neuvojalle"))
    assert o["kind"] == "booking" and o["topic"] == "booking"
