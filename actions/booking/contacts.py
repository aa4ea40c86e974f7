"""Contacts and booking references in what the user typed."""
from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

_EMAIL = re.compile(r"[^@\s,;:<>()\[\]]{1,64}@[^@\s.,;:<>()\[\]]+(?:\.[^@\s.,;:<>()\[\]]+)+")
_PHONE = re.compile(r"\+?\d[\d \-()/.]{5,20}\d")


@dataclass(frozen=True)
class Contact:
    kind: str  # "phone" or "email"
    value: str  # what the API gets: E.164 or the address
    display: str  # what the user is shown


def find_contact(text: str) -> Contact | None:
    """A phone number (Finnish, or international with +) or an e-mail address in the text.

    The same rules as the API (phonenumbers, Finland as the default region), so that what passes
    here is not refused there; the rest of the text (a name, "my number is") is ignored.
    """
    email = _EMAIL.search(text or "")
    if email:
        address = email.group(0).strip(".")
        return Contact("email", address, address)
    for candidate in _PHONE.findall(text or ""):
        try:
            number = phonenumbers.parse(candidate, "FI")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return Contact("phone", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                           phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    return None


def contact_display(value: str | None) -> str:
    """A stored contact as the user reads it back (+358 40 1234567)."""
    if not value or "@" in value:
        return value or ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(value, "FI"),
                                          phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return value


REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # docs/booking.md: no 0/O/1/I
_REFERENCE = re.compile(r"(?<![\w-])([0-9A-Za-z]{3}[- ]?[0-9A-Za-z]{3})(?![\w-])")


def find_reference(text: str, lenient: bool = False) -> str | None:
    """A booking reference in the text ("K7QM4X", "k7q-m4x"), upper-cased and without separators.

    Within a sentence a candidate must contain a digit or be written in capitals, so that words
    like "cancel" are not taken for codes; `lenient` (the answer to "what is your reference?")
    accepts any six characters of the alphabet.
    """
    for match in _REFERENCE.finditer(text or ""):
        raw = match.group(1)
        code = re.sub(r"[- ]", "", raw).upper()
        if len(code) != 6 or any(char not in REFERENCE_ALPHABET for char in code):
            continue
        if lenient or any(char.isdigit() for char in code) or raw.replace("-", "").replace(" ", "").isupper():
            return code
    return None
