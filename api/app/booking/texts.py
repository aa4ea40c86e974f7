"""Texts of the cancel page and the calendar file: msgids of the ``pages`` domain (locales/pages.py).

The bot's own texts live in the ``messages`` domain; these are for what a user opens outside the
chat, from a link, in every language of the registry.
"""

from __future__ import annotations

from babel import UnknownLocaleError
from fastapi import Request

from locales.languages import CONTENT_FALLBACKS, language_name
from locales.pages import PageTexts
from locales.response_types import N_

from ..templating import page_language

#: The language of a visitor the page knows nothing about (an unknown link, a browser language
#: Opas does not speak): the first language answers fall back to, the one most newcomers read.
FALLBACK = CONTENT_FALLBACKS[0]

TITLE = N_("Meeting with an advisor (integration services)")
# Translators: The label of the booking reference, a code like K7QM4X.
REFERENCE = N_("Reference")
# Translators: Calendar file: the label of the link that cancels the appointment.
CANCEL_LINK = N_("Cancel the appointment")
# Translators: {language} is a language name, e.g. "Tigrinya".
INTERPRETER = N_("An interpreter is booked ({language}).")

# How the meeting happens, for the user (the staff pages have shorter names).
MODES = {
    # Translators: How the meeting happens: at the advisor's office.
    "in_person": N_("In person"),
    "phone": N_("Phone call: the advisor calls you"),
    "video": N_("Video call: you get a link before the meeting"),
}

# What the cancel page says in each state other than "question".
STATES = {
    "cancelled_now": N_("The appointment is cancelled. The time is free for others now."),
    "cancelled": N_("This appointment has been cancelled."),
    "not_active": N_("This appointment can no longer be cancelled here."),
    "invalid": N_("This link is not valid. If the appointment was moved, use the newest link."),
}


def link_language(*preferred: str | None, accept_language: str = "") -> str:
    """The first supported language of ``preferred``, else the browser's, else English."""
    return page_language(*preferred, accept_language=accept_language, default=FALLBACK)


def request_link_language(request: Request) -> str:
    """The language of a link's error page: ``?lang=``, else the browser's, else English."""
    return link_language(request.query_params.get("lang"), accept_language=request.headers.get("accept-language", ""))


def interpreter_note(texts: PageTexts, code: str) -> str:
    """"An interpreter is booked (Tigrinya)." in the page's language; a code CLDR lacks stays a code."""
    try:
        name = language_name(code, texts.language)
    except (UnknownLocaleError, ValueError):
        name = code
    return texts.gettext(INTERPRETER, language=name)
