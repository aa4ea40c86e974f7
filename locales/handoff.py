"""The live handoff's texts for the user (gateway turns, stream events) and the canned answers.

Domain ``messages``, like the bot's and the widget's texts: a translator finds them together.
The chat gateway and the event stream show them in the conversation's language; the advisor inbox
shows a canned answer in the staff page's language with the user's language beside it, so an
advisor who does not speak Somali can still send "I will call you tomorrow." in Somali.
"""

from __future__ import annotations

from .catalogs import translations
from .responses import N_, Np_

HANDOFF_TEXTS: dict[str, str] = {
    # Translators: {position} is the user's place in the queue for a live chat with an advisor.
    "queued": N_("You are number {position} in the queue for an advisor."),
    # Translators: Button that takes the user out of the queue and back to the chatbot.
    "leave_button": N_("Leave the queue"),
    # Translators: Opas is the chatbot's name: do not translate it.
    "left_queue": N_("You left the queue: you are talking to Opas again."),
    # Translators: {name} is the advisor's name.
    "joined": N_("An advisor ({name}) joined the chat."),
    "joined_unnamed": N_("An advisor joined the chat."),
    # Translators: Opas is the chatbot's name: do not translate it.
    "left": N_("The advisor left. You are talking to Opas again."),
    # Translators: Opas is the chatbot's name: do not translate it.
    "closed": N_("The advisor ended the chat. You are talking to Opas again."),
    "timeout": N_("No advisor could take your chat now. Would you like to book an appointment?"),
    # Translators: Button that starts booking an appointment with an advisor.
    "book_button": N_("Book an appointment"),
}

# Translators: Added to the queue message; {count} is a number of minutes.
WAIT_MINUTES = Np_("The wait is about {count} minute.", "The wait is about {count} minutes.")

#: Canned answers an advisor can send in the user's language: stable key → English text.
CANNED: dict[str, str] = {
    "checking": N_("Please wait a moment, I am checking."),
    "phone_number": N_("Could you tell me your phone number?"),
    "call_tomorrow": N_("I will call you tomorrow."),
    "book_meeting": N_("Please book an appointment so that we can meet and go through this together."),
    "interpreter": N_("We can arrange an interpreter for the meeting."),
    "goodbye": N_("Thank you, goodbye."),
}

BOOK_PAYLOAD = "/book_appointment"
LEAVE_PAYLOAD = "/handoff_leave"


def handoff_text(key: str, language: str, **values: object) -> str:
    """A handoff text in a supported language; ``values`` fill its placeholders."""
    text = translations(language).gettext(HANDOFF_TEXTS[key])
    return text.format(**values) if values else text


def wait_minutes(minutes: int, language: str) -> str:
    return translations(language).ngettext(WAIT_MINUTES["text"], WAIT_MINUTES["plural"], minutes).format(count=minutes)


def canned_text(key: str, language: str) -> str:
    """A canned answer in ``language`` (KeyError for an unknown key)."""
    return translations(language).gettext(CANNED[key])
