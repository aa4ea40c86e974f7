"""A booking reference: six characters without 0/O and 1/I (it is read aloud, typed on phones and
copied from paper), written as the user likes ("k7q-m4x" = "K7QM4X")."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 6
_SEPARATORS = re.compile(r"[\s-]+")
_CANDIDATE = re.compile(r"(?<![\w-])([0-9A-Za-z]{3}[- ]?[0-9A-Za-z]{3})(?![\w-])")


def new_reference() -> str:
    """A random reference (32**6 of them)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_reference(text: str) -> str:
    """What the user typed ("k7q-m4x") as stored ("K7QM4X")."""
    return _SEPARATORS.sub("", text).upper()


def is_reference(code: str) -> bool:
    return len(code) == LENGTH and all(char in ALPHABET for char in code)


def find_reference(text: str, lenient: bool = False) -> str | None:
    """A booking reference in a sentence ("cancel my appointment k7q-m4x" → "K7QM4X"), or None.

    Within a sentence a candidate must contain a digit or be written in capitals, so that words
    like "cancel" are not taken for codes; `lenient` (the answer to "what is your reference?")
    accepts any six characters of the alphabet.
    """
    for match in _CANDIDATE.finditer(text or ""):
        raw = match.group(1)
        code = normalise_reference(raw)
        if not is_reference(code):
            continue
        if lenient or any(char.isdigit() for char in code) or _SEPARATORS.sub("", raw).isupper():
            return code
    return None
