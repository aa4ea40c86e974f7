"""The contact a user books with, as the API takes it: the one parser of `booking_rules.contact`
(shared with the bot's booking form), refusing with InvalidContact; and its masked form."""

from __future__ import annotations

from booking_rules.contact import Contact, parse_contact

from ..errors import InvalidContact

__all__ = ["Contact", "mask_contact", "normalise_contact"]


def normalise_contact(raw: str) -> Contact:
    """The contact ``raw`` names; raises InvalidContact (never echoing the input) otherwise."""
    contact = parse_contact(raw)
    if contact is None:
        raise InvalidContact()
    return contact


def mask_contact(kind: str, value: str | None) -> str | None:
    """Enough of a contact to recognise it ("+35840*****67", "m***@example.fi"), not to use it."""
    if value is None:
        return None
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    return value[:6] + "*" * max(len(value) - 8, 0) + value[-2:]
