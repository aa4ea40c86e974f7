"""Which offered time a typed day, date or time means: "Tuesday at 10", "ti klo 10", "9.12. klo 10",
"Dec 9 at 10", "9.12 10:00", "во вторник в 10", "الثلاثاء الساعة 10" (the words come from the
lexicons: `words.WEEKDAYS`, `MONTHS`, `TIME_WORDS`, `AM`, `PM`; the numbers are read here).

The message is read into conditions, each a list of alternatives: a weekday named, a date (day
and month; a day alone: "the 9th"), a time (an hour, and minutes when given). An ambiguous "9.12"
is a date or a time; "at 2" is 2.00 or 14.00. An offered time matches when it meets one
alternative of every condition, and the message means it when it is the only one. Times are
compared in Finnish time, as the buttons show them.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache, partial

from placenames.normalize import normalize

from . import words
from .reading import phrase_pattern

WEEKDAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
#: One alternative: does this time fit? (`exact`: "at 10" must be 10.00, not 10.30)
Alternative = Callable[[datetime, bool], bool]
Condition = list[Alternative]
_NO_DIGIT_BEFORE = r"(?<![\d.:/])"
_NO_DIGIT_AFTER = r"(?![\d:/]|\.\d)"


@cache
def _names(table_name: str) -> tuple[tuple[re.Pattern[str], object], ...]:
    """(regex, key) for every entry of a table of tables (WEEKDAYS, MONTHS) in every language,
    longest first, so that "سه شنبه" (Tuesday) is read before "شنبه" (Saturday)."""
    tables: dict[object, dict[str, list[str]]] = getattr(words, table_name)
    entries = [(entry, key) for key, table in tables.items() for listed in table.values() for entry in listed]
    entries.sort(key=lambda item: len(item[0]), reverse=True)
    return tuple((re.compile(phrase_pattern(entry)), key) for entry, key in entries)


@cache
def _words(table_name: str) -> frozenset[str]:
    table: dict[str, list[str]] = getattr(words, table_name)
    return frozenset(normalize(word) for listed in table.values() for word in listed if normalize(word))


def _either(found: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(found, key=len, reverse=True)) or r"(?!x)x"


def _blank(text: str, start: int, end: int) -> str:
    """The text with [start, end) blanked, so that its numbers are not read again."""
    return text[:start] + " " * (end - start) + text[end:]


def _hours(hour: int, meridiem: str | None) -> list[int]:
    if meridiem in _words("PM") and hour < 12:
        return [hour + 12]
    if meridiem in _words("AM"):
        return [0 if hour == 12 else hour]
    return [hour, hour + 12] if 1 <= hour < 8 else [hour]  # office hours: "at 2" is 14.00


def _at(moment: datetime, exact: bool, hour: int, minute: int | None) -> bool:
    if moment.hour != hour:
        return False
    return moment.minute == minute if minute is not None else (moment.minute == 0 or not exact)


def _time(hours: Iterable[int], minute: int | None) -> Condition:
    return [partial(_at, hour=hour, minute=minute) for hour in hours if 0 <= hour <= 23]


def _on(moment: datetime, exact: bool, day: int, month: int | None) -> bool:
    return moment.day == day and (month is None or moment.month == month)


def _date(day: int, month: int | None) -> Condition:
    valid = 1 <= day <= 31 and (month is None or 1 <= month <= 12)
    return [partial(_on, day=day, month=month)] if valid else []


def conditions(text: str) -> list[Condition]:
    """What a typed message says of the time it wants: [] when it names no day, date or time."""
    text = normalize(text)
    found: list[Condition] = []
    days = set()
    for regex, key in _names("WEEKDAYS"):
        for match in regex.finditer(text):
            days.add(WEEKDAY_NUMBERS[str(key)])
            text = _blank(text, *match.span())
    if days:
        found.append([lambda moment, exact, day=day: moment.weekday() == day for day in days])
    meridiem = rf"(?:\s*(?P<ampm>{_either(_words('AM') | _words('PM'))})(?!\w))?"
    # 10:00 (a colon is always a time), then dates: "2026-12-09", "9 December", "Dec 9th".
    for match in list(re.finditer(_NO_DIGIT_BEFORE + r"(\d{1,2}):(\d{2})" + _NO_DIGIT_AFTER + meridiem, text)):
        found.append(_time(_hours(int(match[1]), match["ampm"]), int(match[2])))
        text = _blank(text, *match.span())
    for match in list(re.finditer(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", text)):
        found.append(_date(int(match[3]), int(match[2])))
        text = _blank(text, *match.span())
    for regex, month in _names("MONTHS"):
        for match in list(regex.finditer(text)):
            before = re.search(_NO_DIGIT_BEFORE + r"(\d{1,2})(?:st|nd|rd|th|\.)?\s*(?:of\s+)?$", text[:match.start()])
            after = re.match(r"\s*(\d{1,2})(?:st|nd|rd|th)?" + _NO_DIGIT_AFTER, text[match.end():])
            if before or after:
                found.append(_date(int((before or after)[1]), int(str(month))))
                start = before.start() if before else match.start()
                text = _blank(text, start, match.end() + (0 if before else after.end()))
    # Times with a word: "klo 10", "at 9.30", "в 10", "2 pm".
    for pattern in (rf"(?<!\w)(?:{_either(_words('TIME_WORDS'))})\s*(\d{{1,2}})(?:[.:](\d{{2}}))?{_NO_DIGIT_AFTER}",
                    _NO_DIGIT_BEFORE + r"(\d{1,2})(?:[.:](\d{2}))?(?=\s*(?:" + _either(_words("AM") | _words("PM"))
                    + r")(?!\w))"):
        for match in list(re.finditer(pattern + meridiem, text)):
            found.append(_time(_hours(int(match[1]), match["ampm"]), int(match[2]) if match[2] else None))
            text = _blank(text, *match.span())
    # Numeric dates: "9.12.", "9/12"; "9.12" may be 9.12 o'clock too.
    for match in list(re.finditer(_NO_DIGIT_BEFORE + r"(\d{1,2})([./])(\d{1,2})(\.?)" + _NO_DIGIT_AFTER, text)):
        day, month = int(match[1]), int(match[3])
        alternatives = _date(day, month)
        if match[2] == "/":
            alternatives += _date(month, day)  # 12/9: as some write the ninth of December
        elif not match[4]:
            alternatives += _time(_hours(day, None), month) if month < 60 else []
        found.append(alternatives)
        text = _blank(text, *match.span())
    for match in list(re.finditer(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)(?!\w)", text)):
        found.append(_date(int(match[1]), None))  # "the 9th"
        text = _blank(text, *match.span())
    if found:  # a number beside a day or a date is its hour: "ti 10", "Tuesday 10"
        for match in re.finditer(_NO_DIGIT_BEFORE + r"(\d{1,2})" + _NO_DIGIT_AFTER, text):
            found.append(_time(_hours(int(match[1]), None), None))
    return found


def time_meant(text: str, offered: dict[str, datetime]) -> str | None:
    """The payload of the one offered time (payload → its Finnish time) the text describes."""
    wanted = conditions(text)
    if not wanted:
        return None
    for exact in (True, False):  # "at 10" is 10.00 if there is one, else 10.30
        chosen = [payload for payload, moment in offered.items()
                  if all(any(alternative(moment, exact) for alternative in condition) for condition in wanted)]
        if chosen:
            return chosen[0] if len(chosen) == 1 else None
    return None
