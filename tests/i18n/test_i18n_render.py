import json
import time

import pytest

from locales import catalogs
from locales import render as render_module
from locales.booking import question_options
from locales.languages import SUPPORTED, language_name, menu_title
from locales.render import render
from locales.response_types import MAX_PAYLOAD_BYTES
from locales.responses import DONT_KNOW, RESPONSES
from tests.contract import COVERED as COVERED_IDS

ANSWER = "Civic orientation is a course about life and society in Finland."
ARGUMENTS = {
    "utter_answer": {"answer": ANSWER},
    "utter_out_of_coverage": {"place": "Helsinki"},
    "utter_suggestions": {"topics": ["civic_orientation", "integration_plan"]},
}
# What Rasa adds to the arguments of a response an action sends (the SDK's own message fields).
SDK_FIELDS = {
    "text": None,
    "buttons": [],
    "elements": [],
    "custom": {},
    "template": "x",
    "response": "x",
    "image": None,
    "attachment": None,
}

CASES = [(name, language) for name in sorted(RESPONSES) for language in SUPPORTED]


def assert_well_formed(result: dict) -> None:
    assert set(result) <= {"text", "buttons"}
    text = result["text"]
    assert text and text == text.strip()
    assert "{" not in text and "}" not in text, text
    assert "  " not in text
    if "buttons" in result:
        assert result["buttons"], "an empty button list is left out"
        for button in result["buttons"]:
            assert set(button) == {"title", "payload"}
            assert button["title"].strip()
            assert button["payload"].startswith("/")
            assert len(button["payload"].encode("utf-8")) <= MAX_PAYLOAD_BYTES


@pytest.mark.parametrize("name, language", CASES)
def test_every_response_renders_in_every_language(name, language):
    assert_well_formed(render(name, language, {**SDK_FIELDS, **ARGUMENTS.get(name, {})}))


@pytest.mark.parametrize("name, language", CASES)
def test_every_response_renders_without_arguments(name, language):
    assert_well_formed(render(name, language))
    assert_well_formed(render(name, language, {}))


@pytest.mark.parametrize(
    "name, language", [(n, lang) for n, lang in CASES if lang != "en" and n != "utter_answer"]
)
def test_texts_are_translated(name, language):
    arguments = ARGUMENTS.get(name, {})
    assert render(name, language, arguments)["text"] != render(name, "en", arguments)["text"]


def test_unsupported_language_and_unknown_response():
    with pytest.raises(ValueError):
        render("utter_greet", "de")
    with pytest.raises(KeyError):
        render("utter_nonexistent", "fi")


def test_greeting_offers_topic_menu():
    result = render("utter_greet", "fi")
    assert "Opas" in result["text"]
    payloads = [button["payload"] for button in result["buttons"]]
    assert "/ask_civic_orientation" in payloads
    assert "/book_appointment" in payloads
    titles = [button["title"] for button in result["buttons"]]
    assert "Yhteiskuntaorientaatio" in titles


def test_answer_is_passed_through():
    assert render("utter_answer", "fi", {"answer": ANSWER}) == {"text": ANSWER}


def test_answer_with_braces_is_left_alone():
    text = "Text with {braces} inside."
    assert render("utter_answer", "sv", {"answer": text})["text"] == text


def test_answer_missing_says_so():
    assert render("utter_answer", "en")["text"] == DONT_KNOW


def test_answer_in_fallback_language_is_framed_in_the_conversation_language():
    text = render("utter_answer", "en", {"answer": ANSWER, "fallback_language": "fi"})["text"]
    assert (
        text == f"This answer is not yet available in English. Here it is in Finnish.\n\n{ANSWER}"
    )
    somali = render("utter_answer", "so", {"answer": ANSWER, "fallback_language": "en"})["text"]
    assert somali.endswith("\n\n" + ANSWER)
    assert language_name("so", "so") in somali and language_name("en", "so") in somali
    # A fallback_language equal to the conversation language is no fallback.
    assert (
        render("utter_answer", "en", {"answer": ANSWER, "fallback_language": "en"})["text"]
        == ANSWER
    )


def test_outdated_answer_has_a_note():
    text = render(
        "utter_answer", "en", {"answer": ANSWER, "outdated": True, "source_language": "fi"}
    )["text"]
    assert text == f"A newer version of this text exists in Finnish.\n\n{ANSWER}"
    text = render("utter_answer", "en", {"answer": ANSWER, "outdated": True})["text"]
    assert text.startswith("A newer version of this text exists in another language.")
    assert render("utter_answer", "en", {"answer": ANSWER, "outdated": False})["text"] == ANSWER


COVERED = {"municipalities": sorted(COVERED_IDS)}  # as the API's answer lists them


def test_out_of_coverage_names_the_covered_municipalities_in_the_language():
    finnish = render("utter_out_of_coverage", "fi", {"place": "Helsinki", **COVERED})
    assert "Askola, Kirkkonummi, Lapinjärvi, Loviisa, Myrskylä, Porvoo, Pukkila ja Siuntio" in finnish["text"]
    assert "Helsinki" in finnish["text"]
    swedish = render("utter_out_of_coverage", "sv", {"place": "Helsingfors", **COVERED})["text"]
    assert "Lappträsk" in swedish and "Sjundeå" in swedish and "Helsingfors" in swedish
    assert "Порвоо" in render("utter_out_of_coverage", "ru", {"place": "Хельсинки", **COVERED})["text"]


def test_the_covered_municipalities_come_from_the_api_when_it_gives_them():
    rendered = render("utter_out_of_coverage", "en", {"place": "Espoo", "municipalities": ["siuntio", "askola"]})
    assert "Askola and Siuntio" in rendered["text"]
    assert [b["payload"] for b in rendered["buttons"]] == ['/inform{"municipality":"askola"}',
                                                           '/inform{"municipality":"siuntio"}']


def test_without_the_apis_list_no_place_is_offered_and_the_text_says_it_in_words():
    rendered = render("utter_out_of_coverage", "en", {"place": "Espoo"})
    assert "buttons" not in rendered
    assert "the municipalities of the Porvoo employment area and Siuntio" in rendered["text"]


def test_out_of_coverage_without_place():
    text = render("utter_out_of_coverage", "en")["text"]
    assert "Your municipality is not one of them." in text


def test_municipality_buttons_are_the_covered_ones():
    result = render("utter_ask_municipality", "sv", COVERED)
    payloads = {button["payload"] for button in result["buttons"]}
    assert '/inform{"municipality":"pukkila"}' in payloads
    assert '/inform{"municipality":"kirkkonummi"}' in payloads
    assert not any("helsinki" in payload or "sipoo" in payload for payload in payloads)
    assert len(payloads) == 8
    titles = {button["title"] for button in result["buttons"]}
    assert {"Borgå", "Lovisa", "Kyrkslätt"} <= titles


def test_municipality_title_falls_back_when_a_language_lacks_the_name():
    titles = {b["payload"]: b["title"] for b in render("utter_ask_municipality", "so", COVERED)["buttons"]}
    assert titles['/inform{"municipality":"lapinjarvi"}'] == "Lapinjärvi"  # no Somali name: English


def test_suggestions():
    result = render("utter_suggestions", "en", {"topics": ["civic_orientation", "booking"]})
    assert result["text"] == "I am not sure what you mean. Is it one of these topics?"
    assert result["buttons"] == [
        {"title": "Civic orientation", "payload": "/ask_civic_orientation"},
        {"title": "Book an appointment", "payload": "/book_appointment"},
        {"title": "None of these", "payload": "/out_of_scope"},
    ]
    single = render("utter_suggestions", "en", {"topics": ["integration_plan"]})
    assert single["text"] == "I am not sure what you mean. Is it this topic?"


def test_suggestions_ignore_malformed_topics():
    result = render("utter_suggestions", "en", {"topics": ["integration_plan", "../x", 3, "A"]})
    assert [b["payload"] for b in result["buttons"]] == ["/ask_integration_plan", "/out_of_scope"]


def test_suggestions_topic_titles_fall_back_to_english():
    result = render("utter_suggestions", "ar", {"topics": ["integration_plan"]})
    assert result["buttons"][0]["title"] == "Integration plan"


@pytest.mark.parametrize(
    "count, expected",
    [
        (1, "Вас интересует эта тема?"),
        (2, "Вот 2 темы,"),
        (3, "Вот 3 темы,"),
        (5, "Вот 5 тем,"),
        (11, "Вот 11 тем,"),
    ],
)
def test_russian_plural_forms(count, expected):
    topics = [
        "integration_plan",
        "civic_orientation",
        "integration_training",
        "other_training",
        "contact",
        "booking",
        "needs_assessment",
        "service_provider",
        "guidance_counselling",
        "integration_programme",
        "responsibility_split",
    ][:count]
    result = render("utter_suggestions", "ru", {"topics": topics})
    assert expected in result["text"]
    assert len(result["buttons"]) == count + 1


def test_arabic_dual():
    assert (
        "هذين الموضوعين"
        in render("utter_suggestions", "ar", {"topics": ["booking", "contact"]})["text"]
    )
    assert "هذا الموضوع" in render("utter_suggestions", "ar", {"topics": ["booking"]})["text"]


def test_language_menu_lists_every_language_by_its_own_name():
    buttons = render("utter_language_menu", "fi")["buttons"]
    assert [b["title"] for b in buttons] == [menu_title(code) for code in SUPPORTED]
    assert [json.loads(b["payload"][len("/change_language") :]) for b in buttons] == [
        {"requested_language": code} for code in SUPPORTED
    ]
    assert buttons[1] == {
        "title": "Svenska",
        "payload": '/change_language{"requested_language":"sv"}',
    }


def test_language_changed():
    assert (
        render("utter_language_changed", "en")["text"]
        == "OK, I will answer in English from now on."
    )
    assert "svenska" in render("utter_language_changed", "sv")["text"]
    assert "العربية" in render("utter_language_changed", "ar")["text"]


def test_fixed_buttons():
    assert render("utter_default", "en")["buttons"] == [
        {"title": "Book an appointment with an advisor", "payload": "/book_appointment"}
    ]
    assert render("utter_booking_failed", "fi")["buttons"] == [
        {"title": "Yritä uudelleen", "payload": "/book_appointment"}
    ]
    # A booking question's buttons are made by its action and passed as argument options.
    assert [b["payload"] for b in question_options("utter_ask_booking_privacy", "sv")] == [
        '/inform{"booking_privacy":"yes"}',
        '/inform{"booking_privacy":"no"}',
    ]
    assert "buttons" not in render("utter_thank", "fi")


def test_results_are_independent_copies():
    first = render("utter_ask_municipality", "fi", COVERED)
    first["buttons"][0]["title"] = "changed"
    first["buttons"].clear()
    assert render("utter_ask_municipality", "fi", COVERED)["buttons"][0]["title"] != "changed"


def test_missing_programme_data_still_renders(tmp_path):
    render_module.reload(tmp_path)
    text = render("utter_out_of_coverage", "en", {"place": "Espoo"})["text"]
    assert "the municipalities of the Porvoo employment area and Siuntio" in text
    assert "buttons" not in render("utter_ask_municipality", "en")
    assert (
        render("utter_greet", "en")["buttons"][0]["title"] == "Integration programme"
    )  # humanised id


def test_broken_translation_falls_back_to_english(monkeypatch):
    class Broken:
        def gettext(self, message):
            return "{oops" if "{" in message else message

        def ngettext(self, singular, plural, n):
            return singular if n == 1 else plural

    monkeypatch.setitem(catalogs._translations, "fi", Broken())
    render_module._covered.cache_clear()
    text = render("utter_out_of_coverage", "fi", {"place": "Espoo"})["text"]
    assert text.startswith("Opas covers the integration services of") and "Espoo" in text


def test_render_is_fast():
    arguments = {"topics": ["civic_orientation", "integration_plan"]}
    for language in SUPPORTED:  # warm up
        render("utter_suggestions", language, arguments)
        render("utter_out_of_coverage", language, {"place": "Espoo"})
    rounds = 2000
    started = time.perf_counter()
    for index in range(rounds):
        language = SUPPORTED[index % len(SUPPORTED)]
        render("utter_suggestions", language, arguments)
        render("utter_out_of_coverage", language, {"place": "Espoo"})
    per_render = (time.perf_counter() - started) / (2 * rounds)
    assert per_render < 0.0002, f"{per_render * 1000:.3f} ms per render"
