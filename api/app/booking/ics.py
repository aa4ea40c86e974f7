"""The calendar file (.ics, RFC 5545) of an appointment, written by the icalendar library."""

from __future__ import annotations

from icalendar import Calendar, Event

from locales.pages import PageTexts

from ..content.models import utcnow
from .models import BOOKED, Appointment
from .slots import as_utc
from .texts import CANCEL_LINK, MODES, REFERENCE, TITLE, interpreter_note

PRODID = "-//Opas//Advisor appointments//EN"
# The file describes the appointment as it stands: a cancelled or moved one is CANCELLED, which
# calendar programs show struck through or remove.
_EVENT_STATUS = {BOOKED: "CONFIRMED", "done": "CONFIRMED", "no_show": "CONFIRMED"}


def appointment_calendar(appointment: Appointment, language: str, cancel_url: str) -> bytes:
    texts = PageTexts(language)
    slot = appointment.slot
    mode = texts.gettext(MODES[appointment.mode])
    lines = [f"{texts.gettext(REFERENCE)}: {appointment.reference}", mode]
    if appointment.interpreter_needed and appointment.interpreter_language:
        lines.append(interpreter_note(texts, appointment.interpreter_language))
    if appointment.status == BOOKED:
        lines.append(f"{texts.gettext(CANCEL_LINK)}: {cancel_url}")
    event = Event.new(
        uid=f"{appointment.reference}@opas",
        stamp=as_utc(utcnow()),
        start=as_utc(slot.starts_at),
        end=as_utc(slot.ends_at),
        summary=texts.gettext(TITLE),
        location=slot.place or mode,
        description="\n".join(lines),
        status=_EVENT_STATUS.get(appointment.status, "CANCELLED"),
    )
    return Calendar.new(prodid=PRODID, method="PUBLISH", subcomponents=[event]).to_ical()
