"""The texts of the web chat widget and of the chat gateway's errors: msgids of the catalogs.

The API serves ``widget_strings(language)`` to the widget (``GET /widget/strings``) and answers the
gateway's errors with ``chat_error(key, language)``, so one set of catalogs holds every text Opas
shows, and a translator finds the widget's texts next to the bot's. Keys are stable ids the widget
script uses; the values are the English source texts (``N_`` only marks them for extraction).
"""

from __future__ import annotations

from .catalogs import translations
from .responses import N_

WIDGET_STRINGS: dict[str, str] = {
    # Translators: The button on a municipal website that opens the chat. Opas is
    # the chatbot's name: do not translate it.
    "launcher": N_("Ask Opas"),
    # Translators: Under the name "Opas" in the chat window's title bar.
    "subtitle": N_("Guidance on integration services"),
    # Translators: Label of the button (an ×) that closes the chat window.
    "close": N_("Close the chat"),
    # Translators: Button that clears the conversation and starts a new one.
    "restart": N_("Start over"),
    "restarted": N_("A new conversation has started."),
    # Translators: Label of the language menu in the chat window.
    "language": N_("Language"),
    "input_label": N_("Your message"),
    "input_placeholder": N_("Write your question here"),
    "send": N_("Send"),
    # Translators: Heading of the short privacy notice shown before the first message.
    "privacy_heading": N_("Before you start"),
    "privacy_text": N_(
        "Opas is a chatbot, not a person. Do not write your personal identity code, health "
        "details or other sensitive information in the chat. Your messages are saved to provide "
        "the service and deleted after a set period. This browser keeps the conversation until "
        "you choose Start over."
    ),
    # Translators: Button under the privacy notice; pressing it opens the chat.
    "privacy_accept": N_("OK, start the chat"),
    "empty_hint": N_("Ask about integration services in your own words."),
    # Translators: Shown while the chatbot is preparing its answer.
    "typing": N_("Opas is writing…"),
    # Translators: Heading of the list of documents an answer is based on.
    "sources": N_("Sources:"),
    # Translators: Read out by screen readers before each of the user's own messages.
    "you": N_("You"),
    # Translators: Label of the group of reply buttons the chatbot offers.
    "quick_replies": N_("Suggested replies"),
    # Translators: Read out by screen readers after a link that opens in a new tab.
    "new_tab": N_("opens in a new tab"),
    # Translators: Under a message of the user that could not be delivered.
    "not_sent": N_("Not sent."),
    "retry": N_("Try again"),
    "network_error": N_(
        "There is no connection to Opas. Check your internet connection and try again."
    ),
    "session_renewed": N_("The previous conversation had expired, so a new one was started."),
    # Translators: Beside the thumbs-up and thumbs-down buttons under an answer of the chatbot.
    "feedback_question": N_("Was this answer helpful?"),
    # Translators: Label of the thumbs-up button under an answer (read out by screen readers).
    "feedback_up": N_("Yes, helpful"),
    # Translators: Label of the thumbs-down button under an answer (read out by screen readers).
    "feedback_down": N_("No, not helpful"),
    # Translators: Shown instead of the thumbs buttons once the user has pressed one.
    "feedback_thanks": N_("Thank you for your feedback."),
    # Translators: Read out and shown before each message an integration advisor (a person)
    # writes in a live chat.
    "advisor": N_("Advisor"),
    # Translators: Under the message box when the message is too long to send. {count} is the
    # number of characters written, {max_length} the most allowed.
    "too_long": N_("{count} / {max_length} characters: shorten your message to send it."),
    # Translators: A link in the booking confirmation that adds the appointment to a calendar.
    "calendar_link": N_("Add to calendar"),
    # Translators: A link in the booking confirmation that opens the page for cancelling the appointment.
    "cancel_link": N_("Cancel the appointment"),
    # Translators: A small button in the chat window: deletes the conversation from Opas's records.
    "delete": N_("Delete my conversation"),
    "delete_confirm": N_("Delete this conversation? Opas will no longer keep what you wrote. This cannot be undone."),
}

CHAT_ERRORS: dict[str, str] = {
    # Translators: {max_length} is a number of characters.
    "message_too_long": N_(
        "Your message is too long. Please shorten it to at most {max_length} characters."
    ),
    "too_many_requests": N_(
        "You are sending messages too quickly. Please wait a moment and try again."
    ),
    "bot_unavailable": N_(
        "Opas cannot answer right now. Your message was not lost: please try again in a moment."
    ),
    "unknown_chat_session": N_("This conversation has ended. Please start a new one."),
    # Translators: The live chat's updates cannot be opened once more: the same conversation is
    # already open in several browser windows or tabs.
    "too_many_streams": N_(
        "This conversation is already open in other windows. Please close one of them and try again."
    ),
    # Translators: The message could not be read (e.g. it was empty or held characters that
    # cannot be sent).
    "invalid_message": N_("Opas could not read this message. Please write it again."),
    # Not an error: the answer to "delete my conversation" (the widget's button or the chat).
    "conversation_deleted": N_("Your conversation was deleted. Opas no longer keeps what you wrote."),
}


def widget_strings(language: str) -> dict[str, str]:
    """Every widget text in a supported language (English where a catalog lacks one)."""
    gettext = translations(language).gettext
    return {key: gettext(msgid) for key, msgid in WIDGET_STRINGS.items()}


def chat_error(key: str, language: str, **values: object) -> str:
    """A gateway error message in a supported language; ``values`` fill its placeholders."""
    return translations(language).gettext(CHAT_ERRORS[key]).format(**values)
