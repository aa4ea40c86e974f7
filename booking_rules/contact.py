"""The contact a user books with: a phone number (Finnish, or international with +) or an e-mail
address, normalised (E.164, casefolded address), so that "040 123 4567" given at booking and
"+358401234567" given when cancelling are the same contact.

`parse_contact` reads a field that holds one contact (the API's requests); `find_contact` finds one
in a sentence ("my number is 040 123 4567, thanks"), with the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "FI"
MAX_LENGTH = 254
# Deliberately loose (one @, a dot in the domain, no spaces or list punctuation): the address is
# for a human to use, and the strict RFC grammar would refuse addresses people really have.
_EMAIL = re.compile(r"[^@\s,;:<>()\[\]]{1,64}@[^@\s.,;:<>()\[\]]+(?:\.[^@\s.,;:<>()\[\]]+)+")
# Something in a sentence that may be a phone number: digits, spaces, hyphens, brackets, dots.
_PHONE_IN_TEXT = re.compile(r"\+?\d[\d \-()/.]{5,20}\d")


@dataclass(frozen=True)
class Contact:
    kind: str  # "phone" or "email"
    value: str  # normalised: E.164, or the casefolded address

    @property
    def display(self) -> str:
        """How the user reads it back (+358 40 1234567)."""
        return display_contact(self.value)


def _phone(text: str) -> Contact | None:
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return Contact("phone", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def parse_contact(text: str) -> Contact | None:
    """The contact a whole text is, or None."""
    text = (text or "").strip()
    if "@" in text:
        if len(text) > MAX_LENGTH or not _EMAIL.fullmatch(text):
            return None
        return Contact("email", text.casefold())
    return _phone(text)


def find_contact(text: str) -> Contact | None:
    """The first e-mail address, else the first valid phone number, in a sentence; None if none."""
    email = _EMAIL.search(text or "")
    if email:
        return parse_contact(email.group(0).rstrip("."))
    for candidate in _PHONE_IN_TEXT.findall(text or ""):
        found = _phone(candidate)
        if found:
            return found
    return None


def display_contact(value: str | None) -> str:
    """A stored contact as the user reads it back: a phone number grouped, an address as is."""
    if not value or "@" in value:
        return value or ""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
