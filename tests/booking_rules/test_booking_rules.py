"""The one contact parser and the one reference format, shared by the bot and the API."""
from __future__ import annotations

import pytest

from booking_rules.contact import Contact, display_contact, find_contact, parse_contact
from booking_rules.reference import ALPHABET, LENGTH, find_reference, new_reference, normalise_reference


@pytest.mark.parametrize("text, kind, value", [
    ("040 123 4567", "phone", "+358401234567"),
    ("+358 40 123 4567", "phone", "+358401234567"),
    ("(09) 310 1691", "phone", "+35893101691"),
    ("+46 70 123 45 67", "phone", "+46701234567"),
    ("Matti.Meikalainen@Example.FI", "email", "matti.meikalainen@example.fi"),
    ("a+tag@sub.example.co.uk", "email", "a+tag@sub.example.co.uk"),
])
def test_a_field_and_a_sentence_give_the_same_contact(text, kind, value):
    assert parse_contact(text) == Contact(kind, value)
    assert find_contact(f"my contact is {text}, thanks.") == Contact(kind, value)


@pytest.mark.parametrize("text", ["12345", "040", "matti@", "matti@example", "two@at@example.fi",
                                  "matti @example.fi", "a,b@example.fi", "x" * 250 + "@example.fi", ""])
def test_what_is_no_contact(text):
    assert parse_contact(text) is None


def test_a_sentence_without_a_contact_and_the_display_form():
    assert find_contact("I do not have one") is None
    assert find_contact("call me at 12345") is None
    assert parse_contact("040 123 4567").display == "+358 40 1234567"
    assert display_contact("matti@example.fi") == "matti@example.fi" and display_contact(None) == ""


def test_references():
    code = new_reference()
    assert len(code) == LENGTH == 6 and set(code) <= set(ALPHABET)
    assert not set("0O1I") & set(ALPHABET)
    assert normalise_reference(" k7q-m4x ") == "K7QM4X"
    assert find_reference("cancel my appointment k7q-m4x") == "K7QM4X"
    assert find_reference("cancel my booking please") is None  # "cancel" is no code
    assert find_reference("qwerty") is None and find_reference("qwerty", lenient=True) == "QWERTY"
    assert find_reference("cancel ABC123") is None  # 1 is not in the alphabet
