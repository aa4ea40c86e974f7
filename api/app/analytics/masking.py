"""Masks personal data in a question before it is stored for the coordinators.

What is masked, each by a placeholder that says what was there: e-mail addresses, Finnish
personal identity codes, phone numbers, street addresses with a number, other long runs of digits
(customer, account and card numbers), and names where the writer introduces themselves ("my name
is …", "nimeni on …", "jag heter …", "меня зовут …", "мене звати …", "اسمي …", "magacaygu waa …",
"اسم من …" and the like). A name said without such words cannot be told from an ordinary word;
docs/analytics.md says so. Ordinary questions ("How long is the 2025–2026 programme?") stay as
they are: a year is not a long digit run, and a phone number starts with 0 or +.
"""

from __future__ import annotations

import re

EMAIL, ID_CODE, PHONE, ADDRESS, NUMBER, NAME = (
    "[email]", "[id code]", "[phone]", "[address]", "[number]", "[name]",
)

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Henkilötunnus: DDMMYY, the century sign (+ - A–F, and the newer U–Y), a number and a check sign.
_ID_CODE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]\b", re.IGNORECASE)
# A phone number starts with + or 00 (international) or 0 (Finnish: 040 123 4567, (09) 310 1691);
# groups may be separated by spaces, hyphens, dots or brackets; at least 7 digits in all.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00|\(?0)\d[\d ().\-]{4,}\d(?!\w)")
_PHONE_MIN_DIGITS = 7
# Street + number: Finnish, Swedish and English street words as the end of a word ("Rauhankatu 10
# B 5", "Storgatan 3", "Main Street 4"), and words that come before the street's name elsewhere
# ("ул. Ленина 5", "вулиця Шевченка 10", "شارع الملك 12", "خیابان آزادی ۱۲", "Wadada Jigjiga 7").
_STREET_SUFFIXES = (
    "katu", "tie", "kuja", "polku", "väylä", "kaari", "rinne", "tori", "raitti", "aukio",
    "puistikko", "ranta", "piha", "mäki", "gatan", "gata", "vägen", "väg", "gränd", "stigen",
    "torget", "allén", "backen", "street", "road", "avenue", "lane", "st.", "rd.",
)
_STREET_PREFIX = r"ул\.|улица|улице|вул\.|вулиця|вулиці|проспект|пр\.|شارع|خیابان|کوچه|wadada|jidka"
_NUMBER_PART = r"\d+[a-zA-Z]?(?:[ ,]+[A-Za-zА-Яа-я]\s?\d+)?(?:\s?(?:as\.|bst|lgh|кв\.?)\s?\d+)?"
# (A word and then a number, its ending checked in Python: an alternation of endings tried at
# every letter of a message cost 300 µs.)
_WORD_AND_NUMBER = re.compile(rf"(?<![\w\-])([\w\-]+\.?)\s+{_NUMBER_PART}")
_PREFIXED_ADDRESS = re.compile(
    rf"(?<!\w)(?:{_STREET_PREFIX})\s+(?:[\w\-'’]+\s+){{1,3}}?{_NUMBER_PART}", re.IGNORECASE
)
# Six digits or more in a row, or nine or more in groups: not a year, a date or a price.
_LONG_DIGITS = re.compile(r"\d{6,}|\d(?:[ \-]?\d){8,}")

# Words that introduce the writer's own name, in the eight languages and a few variants.
_NAME_INTRO = (
    r"my name is|my name's|name is|i am called|i'm called|"
    r"(?:minun |mun )?nime(?:ni|mme) on|(?:minun |mun )?nimi on|olen nimeltäni|"
    r"jag heter|mitt namn är|heter jag|"
    r"меня зовут|зовут меня|мо[её] имя|мене звати|звати мене|моє ім['’]я|"
    r"(?:انا |أنا )?[اإ]سمي|اسم من|نام من|اسمم|"
    r"magacay(?:gu|ga)(?:na)?(?: waa)?|waxaa la i yiraahdaa"
)
# Cheap to look for first: most questions name nobody.
_NAME_CUES = ("name", "nime", "nimi", "heter", "namn", "зовут", "звати", "имя", "ім", "اسم", "نام",
              "magac", "yiraahdaa")
_NAME_WORD = r"[^\W\d_][\w'’\-]*"
_NAME = re.compile(rf"(?<!\w)({_NAME_INTRO})(\s*[:,\-–]?\s+)({_NAME_WORD})((?:\s+{_NAME_WORD}){{0,2}})",
                   re.IGNORECASE)
# After the first word of a name, more words belong to it when they are capitalised (Latin and
# Cyrillic), or in scripts without capitals, unless they are the words that usually follow.
_NOT_NAMES = frozenset(
    ["and", "ja", "och", "и", "і", "та", "است", "هست", "هستم", "و", "ولی", "و؟", "iyo", "oo", "waana"]
)


def mask_personal_data(text: str) -> str:
    """The text with personal data replaced by placeholders such as ``[phone]``."""
    if "@" in text:
        text = _EMAIL.sub(EMAIL, text)
    if any(c.isdigit() for c in text):
        text = _ID_CODE.sub(ID_CODE, text)
        text = _PHONE.sub(_phone, text)
        text = _WORD_AND_NUMBER.sub(_street, text)
        text = _PREFIXED_ADDRESS.sub(ADDRESS, text)
        text = _LONG_DIGITS.sub(NUMBER, text)
    lowered = text.casefold()
    if any(cue in lowered for cue in _NAME_CUES):
        text = _NAME.sub(_name, text)
    return text


def _phone(match: re.Match[str]) -> str:
    found = match.group(0)
    return PHONE if sum(c.isdigit() for c in found) >= _PHONE_MIN_DIGITS else found


def _street(match: re.Match[str]) -> str:
    return ADDRESS if match.group(1).casefold().endswith(_STREET_SUFFIXES) else match.group(0)


def _name(match: re.Match[str]) -> str:
    intro, gap, _first, rest = match.groups()
    kept = ""
    words = rest.split()
    for index, word in enumerate(words):
        if word.casefold() in _NOT_NAMES or not _continues_name(word):
            kept = " " + " ".join(words[index:])
            break
    return f"{intro}{gap}{NAME}{kept}"


def _continues_name(word: str) -> bool:
    first = word[0]
    if first.lower() != first.upper():  # a cased script: a name is capitalised
        return first.isupper()
    return True
