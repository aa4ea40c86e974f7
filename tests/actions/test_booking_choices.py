"""Typed choices on the real option lists the questions show, in all eight languages: the button's
number or title, its place ("the first one", "toinen", "второй", "الأول"), and for a free time
its day, date or time ("Tuesday at 10", "ti klo 10", "9.12. klo 10", "Dec 9 at 10", "9.12 10:00")."""
from __future__ import annotations

import pytest

from actions.booking.choices import typed_choice
from actions.booking.reading import normalise
from locales.booking import question_options
from locales.languages import SUPPORTED

# Free times in Finnish time: Tue 8.12. 9.00 and 14.00, Wed 9.12. 10.00 and 10.30, Fri 11.12. 9.00.
OFFERS = [{"id": 11, "starts_at": "2026-12-08T07:00:00Z"}, {"id": 12, "starts_at": "2026-12-08T12:00:00Z"},
          {"id": 13, "starts_at": "2026-12-09T08:00:00Z"}, {"id": 14, "starts_at": "2026-12-09T08:30:00Z"},
          {"id": 15, "starts_at": "2026-12-11T07:00:00Z"}]


class Typed:
    """A typed message as the forms read it (reading.Turn)."""

    def __init__(self, text: str) -> None:
        from actions.booking.reading import Turn

        self.turn = Turn(text, normalise(text), "nlu_fallback", 0.5, {}, text.startswith("/"))


def chosen_time(text: str, language: str) -> int | None:
    options = question_options("utter_ask_booking_slot", language, {"times": OFFERS})
    payload = typed_choice(Typed(text).turn, options, OFFERS)
    if payload is None:
        return None
    slot = payload.partition('"booking_slot":"')[2].rstrip('"}')
    return int(slot) if slot else payload  # type: ignore[return-value]


@pytest.mark.parametrize("language", SUPPORTED)
def test_the_buttons_are_numbered_and_the_number_or_the_title_presses_one(language):
    options = question_options("utter_ask_booking_slot", language, {"times": OFFERS})
    assert [option["title"].split(". ", 1)[0] for option in options] == [str(n) for n in range(1, 8)]
    assert chosen_time("2", language) == 12
    assert chosen_time(options[1]["title"], language) == 12  # the whole title, number and all
    assert chosen_time(options[1]["title"].split(". ", 1)[1], language) == 12  # the title as the time reads
    assert chosen_time("6", language) == '/inform{"booking_change":"later"}'


@pytest.mark.parametrize("language, typed, slot", [
    ("fi", "toinen", 12), ("fi", "eka", 11), ("fi", "se viimeinen", 15), ("fi", "kolmas", 13),
    ("sv", "den andra", 12), ("sv", "första", 11), ("sv", "den sista", 15),
    ("en", "the first one", 11), ("en", "the 2nd one please", 12), ("en", "the last one", 15),
    ("uk", "перший", 11), ("uk", "друга", 12), ("uk", "останній", 15),
    ("ru", "второй", 12), ("ru", "давайте первое", 11), ("ru", "последний", 15),
    ("ar", "الأول", 11), ("ar", "الثاني", 12), ("ar", "الأخير", 15),
    ("so", "kan labaad", 12), ("so", "kowaad", 11), ("so", "kan ugu dambeeya", 15),
    ("fa", "دومی", 12), ("fa", "اولی", 11), ("fa", "آخری", 15),
])
def test_naming_the_place_of_an_option(language, typed, slot):
    assert chosen_time(typed, language) == slot


@pytest.mark.parametrize("language, typed, slot", [
    ("fi", "ti klo 14", 12), ("fi", "9.12. klo 10", 13), ("fi", "keskiviikkona 10.30", 14),
    ("fi", "perjantaina", 15), ("fi", "tiistaina kello 2", 12),
    ("sv", "tisdag kl 14", 12), ("sv", "9 december kl 10", 13), ("sv", "fredag", 15),
    ("en", "Tuesday at 2pm", 12), ("en", "Dec 9 at 10", 13), ("en", "9.12 10:00", 13),
    ("en", "December 9th at 10.30", 14), ("en", "Friday", 15),
    ("uk", "у вівторок о 14", 12), ("uk", "9 грудня о 10:30", 14), ("uk", "п'ятниця", 15),
    ("ru", "во вторник в 14", 12), ("ru", "9 декабря в 10", 13), ("ru", "в пятницу", 15),
    ("ar", "الثلاثاء الساعة 14", 12), ("ar", "9 ديسمبر الساعة 10", 13), ("ar", "الجمعة", 15),
    ("so", "Talaado saacadda 14", 12), ("so", "Jimco", 15), ("so", "9 Diseembar saacadda 10", 13),
    ("fa", "سه‌شنبه ساعت ۱۴", 12), ("fa", "سه شنبه ساعت 14", 12), ("fa", "۹ دسامبر ساعت ۱۰", 13),
    ("fa", "جمعه", 15),
])
def test_naming_the_day_date_or_time_of_a_free_time(language, typed, slot):
    assert chosen_time(typed, language) == slot


@pytest.mark.parametrize("typed", ["Tuesday", "tiistaina", "klo 11", "maanantaina", "شنبه", "9.30", "13.12. klo 9"])
def test_a_day_or_time_that_fits_no_single_offer_chooses_nothing(typed):
    assert chosen_time(typed, "fi") is None  # the form says: choose one, or type its number


def test_a_change_is_no_choice():
    # "toinen aika" is another time (the form shows later ones), not the second time.
    assert chosen_time("toinen aika", "fi") is None
    assert chosen_time("vill ha en annan tid", "sv") is None


@pytest.mark.parametrize("language", SUPPORTED)
def test_places_work_on_the_other_questions_too(language):
    modes = question_options("utter_ask_booking_mode", language)
    first = {"fi": "ensimmäinen", "sv": "första", "en": "the first one", "uk": "перший", "ru": "первый",
             "ar": "الأول", "so": "kowaad", "fa": "اولی"}[language]
    assert typed_choice(Typed(first).turn, modes) == '/inform{"booking_mode":"in_person"}'
    summary = question_options("utter_ask_booking_confirmed", language)
    # At the summary only one option answers (the others change or stop): "the first one" is no yes.
    assert typed_choice(Typed(first).turn, summary) is None


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_question_makes_its_buttons_in_every_language(language):
    from locales.booking_responses import QUESTION_BUTTONS

    for response, spec in QUESTION_BUTTONS.items():
        assert isinstance(spec, tuple), response
        options = question_options(response, language, {"times": OFFERS, "alternatives": ["video", "interpreter"],
                                                         "municipalities": ["porvoo", "siuntio"]})
        assert options and all(o["title"] and o["payload"].startswith("/") for o in options), response
        if len(options) > 1:  # numbered when there is a choice
            assert [o["title"].split(". ", 1)[0] for o in options] == [str(n) for n in range(1, len(options) + 1)]
