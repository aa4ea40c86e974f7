"""The booking forms' words come from the lexicons (`booking:` in bot/lexicon/<lang>.yml), in every
language, and are read the way the forms read messages."""
from __future__ import annotations

import pytest

from actions.booking import words
from actions.booking.reading import contains_any, normalise
from locales.languages import SUPPORTED
from locales.lexicon import read_lexicons

TABLES = {"stop": words.STOP, "change": words.CHANGE, "yes": words.YES, "no": words.NO,
          **{f"fields.{slot}": table for slot, table in words.FIELDS.items()},
          **{f"modes.{mode}": table for mode, table in words.MODES.items()}}


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_language_has_every_booking_list(language):
    for name, table in TABLES.items():
        entries = table.get(language)
        assert entries, f"{language}: booking {name} is empty"
        # An unquoted yes/no/on/off is read by YAML as a boolean, not as the word.
        assert all(isinstance(entry, str) and entry.strip() for entry in entries), (language, name, entries)


def test_the_lists_name_every_changeable_answer_and_mode():
    assert set(words.FIELDS) == {"booking_contact", "booking_interpreter", "booking_language", "booking_mode",
                                 "meeting_topic", "booking_municipality", "booking_slot"}
    assert next(iter(words.FIELDS)) == "booking_contact"  # "phone number" is a contact before it is a mode
    assert set(words.MODES) == {"in_person", "phone", "video"}


def test_the_forms_and_the_nlu_read_one_lexicon():
    assert words.STOP["fi"] == read_lexicons()["fi"]["booking"]["stop"]
    assert read_lexicons() is read_lexicons()  # read once per process


@pytest.mark.parametrize("typed, table", [("peruuta", words.STOP), ("بسه", words.STOP), ("إلغاء", words.STOP),
                                          ("Per telefon", words.MODES["phone"]), ("نعم", words.YES)])
def test_words_match_whole_words_of_the_normalised_message(typed, table):
    assert contains_any(normalise(typed), table)
    assert not contains_any(normalise("eilen"), words.NO)  # "ei" is no, not the start of "eilen"


@pytest.mark.parametrize("typed", ["کنسل", "كنسل", "بی‌خیال", "بيخيال", "بی خیال"])
def test_persian_and_arabic_letter_variants_read_alike(typed):
    # One normaliser (placenames.normalize) folds the letters one way for the words and the message.
    assert contains_any(normalise(typed), words.STOP)


def test_the_booking_normaliser_is_the_place_normaliser_without_punctuation():
    from placenames.normalize import normalize

    assert normalise("Täällä: Lapinjärvi, ti 1.12. klo 9.00!") == "taalla lapinjarvi ti 1 12 klo 9 00"
    assert normalise("یه وقت دیگه") == normalize("یه وقت دیگه")


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_language_names_places_days_months_and_times(language):
    assert set(words.ORDINALS) == {1, 2, 3, 4, 5, "last"}
    assert set(words.WEEKDAYS) == {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    assert set(words.MONTHS) == set(range(1, 13))
    for name, tables in (("ordinals", words.ORDINALS), ("weekdays", words.WEEKDAYS), ("months", words.MONTHS)):
        for key, table in tables.items():
            assert table.get(language), f"{language}: booking {name} {key} is empty"
    assert words.TIME_WORDS.get(language), f"{language}: booking time_words is empty"


def test_no_word_names_two_places_or_two_days():
    for tables in (words.ORDINALS, words.WEEKDAYS, words.MONTHS):
        seen: dict[str, object] = {}
        for key, table in tables.items():
            for word in {normalise(w.rstrip("$")) for listed in table.values() for w in listed}:
                assert seen.setdefault(word, key) == key, (word, key, seen[word])
