"""Texts of the cancel page and the calendar file, in Finnish, Swedish and English.

The bot's own texts live in the Babel catalogs (locales/); these few are for what a user opens
outside the chat, from a link. A user of another language gets English.
"""

from __future__ import annotations

from datetime import datetime

from babel import Locale, negotiate_locale
from babel.dates import format_date, format_time

from .slots import HELSINKI, as_utc

PAGE_LANGUAGES = ("fi", "sv", "en")
FALLBACK = "en"

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Tapaaminen neuvojan kanssa (kotoutumispalvelut)",
        "reference": "Varaustunnus",
        "time": "Aika",
        "place": "Paikka",
        "in_person": "Tapaaminen paikan päällä",
        "phone": "Puhelu: neuvoja soittaa sinulle",
        "video": "Videopuhelu: saat linkin ennen tapaamista",
        "interpreter": "Tulkki on varattu ({language}).",
        "question": "Haluatko perua tämän ajan?",
        "button": "Peru aika",
        "cancelled_now": "Aika on peruttu. Se vapautui muille.",
        "cancelled": "Tämä aika on peruttu.",
        "not_active": "Tätä aikaa ei voi enää perua täällä.",
        "invalid": "Linkki ei ole voimassa. Jos aikaa on siirretty, käytä uusinta saamaasi linkkiä.",
        "book_again": "Uuden ajan voit varata Opas-chatissa.",
        "cancel_link": "Peru aika",
    },
    "sv": {
        "title": "Möte med en rådgivare (integrationstjänster)",
        "reference": "Bokningskod",
        "time": "Tid",
        "place": "Plats",
        "in_person": "Personligt möte",
        "phone": "Telefonsamtal: rådgivaren ringer dig",
        "video": "Videosamtal: du får en länk före mötet",
        "interpreter": "En tolk är bokad ({language}).",
        "question": "Vill du avboka den här tiden?",
        "button": "Avboka tiden",
        "cancelled_now": "Tiden är avbokad. Den är nu ledig för andra.",
        "cancelled": "Den här tiden är avbokad.",
        "not_active": "Den här tiden kan inte längre avbokas här.",
        "invalid": "Länken är inte giltig. Om tiden har flyttats, använd den senaste länken du fått.",
        "book_again": "En ny tid kan du boka i Opas-chatten.",
        "cancel_link": "Avboka tiden",
    },
    "en": {
        "title": "Meeting with an advisor (integration services)",
        "reference": "Reference",
        "time": "Time",
        "place": "Place",
        "in_person": "In person",
        "phone": "Phone call: the advisor calls you",
        "video": "Video call: you get a link before the meeting",
        "interpreter": "An interpreter is booked ({language}).",
        "question": "Do you want to cancel this appointment?",
        "button": "Cancel the appointment",
        "cancelled_now": "The appointment is cancelled. The time is free for others now.",
        "cancelled": "This appointment has been cancelled.",
        "not_active": "This appointment can no longer be cancelled here.",
        "invalid": "This link is not valid. If the appointment was moved, use the newest link.",
        "book_again": "You can book a new time in the Opas chat.",
        "cancel_link": "Cancel the appointment",
    },
}


def page_language(*preferred: str | None, accept_language: str = "") -> str:
    """The first of ``preferred`` the page speaks, else the browser's choice, else English."""
    for code in preferred:
        if code in PAGE_LANGUAGES:
            return code
    asked = [part.split(";")[0].strip().replace("-", "_") for part in accept_language.split(",")]
    return negotiate_locale([a for a in asked if a], PAGE_LANGUAGES, sep="_") or FALLBACK


def local_time(moment: datetime, language: str) -> str:
    """A stored (naive UTC) time in Helsinki, as ``language`` writes dates and times."""
    local = as_utc(moment).astimezone(HELSINKI)
    return f"{format_date(local, 'full', locale=language)} {format_time(local, 'short', locale=language)}"


def language_name(code: str, in_language: str) -> str:
    return Locale.parse(in_language).languages.get(code, code)
