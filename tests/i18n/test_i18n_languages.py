import pytest
from babel import Locale

from locales.languages import (
    CONTENT_FALLBACKS,
    DEFAULT,
    SUPPORTED,
    language_name,
    menu_title,
    native_name,
    negotiate,
    text_direction,
)

REQUIRED = ["fi", "sv", "en", "uk", "ru", "ar", "so", "fa"]


def test_required_languages_are_supported():
    assert set(REQUIRED) <= set(SUPPORTED)
    assert DEFAULT == "fi"
    assert set(CONTENT_FALLBACKS) <= set(SUPPORTED)


@pytest.mark.parametrize("code", SUPPORTED)
def test_names_and_direction_come_from_cldr(code):
    locale = Locale.parse(code)
    assert native_name(code) == locale.display_name
    assert menu_title(code)[1:] == locale.display_name[1:]
    assert text_direction(code) == locale.text_direction


def test_right_to_left_languages():
    assert {code for code in SUPPORTED if text_direction(code) == "rtl"} >= {"ar", "fa"}
    assert text_direction("ar") == "rtl" and text_direction("fa") == "rtl"
    assert text_direction("fi") == "ltr" and text_direction("so") == "ltr"


def test_language_names_in_another_language():
    assert language_name("so", "en") == "Somali"
    assert language_name("en", "fi") == "englanti"
    assert language_name("fi", "sv") == "finska"
    assert language_name("ar", "ar") == native_name("ar")


def test_unsupported_language_is_refused():
    with pytest.raises(ValueError):
        native_name("de")
    with pytest.raises(ValueError):
        text_direction("xx")


@pytest.mark.parametrize(
    "preferred, expected",
    [
        ("ar,en;q=0.5", "ar"),
        ("de", "fi"),
        ("de-DE,de;q=0.9,sv;q=0.8", "sv"),
        ("en-US,en;q=0.9", "en"),
        ("en;q=0.2, ru;q=0.9", "ru"),
        ("en;q=0, so", "so"),
        ("FA-IR", "fa"),
        ("sv_FI", "sv"),
        ("*", "fi"),
        ("", "fi"),
        (None, "fi"),
        (["uk-UA", "en"], "uk"),
        (["de", "fr"], "fi"),
    ],
)
def test_negotiate(preferred, expected):
    assert negotiate(preferred) == expected


def test_negotiate_with_another_default():
    assert negotiate("de", default="en") == "en"
