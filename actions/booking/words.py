"""The words the booking forms recognise in typed messages, in every supported language: the
`booking:` section of each `bot/lexicon/<lang>.yml` (read by `locales.lexicon`).

The classifier knows intents, not form answers: "puhelimitse", "toinen aika" or "بسه" in the
middle of a form are read here. Matching is on whole words of the normalised text
(`reading.normalise`: `placenames.normalize`, punctuation dropped), in any language, because
users mix them. Keep the lists short and unambiguous: a word here wins over the classifier while
a form is active.

Each table maps a language code to its words (`STOP["fi"]`); `FIELDS` and `MODES` map a slot or a
mode to such a table.
"""
from __future__ import annotations

from typing import Any

from locales.lexicon import read_lexicons

#: A whole short message of at most this many words that contains a STOP word stops the form.
STOP_MAX_WORDS = 4

Table = dict[str, list[str]]


def _sections() -> dict[str, dict[str, Any]]:
    return {language: lexicon.get("booking") or {} for language, lexicon in read_lexicons().items()}


def _table(key: str) -> Table:
    return {language: list(section.get(key) or []) for language, section in _sections().items()}


def _tables(key: str) -> dict[str, Table]:
    """{name: {language: words}} from a section's mapping (its order: that of the first language)."""
    names: dict[str, None] = {}
    for section in _sections().values():
        names.update(dict.fromkeys(section.get(key) or {}))
    return {name: {language: list((section.get(key) or {}).get(name) or []) for language, section in
                   _sections().items()} for name in names}


STOP = _table("stop")
#: "Change ..." / "another ..." markers; a change needs one of these and a field word.
CHANGE = _table("change")
#: Field words → the slot a change resets, checked in this order (a phone number before a phone).
FIELDS = _tables("fields")
#: How users type a meeting mode.
MODES = _tables("modes")
#: A short answer to a yes/no question, when the classifier is unsure (affirm/deny decide first).
YES = _table("yes")
NO = _table("no")

# --- typed choices: "the second one", "Tuesday at 10", "9.12. klo 10" (choices.py, typed_time.py)

#: 1 … 5 and "last" → words for the option in that place ("toinen", "второй", "الأول").
ORDINALS = _tables("ordinals")
#: mon … sun → day names (word starts: "tiistai" finds "tiistaina"; short ones whole words).
WEEKDAYS = _tables("weekdays")
#: 1 … 12 → month names, the same way.
MONTHS = _tables("months")
#: A word before an hour ("klo", "at", "в", "الساعة"); am and pm words after one.
TIME_WORDS = _table("time_words")
AM = _table("am")
PM = _table("pm")
