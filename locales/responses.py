"""THE table of every bot response: name → kind, English source text (the msgid), buttons.

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

from dataclasses import dataclass, field

#: The kinds of CONTRACT.md §2.
VALID_KINDS = frozenset(
    {
        "answer",
        "clarify",
        "out_of_coverage",
        "fallback",
        "booking",
        "handoff",
        "smalltalk",
        "language",
    }
)

#: Dynamic button sets, filled in by ``locales.render``:
#: ``topics`` the topic menu (MENU_TOPICS), ``suggested_topics`` the ids in argument ``topics``,
#: ``municipalities`` the covered municipalities, ``languages`` the supported languages;
#: for booking (``locales.booking``): ``options`` the ``{title, payload}`` list in argument
#: ``options`` (an action's own choices, e.g. free times), ``meeting_topics`` what a meeting can
#: be about, ``booking_languages`` the meeting languages (the conversation language first),
#: ``booking_modes`` in person / phone / video, ``booking_alternatives`` what to try when no time
#: is free (argument ``alternatives``: mode ids and ``interpreter``).
BUTTON_SETS = frozenset(
    {
        "topics",
        "suggested_topics",
        "municipalities",
        "languages",
        "options",
        "meeting_topics",
        "booking_languages",
        "booking_modes",
        "booking_alternatives",
    }
)

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


def N_(message: str) -> str:
    """Marks a msgid for extraction; translation happens in ``locales.render``."""
    return message


def Np_(singular: str, plural: str) -> dict[str, str]:
    """Marks a singular/plural msgid pair (``-k Np_:1,2``): ``Response(kind, **Np_(s, p))``."""
    return {"text": singular, "plural": plural}


@dataclass(frozen=True)
class Button:
    """A fixed button: translated title, payload as is (CONTRACT.md §6: at most 64 bytes)."""

    title: str
    payload: str


ButtonSpec = str | Button  # a name from BUTTON_SETS, or a fixed Button


@dataclass(frozen=True)
class Response:
    kind: str
    text: str
    #: The plural msgid; when set, the text is chosen with ngettext and argument ``count``.
    plural: str | None = None
    buttons: tuple[ButtonSpec, ...] = ()
    #: argument name → msgid used *instead of* ``text`` when that argument is missing or empty.
    when_missing: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in VALID_KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        for spec in self.buttons:
            if isinstance(spec, str) and spec not in BUTTON_SETS:
                raise ValueError(f"unknown button set {spec!r}")

    @property
    def msgids(self) -> tuple[str, ...]:
        """Every msgid this response can show (its fixed buttons' titles included)."""
        ids = [self.text, *([self.plural] if self.plural else []), *self.when_missing.values()]
        ids += [spec.title for spec in self.buttons if isinstance(spec, Button)]
        return tuple(ids)


# --- texts used by more than one response --------------------------------------------------------

# Translators: Button. Opens the booking of an appointment with a
# human integration advisor.
BOOK_ADVISOR = Button(N_("Book an appointment with an advisor"), "/book_appointment")

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


# --- booking: names the renderer puts into booking texts and buttons (locales.booking) ---------

#: Meeting modes (the API's ids) → button title, also used in summaries ("Meeting: By phone").
MODE_TITLES: dict[str, str] = {
    # Translators: Button and summary value: a meeting at the advisor's office.
    "in_person": N_("In person"),
    # Translators: Button and summary value: the advisor phones the user.
    "phone": N_("By phone"),
    # Translators: Button and summary value: a video call.
    "video": N_("By video"),
}
#: The meeting topics offered as buttons, in this order (ids of CONTRACT.md §3), then "other".
MEETING_TOPICS: tuple[str, ...] = (
    "needs_assessment",
    "integration_plan",
    "integration_training",
    "other_training",
    "guidance_counselling",
)
# Translators: Button: the meeting is about something not in the list
# of topics. Also shown as the topic in the booking summary.
OTHER_TOPIC = N_("Something else")
# Translators: A value in the booking summary ("Interpreter: Yes").
YES = N_("Yes")
# Translators: A value in the booking summary ("Interpreter: No").
NO = N_("No")
# Translators: Button shown when no time is free: look for times with an
# interpreter too.
WITH_INTERPRETER = N_("With an interpreter")
# Translators: Button under the free times: show later ones.
LATER_TIMES = Button(N_("Later times"), '/inform{"booking_change":"later"}')
# Translators: A length of time in the privacy notice ("... are deleted
# {retention} after the meeting"); {count} is a number of days.
RETENTION_DAYS = Np_("{count} day", "{count} days")
# Translators: Button that stops the booking (or the change of a booking).
STOP_BOOKING = Button(N_("Stop"), "/stop")
# Translators: Button after "Nothing was booked": start the booking again.
TRY_AGAIN = Button(N_("Try again"), "/book_appointment")

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
    # The programme content itself, composed and translated by the API: nothing to translate.
    # Notes (NOTE_*) are added by locales.render from arguments fallback_language/outdated.
    "utter_answer": Response("answer", "{answer}", when_missing={"answer": DONT_KNOW}),
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
    "utter_out_of_scope": Response(
        "fallback",
        N_(
            "The integration programme documents do not cover that, for example residence "
            "permits or allowances. An advisor or the authority in question can help you."
        ),
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
    # --- booking (the form's questions and outcomes; actions pass the arguments) ----------------
    "utter_live_chat_unavailable": Response(
        "booking",
        N_(
            "Chatting live with a person is not available yet. Instead, I can book you an "
            "appointment with an integration advisor: in person, by phone or by video."
        ),
    ),
    "utter_ask_booking_municipality": Response(
        "booking",
        N_("Which municipality do you live in? I will look for an advisor who serves you there."),
        buttons=("municipalities",),
    ),
    "utter_ask_meeting_topic": Response(
        "booking",
        N_("What would you like to talk about with the advisor? Choose a topic or write your question."),
        buttons=("meeting_topics",),
    ),
    "utter_ask_booking_language": Response(
        "booking",
        N_("In which language would you like to have the meeting?"),
        buttons=("booking_languages",),
    ),
    "utter_ask_booking_interpreter": Response(
        "booking",
        # Translators: {meeting_language} is a language name written in
        # your language (e.g. "Arabic"); rephrase if your grammar needs
        # another case of it.
        N_(
            "If no advisor speaks {meeting_language}, may an interpreter join the meeting? Then "
            "there are more times to choose from."
        ),
        buttons=(
            # Translators: Button: an interpreter may join the meeting.
            Button(N_("Yes, an interpreter is fine"), '/inform{"booking_interpreter":"yes"}'),
            # Translators: Button: only advisors who speak the language.
            Button(N_("No interpreter"), '/inform{"booking_interpreter":"no"}'),
        ),
    ),
    "utter_ask_booking_mode": Response(
        "booking",
        N_("How would you like to meet?"),
        buttons=("booking_modes",),
    ),
    "utter_ask_booking_slot": Response(
        "booking",
        # Translators: Followed by one button per free time (day, date and
        # time in Finnish time) and a button for later times.
        N_("These are the next free times (Finnish time). Which one suits you?"),
        buttons=("options", LATER_TIMES, STOP_BOOKING),
    ),
    "utter_booking_no_slots": Response(
        "booking",
        # Translators: {contact_info} is a sentence from the programme
        # documents on whom to contact (e.g. a phone number), or empty.
        N_(
            "I'm sorry, there are no free times for this choice right now. You can try one of "
            "the options below, or stop here.\n\n{contact_info}"
        ),
        buttons=("booking_alternatives", STOP_BOOKING),
    ),
    "utter_booking_no_times": Response(
        "booking",
        # Translators: {provider_name} is a service provider's name (e.g.
        # "City of Porvoo"). {contact_info}: see the previous message.
        N_(
            "I'm sorry, the advisors of {provider_name} have no free times in the coming weeks, "
            "so I could not book anything.\n\n{contact_info}"
        ),
    ),
    "utter_ask_booking_contact": Response(
        "booking",
        N_("How can the advisor reach you? Please write your phone number or e-mail address."),
    ),
    "utter_booking_invalid_contact": Response(
        "booking",
        N_(
            "That does not look like a phone number or an e-mail address. Please write it, for "
            "example, like this: 040 123 4567 or name@example.com."
        ),
    ),
    "utter_booking_invalid_choice": Response(
        "booking",
        N_(
            "Sorry, I did not get that. Please choose one of the options, or type its number. "
            "To stop, write stop."
        ),
    ),
    "utter_ask_booking_privacy": Response(
        "booking",
        # Translators: The privacy notice. {provider_name} is a service
        # provider's name (e.g. "City of Porvoo"), {retention} a length of
        # time ("90 days"). Keep the blank lines: they split the text into
        # chat bubbles.
        N_(
            "Before I book, about your data: I will save your contact details, the meeting "
            "language, whether you need an interpreter, the topic and the time you agree to this. "
            "They are used only to arrange and manage your meeting, and only the advisors of "
            "{provider_name} see them.\n\n"
            "They are deleted {retention} after the meeting. You can delete them sooner by "
            "cancelling the appointment, with the cancel link you will get or by asking me here "
            "in the chat.\n\n"
            "Do you agree?"
        ),
        buttons=(
            # Translators: Button: the user accepts the privacy notice.
            Button(N_("Yes, I agree"), '/inform{"booking_privacy":"yes"}'),
            # Translators: Button: the user does not accept the privacy notice.
            Button(N_("No, I don't agree"), '/inform{"booking_privacy":"no"}'),
        ),
        when_missing={
            # Translators: As the previous message, when the retention time
            # is not known.
            "retention_days": N_(
                "Before I book, about your data: I will save your contact details, the meeting "
                "language, whether you need an interpreter, the topic and the time you agree to "
                "this. They are used only to arrange and manage your meeting, and only the "
                "advisors of {provider_name} see them.\n\n"
                "They are deleted some time after the meeting. You can delete them sooner by "
                "cancelling the appointment, with the cancel link you will get or by asking me "
                "here in the chat.\n\n"
                "Do you agree?"
            )
        },
    ),
    "utter_booking_privacy_declined": Response(
        "booking",
        N_(
            "All right. Nothing was booked and your contact details were not saved. If you "
            "change your mind, just ask me to book an appointment."
        ),
    ),
    "utter_ask_booking_confirmed": Response(
        "booking",
        # Translators: The booking summary; keep one item per line.
        # {when} is a day, date and time, {mode_name} e.g. "By phone",
        # {place} a place as the advisors wrote it, {provider_name} who
        # the advisor works for, {meeting_language} a language name,
        # {interpreter} "Yes" or "No", {topic_title} a topic.
        N_(
            "Please check your appointment:\n"
            "Time: {when}\n"
            "Meeting: {mode_name}\n"
            "Place: {place}\n"
            "Advisor: {provider_name}\n"
            "Language: {meeting_language}\n"
            "Interpreter: {interpreter}\n"
            "Topic: {topic_title}\n"
            "Your contact: {contact}\n\n"
            "Shall I book it?"
        ),
        buttons=(
            # Translators: Button: book the appointment as summarised.
            Button(N_("Yes, book it"), '/inform{"booking_confirmed":"yes"}'),
            # Translators: Button: choose another time.
            Button(N_("Change the time"), '/inform{"booking_change":"booking_slot"}'),
            # Translators: Button: give another phone number or e-mail.
            Button(N_("Change the contact"), '/inform{"booking_change":"booking_contact"}'),
            STOP_BOOKING,
        ),
        when_missing={
            # Translators: As the previous message, for a meeting by phone or
            # video (no place).
            "place": N_(
                "Please check your appointment:\n"
                "Time: {when}\n"
                "Meeting: {mode_name}\n"
                "Advisor: {provider_name}\n"
                "Language: {meeting_language}\n"
                "Interpreter: {interpreter}\n"
                "Topic: {topic_title}\n"
                "Your contact: {contact}\n\n"
                "Shall I book it?"
            )
        },
    ),
    "utter_booking_done": Response(
        "booking",
        # Translators: The booking confirmation. {booking_reference} is a
        # code like K7QM4X; {calendar_url} and {cancel_url} are web links.
        N_(
            "Your appointment is booked. Your reference is {booking_reference}.\n"
            "Time: {when}\n"
            "Meeting: {mode_name}\n"
            "Place: {place}\n"
            "Advisor: {provider_name}\n\n"
            "Add it to your calendar: {calendar_url}\n"
            "To cancel it, use this link: {cancel_url} or tell me here with your reference."
        ),
        when_missing={
            # Translators: As the previous message, for a meeting by phone or
            # video (no place).
            "place": N_(
                "Your appointment is booked. Your reference is {booking_reference}.\n"
                "Time: {when}\n"
                "Meeting: {mode_name}\n"
                "Advisor: {provider_name}\n\n"
                "Add it to your calendar: {calendar_url}\n"
                "To cancel it, use this link: {cancel_url} or tell me here with your reference."
            )
        },
    ),
    "utter_booking_slot_taken": Response(
        "booking",
        N_("I'm sorry, someone else just took that time. Please choose another one."),
    ),
    "utter_booking_failed": Response(
        "booking",
        N_(
            "Nothing was booked: I can't reach the booking service right now. Please try again "
            "in a moment. Trying again never books twice."
        ),
        buttons=(TRY_AGAIN,),
    ),
    "utter_booking_stopped": Response(
        "booking",
        N_("OK, I stopped the booking. Nothing was booked. What would you like to do now?"),
    ),
    "utter_booking_help": Response(
        "booking",
        N_(
            "We are booking an appointment with an advisor. Please answer the question: choose "
            "a button or type its number. To stop, write stop."
        ),
    ),
    # --- changing or cancelling a booked appointment ---------------------------------------------
    "utter_ask_manage_reference": Response(
        "booking",
        N_(
            "What is your booking reference? It is the code of six letters and numbers in your "
            "booking confirmation, for example K7QM4X."
        ),
        buttons=(STOP_BOOKING,),
    ),
    "utter_manage_invalid_reference": Response(
        "booking",
        N_("That does not look like a booking reference. It has six letters and numbers, for example K7QM4X."),
    ),
    "utter_ask_manage_contact": Response(
        "booking",
        N_("Which phone number or e-mail address did you give when you booked? I need it to find your appointment."),
    ),
    "utter_manage_not_found": Response(
        "booking",
        N_(
            "I could not find an appointment with that reference and contact. Please check them "
            "and write the reference again."
        ),
    ),
    "utter_manage_not_active": Response(
        "booking",
        N_(
            "That appointment cannot be changed here any more: it has already begun, or it was "
            "cancelled or moved."
        ),
    ),
    "utter_ask_manage_slot": Response(
        "booking",
        # Translators: {when} is the day, date and time of the booked
        # appointment. Followed by buttons with free times.
        N_(
            "Your appointment is on {when}. These are other free times (Finnish time). Which one "
            "would you like instead?"
        ),
        buttons=("options", LATER_TIMES, STOP_BOOKING),
    ),
    "utter_manage_no_slots": Response(
        "booking",
        # Translators: {contact_info}: a sentence on whom to contact, or empty.
        N_(
            "I'm sorry, there are no other free times right now. Your appointment on {when} is "
            "still booked.\n\n{contact_info}"
        ),
    ),
    "utter_ask_manage_cancel": Response(
        "booking",
        # Translators: {when} is a day, date and time; {mode_name} e.g. "By phone".
        N_("Do you want to cancel your appointment on {when} ({mode_name})?"),
        buttons=(
            # Translators: Button: cancel the appointment.
            Button(N_("Yes, cancel it"), '/inform{"manage_confirmed":"yes"}'),
            # Translators: Button: keep the appointment as it is.
            Button(N_("No, keep it"), '/inform{"manage_confirmed":"no"}'),
        ),
    ),
    "utter_ask_manage_move": Response(
        "booking",
        # Translators: {old_when} and {when} are days, dates and times.
        N_("Do you want to move your appointment from {old_when} to {when}?"),
        buttons=(
            # Translators: Button: move the appointment to the new time.
            Button(N_("Yes, move it"), '/inform{"manage_confirmed":"yes"}'),
            # Translators: Button: keep the appointment at its old time.
            Button(N_("No, keep the old time"), '/inform{"manage_confirmed":"no"}'),
        ),
    ),
    "utter_manage_cancelled": Response(
        "booking",
        # Translators: {booking_reference} is a code like K7QM4X.
        N_(
            "Your appointment on {when} is cancelled (reference {booking_reference}). The time "
            "is now free for others."
        ),
    ),
    "utter_manage_moved": Response(
        "booking",
        # Translators: The confirmation of a moved appointment: it gets a new
        # reference and new links.
        N_(
            "Your appointment is moved. Your new reference is {booking_reference}.\n"
            "Time: {when}\n"
            "Meeting: {mode_name}\n"
            "Place: {place}\n\n"
            "Add it to your calendar: {calendar_url}\n"
            "To cancel it, use this link: {cancel_url} or tell me here with your reference."
        ),
        when_missing={
            # Translators: As the previous message, for a meeting by phone or
            # video (no place).
            "place": N_(
                "Your appointment is moved. Your new reference is {booking_reference}.\n"
                "Time: {when}\n"
                "Meeting: {mode_name}\n\n"
                "Add it to your calendar: {calendar_url}\n"
                "To cancel it, use this link: {cancel_url} or tell me here with your reference."
            )
        },
    ),
    "utter_manage_kept": Response(
        "booking",
        N_("All right, I did not change anything. Your appointment stays as it was."),
    ),
    "utter_manage_failed": Response(
        "booking",
        N_("Nothing was changed: I can't reach the booking service right now. Please try again in a moment."),
    ),
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
