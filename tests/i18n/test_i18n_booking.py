"""Booking texts: times in Finnish time formatted by Babel for each locale, names filled in, the
dynamic button sets, and the variants without a place."""

import pytest

from locales import render as render_module
from locales.booking import format_when, question_options, slot_title
from locales.render import render
from locales.response_types import MAX_PAYLOAD_BYTES

WINTER = "2026-12-01T07:00:00Z"  # 9.00 in Helsinki (UTC+2)
SUMMER = "2026-06-02T06:00:00Z"  # 9.00 in Helsinki (UTC+3)
SUMMARY = {"starts_at": WINTER, "mode": "in_person", "place": "Office of the City of Porvoo", "provider": "porvoo",
           "meeting_language": "ar", "interpreter_needed": True, "meeting_topic": "integration_plan",
           "contact": "+358 40 1234567"}


@pytest.fixture
def real_data():
    render_module.reload()  # provider names come from data/municipalities.yml


@pytest.mark.parametrize("moment", [WINTER, SUMMER, "2026-12-01T07:00:00+00:00", "2026-12-01T09:00:00+02:00"])
def test_times_are_shown_in_finnish_time_whatever_the_offset(moment):
    assert slot_title(moment, "fi").endswith(" 9.00")


def test_times_follow_the_locale_as_babel_formats_it():
    assert format_when(WINTER, "fi") == "tiistai 1. joulukuuta 2026 9.00"
    assert slot_title(WINTER, "fi") == "ti 1.12. 9.00"
    assert format_when(WINTER, "sv") == "tisdag 1 december 2026 09:00"
    assert "December 1, 2026" in format_when(WINTER, "en")
    assert "декабря" in format_when(WINTER, "ru") and "грудня" in format_when(WINTER, "uk")
    # Arabic and Persian: month and day names in their script (Babel keeps Latin digits here).
    assert "ديسمبر" in format_when(WINTER, "ar") and "الثلاثاء" in format_when(WINTER, "ar")
    assert "دسامبر" in format_when(WINTER, "fa") and "سه\u200cشنبه" in format_when(WINTER, "fa")
    assert "ديسمبر" in slot_title(WINTER, "ar") and "دسامبر" in slot_title(WINTER, "fa")


def test_a_missing_or_broken_time_is_left_out():
    assert format_when(None, "fi") == "" and format_when("soon", "fi") == ""
    text = render("utter_ask_manage_cancel", "fi", {"starts_at": "soon"})["text"]
    assert "{" not in text


def test_the_summary_in_finnish_and_arabic(real_data):
    finnish = render("utter_ask_booking_confirmed", "fi", SUMMARY)["text"]
    for line in ("Aika: tiistai 1. joulukuuta 2026 9.00", "Tapaaminen: Paikan päällä",
                 "Paikka: Office of the City of Porvoo", "Neuvoja: Porvoon kaupunki", "Kieli: arabia", "Tulkki: Kyllä",
                 "Aihe: Kotoutumissuunnitelma", "Yhteystietosi: +358 40 1234567"):
        assert line in finnish
    arabic = render("utter_ask_booking_confirmed", "ar", SUMMARY)["text"]
    assert "ديسمبر" in arabic and "مدينة بورفو" in arabic and "العربية" in arabic and "نعم" in arabic


def test_without_a_place_the_place_line_is_left_out(real_data):
    by_phone = render("utter_ask_booking_confirmed", "en", {**SUMMARY, "mode": "phone", "place": None})["text"]
    assert "Place:" not in by_phone and "Meeting: By phone" in by_phone
    done = render("utter_booking_done", "en", {"booking_reference": "K7QM4X", "starts_at": WINTER, "mode": "video",
                                               "provider": "loviisa", "calendar_url": "https://x/c.ics?token=a",
                                               "cancel_url": "https://x/cancel?token=b"})["text"]
    assert "K7QM4X" in done and "https://x/c.ics?token=a" in done and "https://x/cancel?token=b" in done
    assert "Place:" not in done and "City of Loviisa" in done


@pytest.mark.parametrize("language, days, expected", [("fi", 90, "90 päivää"), ("fi", 1, "1 päivä"),
                                                      ("ru", 90, "90 дней"), ("ru", 21, "21 день"),
                                                      ("ru", 3, "3 дня"), ("ar", 90, "90 يومًا"),
                                                      ("ar", 2, "يومين"), ("en", 30, "30 days"),
                                                      ("fa", 90, "90 روز"), ("so", 90, "90 maalmood")])
def test_the_privacy_notice_says_how_long_in_the_right_plural(language, days, expected):
    assert expected in render("utter_ask_booking_privacy", language, {"provider": "porvoo",
                                                                       "retention_days": days})["text"]


def test_the_privacy_notice_without_a_retention_time_still_reads_well():
    text = render("utter_ask_booking_privacy", "en", {"provider": "porvoo"})["text"]
    assert "deleted some time after the meeting" in text


def test_meeting_languages_start_with_the_conversation_language():
    payloads = [b["payload"] for b in question_options("utter_ask_booking_language", "so")]
    assert payloads[0] == '/inform{"booking_language":"so"}' and len(payloads) == 8


def test_the_interpreter_question_names_the_language_in_the_conversation_language():
    assert "arabia" in render("utter_ask_booking_interpreter", "fi", {"meeting_language": "ar"})["text"]
    assert "Arabic" in render("utter_ask_booking_interpreter", "en", {"meeting_language": "ar"})["text"]


def test_options_from_an_action_are_buttons_and_bad_ones_are_dropped():
    good = {"title": "ti 1.12. 9.00", "payload": '/inform{"booking_slot":"412"}'}
    too_long = {"title": "x", "payload": "/inform" + '{"booking_slot":"' + "9" * 60 + '"}'}
    result = render("utter_ask_booking_slot", "fi", {"options": [good, too_long, {"title": "", "payload": "/x"}, "x"]})
    assert result["buttons"] == [good]
    # The free-time question's own buttons, as its action makes them: the times, later, stop.
    made = question_options("utter_ask_booking_slot", "fi", {"times": [{"id": 412, "starts_at": WINTER}]})
    assert [b["title"] for b in made] == ["1. ti 1.12. 9.00", "2. Myöhemmät ajat", "3. Lopeta"]  # numbered
    assert all(len(b["payload"].encode()) <= MAX_PAYLOAD_BYTES for b in made)


def test_no_free_times_offers_the_alternatives_given():
    arguments = {"alternatives": ["video", "interpreter", "bogus"], "contact_info": "Ring 044 055 5435."}
    result = render("utter_booking_no_slots", "sv", arguments)
    assert [b["payload"] for b in question_options("utter_booking_no_slots", "sv", arguments)] == [
        '/inform{"booking_mode":"video"}', '/inform{"booking_interpreter":"yes"}', "/stop"]
    assert result["text"].endswith("Ring 044 055 5435.")
    assert not render("utter_booking_no_slots", "sv")["text"].endswith("\n")


def test_meeting_topics_end_with_something_else():
    buttons = question_options("utter_ask_meeting_topic", "fi")
    assert buttons[-1] == {"title": "6. Jokin muu", "payload": '/inform{"meeting_topic":"other"}'}
    assert '/inform{"meeting_topic":"integration_plan"}' in [b["payload"] for b in buttons]
