"""The booking flow's responses (the form's questions and outcomes; actions pass the arguments),
and the names the renderer puts into booking texts and buttons (``locales.booking``).
Merged into ``locales.responses.RESPONSES``; msgids are extracted like the rest (babel.cfg)."""

from __future__ import annotations

from .response_types import N_, Button, ButtonSpec, Np_, Response

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


#: The buttons of each booking question, in order: fixed buttons and the button sets of
#: ``locales.booking.buttons``. The question's action makes them (``question_options``) and passes
#: them to the NLG as argument ``options``, which is the only button set of these responses: the
#: buttons are made once, and the action remembers exactly what was shown.
QUESTION_BUTTONS: dict[str, tuple[ButtonSpec, ...]] = {
    "utter_ask_booking_municipality": ("municipalities",),
    "utter_ask_meeting_topic": ("meeting_topics",),
    "utter_ask_booking_language": ("booking_languages",),
    "utter_ask_booking_interpreter": (
        # Translators: Button: an interpreter may join the meeting.
        Button(N_("Yes, an interpreter is fine"), '/inform{"booking_interpreter":"yes"}'),
        # Translators: Button: only advisors who speak the language.
        Button(N_("No interpreter"), '/inform{"booking_interpreter":"no"}'),
    ),
    "utter_ask_booking_mode": ("booking_modes",),
    "utter_ask_booking_slot": ("free_times", LATER_TIMES, STOP_BOOKING),
    "utter_booking_no_slots": ("booking_alternatives", STOP_BOOKING),
    "utter_ask_booking_privacy": (
        # Translators: Button: the user accepts the privacy notice.
        Button(N_("Yes, I agree"), '/inform{"booking_privacy":"yes"}'),
        # Translators: Button: the user does not accept the privacy notice.
        Button(N_("No, I don't agree"), '/inform{"booking_privacy":"no"}'),
    ),
    "utter_ask_booking_confirmed": (
        # Translators: Button: book the appointment as summarised.
        Button(N_("Yes, book it"), '/inform{"booking_confirmed":"yes"}'),
        # Translators: Button: choose another time.
        Button(N_("Change the time"), '/inform{"booking_change":"booking_slot"}'),
        # Translators: Button: have the meeting in another language.
        Button(N_("Change the language"), '/inform{"booking_change":"booking_language"}'),
        # Translators: Button: give another phone number or e-mail.
        Button(N_("Change the contact"), '/inform{"booking_change":"booking_contact"}'),
        STOP_BOOKING,
    ),
    "utter_ask_manage_reference": (STOP_BOOKING,),
    "utter_ask_manage_slot": ("free_times", LATER_TIMES, STOP_BOOKING),
    "utter_ask_manage_cancel": (
        # Translators: Button: cancel the appointment.
        Button(N_("Yes, cancel it"), '/inform{"manage_confirmed":"yes"}'),
        # Translators: Button: keep the appointment as it is.
        Button(N_("No, keep it"), '/inform{"manage_confirmed":"no"}'),
    ),
    "utter_ask_manage_move": (
        # Translators: Button: move the appointment to the new time.
        Button(N_("Yes, move it"), '/inform{"manage_confirmed":"yes"}'),
        # Translators: Button: keep the appointment at its old time.
        Button(N_("No, keep the old time"), '/inform{"manage_confirmed":"no"}'),
    ),
}


BOOKING_RESPONSES: dict[str, Response] = {
    # --- booking (the form's questions and outcomes; actions pass the arguments) ----------------
    "utter_live_chat_unavailable": Response(
        "booking",
        N_(
            "No advisor is on live chat duty right now. Instead, I can book you an "
            "appointment with an integration advisor: in person, by phone or by video."
        ),
    ),
    "utter_ask_booking_municipality": Response(
        "booking",
        N_("Which municipality do you live in? I will look for an advisor who serves you there."),
        buttons=("options",),
    ),
    "utter_ask_meeting_topic": Response(
        "booking",
        N_("What would you like to talk about with the advisor? Choose a topic or write your question."),
        buttons=("options",),
    ),
    "utter_ask_booking_language": Response(
        "booking",
        N_("In which language would you like to have the meeting?"),
        buttons=("options",),
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
        buttons=("options",),
    ),
    "utter_ask_booking_mode": Response(
        "booking",
        N_("How would you like to meet?"),
        buttons=("options",),
    ),
    "utter_ask_booking_slot": Response(
        "booking",
        # Translators: Followed by one button per free time (day, date and
        # time in Finnish time) and a button for later times.
        N_("These are the next free times (Finnish time). Which one suits you?"),
        buttons=("options",),
    ),
    "utter_booking_no_slots": Response(
        "booking",
        # Translators: {contact_info} is a sentence from the programme
        # documents on whom to contact (e.g. a phone number), or empty.
        N_(
            "I'm sorry, there are no free times for this choice right now. You can try one of "
            "the options below, or stop here.\n\n{contact_info}"
        ),
        buttons=("options",),
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
        buttons=("options",),
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
        buttons=("options",),
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
        buttons=("options",),
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
        buttons=("options",),
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
        buttons=("options",),
    ),
    "utter_ask_manage_move": Response(
        "booking",
        # Translators: {old_when} and {when} are days, dates and times.
        N_("Do you want to move your appointment from {old_when} to {when}?"),
        buttons=("options",),
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
