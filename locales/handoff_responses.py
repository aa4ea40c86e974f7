"""The bot's responses of the live chat with an advisor (actions/handoff.py, docs/booking-bot.md).

Merged into ``locales.responses.RESPONSES``; msgids are extracted like the rest (babel.cfg). The
chat gateway's own handoff texts (the queue while waiting, "an advisor joined", ...) are the API's.
"""

from __future__ import annotations

from .answer_texts import BOOK_ADVISOR
from .response_types import N_, Button, Response

# Translators: Button: the advisor may read the conversation so far.
SHARE = Button(N_("Yes, share the conversation"), "/affirm")
# Translators: Button: connect to the advisor without showing them the conversation so far.
DONT_SHARE = Button(N_("No, don't share it"), "/deny")
# Translators: Button: take a booking with an advisor instead of the live chat.
BOOK_INSTEAD = Button(N_("Book an appointment instead"), BOOK_ADVISOR.payload)
# Translators: Button while waiting for an advisor: back to the chatbot.
LEAVE_QUEUE = Button(N_("Leave the queue"), "/handoff_leave")

HANDOFF_RESPONSES: dict[str, Response] = {
    "utter_handoff_offer": Response(
        "handoff",
        # Translators: Keep the blank line: it splits the text into two chat bubbles.
        N_(
            "An integration advisor is on live chat duty now and can continue this chat with you.\n\n"
            "Before I connect you: may the advisor read our conversation so far? It helps them to "
            "help you. If you say no, they see only the topic and your language."
        ),
        buttons=(SHARE, DONT_SHARE, BOOK_INSTEAD),
    ),
    "utter_handoff_ask_municipality": Response(
        "handoff",
        N_(
            "I will look for an advisor on live chat duty who serves your municipality. Which "
            "municipality do you live in?"
        ),
        buttons=("municipalities",),
    ),
    "utter_handoff_queued": Response(
        "handoff",
        # Translators: {position} is a number (1, 2, ...), {minutes} a number of minutes.
        N_(
            "I have asked an advisor to join. You are number {position} in the queue; the wait is "
            "about {minutes} min. You can write here already: the advisor will see your messages."
        ),
        when_missing={
            # Translators: As the previous message, when the wait cannot be estimated.
            "minutes": N_(
                "I have asked an advisor to join. You are number {position} in the queue. You can "
                "write here already: the advisor will see your messages."
            )
        },
        buttons=(LEAVE_QUEUE,),
    ),
    # Translators: Opas is the chatbot's name: do not translate it.
    "utter_handoff_left": Response("handoff", N_("You left the queue: you are talking to Opas again.")),
    # Translators: The user asks for a person while booking an appointment.
    "utter_handoff_in_booking": Response(
        "booking",
        N_(
            "We are booking an appointment with an advisor now. If you would rather chat with an "
            "advisor right away, say stop and then ask for a person."
        ),
    ),
}
