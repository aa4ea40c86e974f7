"""THE table of every bot response: name → kind, English source text (the msgid), buttons.

The booking flow's responses live in ``locales.booking_responses``, the live chat's in
``locales.handoff_responses``; both are merged in here.

Texts are the msgids of the Babel catalogs (``locales/<lang>/LC_MESSAGES/messages.po``):
``N_`` and ``Np_`` only mark them for ``pybabel extract``; ``locales.render`` translates them.
Changing an English text here changes its msgid, and every translation of it turns fuzzy until a
translator reviews it (``scripts/i18n.sh check`` fails until then). To only polish the English
wording, edit ``locales/en/LC_MESSAGES/messages.po`` instead.

Texts are plain text (no Markdown, no HTML); a blank line starts a new chat bubble. Placeholders
are ``{named}`` (``str.format``); ``locales.render``'s docstring lists the values it fills in.
Every ``utter_*`` here must also be declared in the bot's domain (a stub variation is enough).
"""

from __future__ import annotations

from .answer_texts import BOOK_ADVISOR, OUT_OF_SCOPE_GENERAL, OUT_OF_SCOPE_SUBJECT
from .booking_responses import BOOKING_RESPONSES
from .handoff_responses import HANDOFF_RESPONSES
from .response_types import BUTTON_SETS, N_, VALID_KINDS, Button, ButtonSpec, Np_, Response

__all__ = ["BUTTON_SETS", "N_", "VALID_KINDS", "Button", "ButtonSpec", "Np_", "Response"]  # re-exported

#: The topics of the menu offered by a greeting or "help", in this order (ids of CONTRACT.md §3).
MENU_TOPICS: tuple[str, ...] = (
    "integration_programme",
    "service_provider",
    "needs_assessment",
    "integration_plan",
    "civic_orientation",
    "integration_training",
    "contact",
    "booking",
)

#: Topics whose intent is not ``ask_<topic>``; a topic button's payload is ``/<intent>``.
TOPIC_INTENTS: dict[str, str] = {"booking": "book_appointment", "human_handoff": "request_human"}


# --- texts used by more than one response --------------------------------------------------------

DONT_KNOW = N_(
    "I'm sorry, I don't know that. I only answer from the published integration programme "
    "documents. An advisor can help you further."
)

# Translators: Stands for the list of covered municipality names in
# {covered} when that list cannot be read from the programme data.
COVERED_IN_WORDS = N_("the municipalities of the Porvoo employment area and Siuntio")

# --- notes that locales.render adds to responses of kind "answer" --------------------------------

# Translators: Shown above an answer taken from another language.
# {language} is the conversation language and {fallback_language}
# the language of the answer, both names written in your language
# (e.g. "Somali", "English"). Where your grammar would need another
# case of the names, rephrase, e.g. "... not yet available in your
# language ({language})".
NOTE_FALLBACK_LANGUAGE = N_(
    "This answer is not yet available in {language}. Here it is in {fallback_language}."
)
# Translators: Shown with a translated answer whose original text
# has since changed. {source_language} is the name of the original's
# language, written in your language (e.g. "Finnish").
NOTE_OUTDATED = N_("A newer version of this text exists in {source_language}.")
NOTE_OUTDATED_UNKNOWN_SOURCE = N_("A newer version of this text exists in another language.")


RESPONSES: dict[str, Response] = {
    # --- smalltalk -------------------------------------------------------------------------------
    "utter_greet": Response(
        "smalltalk",
        # Translators: Opas is the bot's name; do not translate it. Keep the
        # blank line: it splits the greeting into two chat bubbles.
        N_(
            "Hello! I am Opas, a chatbot. I guide you through the integration programme of the "
            "municipalities in the Porvoo employment area and Siuntio.\n\n"
            "I can tell you about integration services, such as the assessment of your needs, the "
            "integration plan, civic orientation and integration training, and who provides them "
            "where you live. Choose a topic or write your question."
        ),
        buttons=("topics",),
    ),
    "utter_thank": Response("smalltalk", N_("You are welcome! Ask me again whenever you need.")),
    "utter_goodbye": Response("smalltalk", N_("Goodbye! Come back whenever you have questions.")),
    "utter_bot_challenge": Response(
        "smalltalk",
        N_("I am a bot, not a person. If you want to talk to a person, ask me for an advisor."),
        buttons=(BOOK_ADVISOR,),
    ),
    # The answer to "delete my conversation" (actions/privacy.py); the gateway's is the same text.
    "utter_conversation_deleted": Response(
        "smalltalk", N_("Your conversation was deleted. Opas no longer keeps what you wrote.")
    ),
    "utter_help": Response(
        "smalltalk",
        N_(
            "I answer questions about the integration programme and services of the "
            "municipalities in the Porvoo employment area and Siuntio: for example the "
            "assessment of your needs, the integration plan, civic orientation, integration "
            "training and whom to contact. I can also help you book an appointment with an "
            "advisor.\n\n"
            "Choose a topic or write your question in your own words."
        ),
        buttons=("topics",),
    ),
    # Translators: The reply to a lone "yes", "no" or "ok".
    "utter_ok": Response("smalltalk", N_("All right. What would you like to know?")),
    "utter_restart": Response("smalltalk", N_("Let's start over. What would you like to know?")),
    # Translators: The user stopped a question-and-answer flow (for
    # example booking) half-way.
    "utter_stop": Response("smalltalk", N_("OK, I stopped that. What would you like to do now?")),
    "utter_back": Response("smalltalk", N_("OK, going back.")),
    "utter_language_menu": Response(
        "smalltalk", N_("Which language would you like to use?"), buttons=("languages",)
    ),
    # --- answer ----------------------------------------------------------------------------------
    # The programme content itself, chosen and translated by the API: nothing to translate.
    # locales.render adds what the documents do not say (argument not_stated, see
    # locales.answer_texts) and notes (NOTE_*, from arguments fallback_language/outdated).
    "utter_answer": Response(
        "answer", "{answer}", when_missing={"answer": DONT_KNOW}, buttons=("answer_actions",)
    ),
    # --- clarify ---------------------------------------------------------------------------------
    "utter_ask_municipality": Response(
        "clarify",
        N_("Which municipality do you live in? The answer depends on it."),
        buttons=("municipalities",),
    ),
    # --- out_of_coverage -------------------------------------------------------------------------
    "utter_out_of_coverage": Response(
        "out_of_coverage",
        # Translators: {covered} is a list of municipality names ("Askola,
        # Loviisa and Siuntio"), {place} the user's place as they named it
        # (e.g. "Helsinki"). Keep the blank line.
        N_(
            "Opas covers the integration services of {covered}. {place} is not one of them. Please "
            "contact the integration or immigrant services of your own municipality.\n\n"
            "If you live in one of the municipalities Opas covers, choose it below."
        ),
        buttons=("municipalities",),
        when_missing={
            # Translators: As the previous message, when the user's place is
            # not known.
            "place": N_(
                "Opas covers the integration services of {covered}. Your municipality is not "
                "one of them. Please contact the integration or immigrant services of your own "
                "municipality.\n\nIf you live in one of the municipalities Opas covers, choose "
                "it below."
            )
        },
    ),
    # --- fallback --------------------------------------------------------------------------------
    "utter_default": Response("fallback", DONT_KNOW, buttons=(BOOK_ADVISOR,)),
    "utter_ask_rephrase": Response(
        "fallback", N_("Sorry, I did not quite understand. Could you say it in other words?")
    ),
    # What the programme does not cover: argument subject (data/out_of_scope.yml) names it, and
    # answer (a statement on where such questions go) may follow.
    "utter_out_of_scope": Response(
        "fallback",
        OUT_OF_SCOPE_GENERAL,
        when_given={"subject": OUT_OF_SCOPE_SUBJECT},
        followed_by="answer",
        buttons=(BOOK_ADVISOR,),
    ),
    "utter_suggestions": Response(
        "fallback",
        # Translators: Followed by one button per suggested topic. {count}
        # (the number of topics) may be used or left out.
        **Np_(
            "I am not sure what you mean. Is it this topic?",
            "I am not sure what you mean. Is it one of these topics?",
        ),
        # Translators: Button after suggested topics, when none of them is
        # what the user meant.
        buttons=("suggested_topics", Button(N_("None of these"), "/out_of_scope")),
    ),
    "utter_service_unavailable": Response(
        "fallback",
        N_(
            "I can't reach the information service right now. Nothing was lost: please try "
            "again in a moment."
        ),
    ),
    # --- language --------------------------------------------------------------------------------
    "utter_language_changed": Response(
        "language",
        # Translators: Shown in the new language. {language_native} is that
        # language's own name ("suomi", "svenska"); write the name in the
        # form your grammar needs instead if you prefer ("suomeksi"), since
        # this text is only ever shown in your language.
        N_("OK, I will answer in {language_native} from now on."),
    ),
    **BOOKING_RESPONSES,
    **HANDOFF_RESPONSES,
}

#: Response name → kind (CONTRACT.md §2).
KINDS: dict[str, str] = {name: response.kind for name, response in RESPONSES.items()}

#: Arguments whose value is a language code (shown as the language's name).
LANGUAGE_ARGUMENTS = frozenset({"fallback_language", "source_language", "meeting_language"})


def kind_of(name: str) -> str:
    """The kind of response ``name``; KeyError for a name missing from the table."""
    return KINDS[name]


def topic_intent(topic: str) -> str:
    """The intent a topic's button triggers: ``ask_<topic>`` unless TOPIC_INTENTS says otherwise."""
    return TOPIC_INTENTS.get(topic, f"ask_{topic}")
