"""Appointments: book, look up, cancel, reschedule, the links' token, and the retention purge.

The database keeps the rule "one booked appointment per slot" (a partial unique index); this
module only turns its verdict into answers. Every change of status is a conditional UPDATE
(``WHERE status = 'booked'``), so that two requests changing one appointment cannot both win.
Contact data is never logged, and never part of an error message.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import NamedTuple
from urllib.parse import quote

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from booking_rules.reference import new_reference, normalise_reference

from ..content.models import utcnow
from ..errors import (
    AppointmentNotActive,
    AppointmentNotFound,
    IdempotencyKeyReused,
    InvalidInput,
    OpasError,
    SlotUnavailable,
)
from ..languages import check_language
from .contact import Contact, mask_contact, normalise_contact
from .models import BOOKED, Appointment, Slot
from .schemas import AppointmentOut, BookingIn
from .slots import is_booked, lock_slot, slot_out, to_stored

# A new reference or token that happens to exist already is drawn again (32**6 references).
_ATTEMPTS = 5
_CLOCK_SKEW = timedelta(minutes=5)


class Links(NamedTuple):
    cancel_url: str
    calendar_url: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _issue_links(appointment: Appointment, public_url: str) -> Links:
    """A new token for ``appointment`` (only its hash is kept): the links made before stop working."""
    token = secrets.token_urlsafe(32)
    appointment.token_hash = hash_token(token)
    base = public_url.rstrip("/")
    return Links(
        cancel_url=f"{base}/cancel?token={token}",
        calendar_url=f"{base}/appointments/{quote(appointment.reference)}/calendar.ics?token={token}",
    )


def appointment_out(appointment: Appointment, links: Links | None = None) -> AppointmentOut:
    return AppointmentOut(
        reference=appointment.reference,
        status=appointment.status,
        slot=slot_out(appointment.slot, interpreter_needed=appointment.interpreter_needed),
        topic=appointment.topic,
        language=appointment.language,
        interpreter_needed=appointment.interpreter_needed,
        interpreter_language=appointment.interpreter_language,
        mode=appointment.mode,
        contact_kind=appointment.contact_kind,
        contact_masked=mask_contact(appointment.contact_kind, appointment.contact),
        name=appointment.name,
        cancel_url=links.cancel_url if links else None,
        calendar_url=links.calendar_url if links else None,
    )


# --- finding -------------------------------------------------------------------------------------


def current(appointment: Appointment) -> Appointment:
    """The appointment that replaced this one through reschedulings (itself if none did)."""
    seen = {appointment.id}
    while appointment.replaced_by is not None and appointment.replaced_by.id not in seen:
        appointment = appointment.replaced_by
        seen.add(appointment.id)
    return appointment


def find(session: Session, reference: str, contact: str) -> Appointment:
    """The (current) appointment of ``reference`` booked with ``contact``.

    An unknown reference and a wrong contact get the same error, so that nobody can learn which
    references exist.
    """
    given = normalise_contact(contact)
    row = session.scalar(select(Appointment).where(Appointment.reference == normalise_reference(reference)))
    stored = row.contact if row is not None else None
    if stored is None or not secrets.compare_digest(stored.encode(), given.value.encode()):
        raise AppointmentNotFound()
    return current(row)


def find_by_token(session: Session, token: str) -> Appointment | None:
    """The appointment whose cancel or calendar link carries ``token`` (see ``current``)."""
    if not token or len(token) > 200:
        return None
    return session.scalar(select(Appointment).where(Appointment.token_hash == hash_token(token)))


def _by_idempotency_key(session: Session, key: str) -> Appointment | None:
    return session.scalar(select(Appointment).where(Appointment.idempotency_key == key))


def _bookable_slot(session: Session, slot_id: int, now: datetime) -> Slot:
    slot = session.get(Slot, slot_id)
    if (
        slot is None
        or slot.withdrawn_at is not None
        or not slot.advisor.active
        or slot.starts_at <= now
        or session.scalar(select(is_booked(slot_id)))
    ):
        raise SlotUnavailable()
    return slot


# --- changing ------------------------------------------------------------------------------------


def _set_status(session: Session, appointment: Appointment, status: str, now: datetime) -> bool:
    """booked → ``status``; False (and rolled back) when another request changed it first."""
    result = session.execute(
        update(Appointment)
        .where(Appointment.id == appointment.id, Appointment.status == BOOKED)
        .values(status=status, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        return False
    return True


def _insert(session: Session, appointment: Appointment, slot_id: int) -> None:
    """Adds ``appointment`` to the open transaction; IntegrityError when the slot is taken.

    Also refused when staff withdrew the slot meanwhile: checked after the insert, when this
    transaction holds the slot (PostgreSQL: its row lock; SQLite: the write lock).
    """
    session.add(appointment)
    session.flush()
    if session.scalar(select(Slot.withdrawn_at).where(Slot.id == slot_id)) is not None:
        session.rollback()
        raise SlotUnavailable()


def _replay(
    session: Session, appointment: Appointment, slot_id: int, contact: Contact, public_url: str
) -> AppointmentOut:
    if appointment.slot_id != slot_id or appointment.contact != contact.value:
        raise IdempotencyKeyReused()
    links = _issue_links(appointment, public_url)
    session.commit()
    return appointment_out(appointment, links)


def book(
    session: Session, request: BookingIn, public_url: str, now: datetime | None = None
) -> tuple[AppointmentOut, bool]:
    """Books ``request.slot_id``; returns the appointment and whether it was booked before
    (a retried request: same key, same slot and contact)."""
    now = now or utcnow()
    language = check_language(request.language)
    contact = normalise_contact(request.contact)
    accepted_at = to_stored(request.privacy_accepted_at)
    if accepted_at > now + _CLOCK_SKEW:
        raise InvalidInput("privacy_accepted_at is in the future.")
    earlier = _by_idempotency_key(session, request.idempotency_key)
    if earlier is None:
        try:
            return _book_new(session, request, language, contact, accepted_at, public_url, now), False
        except SlotUnavailable:
            session.rollback()
            # Sent twice at once, the same request may be what just took the slot.
            earlier = _by_idempotency_key(session, request.idempotency_key)
            if earlier is None:
                raise
    return _replay(session, earlier, request.slot_id, contact, public_url), True


def _book_new(
    session: Session,
    request: BookingIn,
    language: str,
    contact: Contact,
    accepted_at: datetime,
    public_url: str,
    now: datetime,
) -> AppointmentOut:
    slot = _bookable_slot(session, request.slot_id, now)
    if request.mode is not None and request.mode != slot.mode:
        raise InvalidInput(f"The slot is for a {slot.mode.replace('_', ' ')} meeting.")
    # An advisor who does not speak the user's language meets them with an interpreter.
    interpreter = request.interpreter_needed or language not in slot.advisor.languages
    slot_id, mode = slot.id, slot.mode
    for _ in range(_ATTEMPTS):
        appointment = Appointment(
            reference=new_reference(),
            slot_id=slot_id,
            topic=request.topic,
            language=language,
            interpreter_needed=interpreter,
            interpreter_language=(request.interpreter_language or language) if interpreter else None,
            mode=mode,
            contact_kind=contact.kind,
            contact=contact.value,
            name=request.name or None,
            privacy_accepted_at=accepted_at,
            status=BOOKED,
            idempotency_key=request.idempotency_key,
        )
        links = _issue_links(appointment, public_url)
        try:
            lock_slot(session, slot_id)
            _insert(session, appointment, slot_id)
            session.commit()
        except IntegrityError:
            session.rollback()
            # Which rule said no: the slot is taken, the same request won a race (book() then
            # answers with its appointment), or (rarely) the drawn reference exists.
            if session.scalar(select(is_booked(slot_id))) or _by_idempotency_key(session, request.idempotency_key):
                raise SlotUnavailable() from None
            continue
        return appointment_out(appointment, links)
    raise OpasError("Could not draw a free reference.")


def cancel(session: Session, appointment: Appointment, now: datetime | None = None) -> Appointment:
    """Cancels a booked appointment that has not begun; cancelling twice is no error."""
    now = now or utcnow()
    if appointment.status == "cancelled":
        return appointment
    if appointment.status != BOOKED or appointment.slot.starts_at <= now:
        raise AppointmentNotActive()
    changed = _set_status(session, appointment, "cancelled", now)
    session.commit()
    session.refresh(appointment)
    if not changed and appointment.status != "cancelled":  # staff marked or the user moved it
        raise AppointmentNotActive()
    return appointment


def reschedule(
    session: Session,
    appointment: Appointment,
    slot_id: int,
    public_url: str,
    now: datetime | None = None,
) -> AppointmentOut:
    """Moves a booked appointment to ``slot_id`` in one transaction: a new appointment (new
    reference and links) takes the new slot, and the old one, now ``rescheduled``, frees its slot.
    Nothing changes when the new slot cannot be had."""
    now = now or utcnow()
    if appointment.status == BOOKED and appointment.slot_id == slot_id:
        # A retried request (its first answer was lost): the move happened already.
        links = _issue_links(appointment, public_url)
        session.commit()
        return appointment_out(appointment, links)
    if appointment.status != BOOKED or appointment.slot.starts_at <= now:
        raise AppointmentNotActive()
    slot = _bookable_slot(session, slot_id, now)
    if slot.advisor.provider_id != appointment.slot.advisor.provider_id:
        raise InvalidInput("The new time must be with the same provider.")
    interpreter = appointment.interpreter_needed or appointment.language not in (slot.advisor.languages)
    old_id = appointment.id
    values = {
        "topic": appointment.topic,
        "language": appointment.language,
        "interpreter_needed": interpreter,
        "interpreter_language": appointment.interpreter_language or (appointment.language if interpreter else None),
        "contact_kind": appointment.contact_kind,
        "contact": appointment.contact,
        "name": appointment.name,
        "privacy_accepted_at": appointment.privacy_accepted_at,
    }
    for _ in range(_ATTEMPTS):
        new = Appointment(reference=new_reference(), slot_id=slot_id, mode=slot.mode, status=BOOKED, **values)
        links = _issue_links(new, public_url)
        try:
            lock_slot(session, slot_id)
            old = session.get(Appointment, old_id)
            assert old is not None
            if not _set_status(session, old, "rescheduled", now):
                raise AppointmentNotActive()
            _insert(session, new, slot_id)
            session.execute(update(Appointment).where(Appointment.id == old_id).values(replaced_by_id=new.id))
            session.commit()
        except IntegrityError:
            session.rollback()
            if session.scalar(select(is_booked(slot_id))):
                raise SlotUnavailable() from None
            continue
        return appointment_out(new, links)
    raise OpasError("Could not draw a free reference.")


def mark_outcome(session: Session, appointment: Appointment, status: str, now: datetime | None = None) -> None:
    """Staff: a booked appointment that has begun was ``done`` or a ``no_show``."""
    now = now or utcnow()
    if status not in ("done", "no_show"):
        raise InvalidInput("The outcome is done or no_show.")
    if appointment.status != BOOKED or appointment.slot.starts_at > now:
        raise AppointmentNotActive("Only a booked appointment that has begun can be marked.")
    if not _set_status(session, appointment, status, now):
        raise AppointmentNotActive()
    session.commit()
    session.refresh(appointment)


def purge_expired(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Removes the contact data (and links, and the idempotency key) of appointments whose time
    is more than ``retention_days`` ago; returns how many. What stays is anonymous statistics."""
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    expired = select(Slot.id).where(Slot.starts_at < cutoff)
    result = session.execute(
        update(Appointment)
        .where(Appointment.purged_at.is_(None), Appointment.slot_id.in_(expired))
        .values(contact=None, name=None, token_hash=None, idempotency_key=None, purged_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount
