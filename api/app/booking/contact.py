"""The contact a user books with: a phone number (Finnish or international) or an e-mail address.

Stored normalised (E.164, casefolded e-mail), so that "040 123 4567" given at booking and
"+358401234567" given when cancelling are the same contact.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import phonenumbers

from ..errors import InvalidContact

DEFAULT_REGION = "FI"
# Deliberately loose (one @, a dot in the domain, no spaces): the address is for a human to use,
# and the strict RFC grammar would refuse addresses people really have.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")


class Contact(NamedTuple):
    kind: str  # "phone" or "email"
    value: str


def normalise_contact(raw: str) -> Contact:
    """The contact ``raw`` names; raises InvalidContact (never echoing the input) otherwise."""
    text = raw.strip()
    if "@" in text:
        if len(text) > 254 or not _EMAIL.match(text):
            raise InvalidContact()
        return Contact("email", text.casefold())
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidContact() from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidContact()
    return Contact("phone", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def mask_contact(kind: str, value: str | None) -> str | None:
    """Enough of a contact to recognise it ("+35840*****67", "m***@example.fi"), not to use it."""
    if value is None:
        return None
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    return value[:6] + "*" * max(len(value) - 8, 0) + value[-2:]
