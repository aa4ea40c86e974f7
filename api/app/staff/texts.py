"""The language of the staff pages, and their texts that are not in the templates.

The pages speak every language of the registry (``locales/languages.yml``): the one the user chose
with the links in the page header (a cookie), else the browser's (Accept-Language), else the
registry's default (Finnish). Texts are msgids of the ``pages`` domain (``locales/pages.py``).
Error messages of the services below (the booking rules) stay English under a translated heading.
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_datetime
from fastapi import Request

from locales.pages import PageTexts
from locales.response_types import N_

from ..booking.slots import HELSINKI
from ..templating import page_language

COOKIE = "lang"
HOME = "/staff/"

# How a meeting happens, short, for the tables and forms.
MODE_NAMES = {
    # Translators: Staff pages: a meeting at the advisor's office (short, lower case in a list).
    "in_person": N_("in person"),
    # Translators: Staff pages: a meeting by phone (short, lower case in a list).
    "phone": N_("phone"),
    # Translators: Staff pages: a meeting by video call (short, lower case in a list).
    "video": N_("video"),
}

# An appointment's status, in the appointments table.
STATUS_NAMES = {
    # Translators: Appointment status: booked and not yet happened.
    "booked": N_("booked"),
    "cancelled": N_("cancelled"),
    # Translators: Appointment status: moved to another time (a new appointment replaces it).
    "rescheduled": N_("rescheduled"),
    # Translators: Appointment status: the meeting took place.
    "done": N_("done"),
    # Translators: Appointment status: the client did not come.
    "no_show": N_("no-show"),
}


def staff_language(request: Request) -> str:
    """The language cookie, else the browser's language, else the default (Finnish)."""
    return page_language(request.cookies.get(COOKIE), accept_language=request.headers.get("accept-language", ""))


def names(texts: PageTexts, msgids: dict[str, str]) -> dict[str, str]:
    """``MODE_NAMES`` or ``STATUS_NAMES`` in the page's language."""
    return {key: texts.gettext(msgid) for key, msgid in msgids.items()}


def too_many_wrong(texts: PageTexts, minutes: int) -> str:
    return texts.ngettext(
        "Too many wrong passwords. Try again in {count} minute.",
        "Too many wrong passwords. Try again in {count} minutes.",
        minutes,
    )


def safe_next(path: str | None) -> str:
    """``path`` if it is a staff page of this site, else the staff home: no open redirects."""
    if (
        path
        and path.startswith(HOME)
        and "\\" not in path
        and all(char.isprintable() and not char.isspace() for char in path)
    ):
        return path
    return HOME


def local_time(moment: datetime | None, language: str, pattern: str = "EEE d.M.yyyy HH:mm") -> str:
    """A stored (naive UTC) time in Finnish time: the weekday in ``language``, the date and time
    as numbers in the Finnish order, which every advisor reads the same way."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return format_datetime(aware, pattern, tzinfo=HELSINKI, locale=language)
