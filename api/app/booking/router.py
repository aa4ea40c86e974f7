"""Booking endpoints for the bot (service token): free times, book, look up, cancel, reschedule.

The contact travels in request bodies, never in URLs, so that it stays out of access logs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from ..deps import ServiceAuth, SessionDep, SettingsDep
from ..edge import BoundedDate
from ..errors import InvalidInput
from ..languages import check_language
from . import service
from .schemas import AppointmentOut, BookingIn, ContactIn, Jobseeker, Mode, Reference, RescheduleIn, SlotList
from .slots import free_slots, serving_provider

router = APIRouter(prefix="/v1", tags=["booking"], dependencies=[ServiceAuth])

ReferencePath = Annotated[Reference, Path(description="The appointment's reference code.")]


@router.get("/slots", response_model=SlotList)
def list_free_slots(
    session: SessionDep,
    provider: Annotated[str | None, Query(max_length=60, description="A provider id, e.g. `porvoo`.")] = None,
    municipality: Annotated[
        str | None,
        Query(max_length=60, description="Instead of `provider`: where the user lives; the API decides who serves it."),
    ] = None,
    jobseeker: Annotated[
        Jobseeker, Query(description="With `municipality`: jobseekers are served by the employment authority.")
    ] = "unknown",
    language: Annotated[str | None, Query(max_length=35, description="The user's language.")] = None,
    with_interpreter: Annotated[
        bool,
        Query(description="Also advisors who do not speak `language` (with an interpreter)."),
    ] = True,
    mode: Mode | None = None,
    from_date: Annotated[
        BoundedDate | None, Query(alias="from", description="First day (Helsinki time); default today.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> SlotList:
    """The next free times of a provider's advisors, or of those who serve a municipality, earliest first."""
    if (provider is None) == (municipality is None):
        raise InvalidInput("Give either provider or municipality.")
    coverage = None
    if municipality is not None:
        coverage, provider = serving_provider(session, municipality, jobseeker)
    if provider is None:  # a place Opas does not cover: nobody to book there
        return SlotList(slots=[], provider=None, municipality=municipality, coverage=coverage)
    slots = free_slots(
        session,
        provider=provider,
        language=check_language(language) if language else None,
        with_interpreter=with_interpreter,
        mode=mode,
        from_date=from_date,
        limit=limit,
    )
    return SlotList(slots=slots, provider=provider, municipality=municipality, coverage=coverage)


@router.post(
    "/appointments",
    response_model=AppointmentOut,
    status_code=201,
    responses={
        409: {
            "description": "`slot_unavailable`: the time was taken (or withdrawn) meanwhile, offer "
            "others; `idempotency_key_reused`: the key was used for another slot or contact."
        },
        422: {"description": "`invalid_contact`, `unsupported_language` or `invalid_request`."},
    },
)
def book_appointment(session: SessionDep, settings: SettingsDep, body: BookingIn, response: Response) -> AppointmentOut:
    """Books a free time; the same request again (same `idempotency_key`) never books twice."""
    # A repeated request gets the appointment booked the first time, marked with this header.
    appointment, replayed = service.book(session, body, settings.public_url)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return appointment


@router.post(
    "/appointments/{reference}/lookup",
    response_model=AppointmentOut,
    responses={404: {"description": "`appointment_not_found`: unknown reference or wrong contact."}},
)
def look_up_appointment(session: SessionDep, reference: ReferencePath, body: ContactIn) -> AppointmentOut:
    """The appointment of a reference booked with this contact (a moved one: its replacement)."""
    # A wrong contact gets the same 404 as an unknown reference: references cannot be probed.
    return service.appointment_out(service.find(session, reference, body.contact))


@router.post(
    "/appointments/{reference}/cancel",
    response_model=AppointmentOut,
    responses={409: {"description": "`appointment_not_active`: it has begun, or was done or moved."}},
)
def cancel_appointment(session: SessionDep, reference: ReferencePath, body: ContactIn) -> AppointmentOut:
    """Cancels an appointment that has not begun and frees its time (again: no error)."""
    appointment = service.find(session, reference, body.contact)
    return service.appointment_out(service.cancel(session, appointment))


@router.post(
    "/appointments/{reference}/reschedule",
    response_model=AppointmentOut,
    responses={
        409: {"description": "`slot_unavailable` (nothing changed) or `appointment_not_active`."},
        422: {"description": "The new time is with another provider."},
    },
)
def reschedule_appointment(
    session: SessionDep, settings: SettingsDep, reference: ReferencePath, body: RescheduleIn
) -> AppointmentOut:
    """Moves an appointment to another free time of the same provider: a new reference and links."""
    # One transaction: the old appointment becomes `rescheduled` (freeing its slot) only if the
    # new one gets the new slot. Repeated, the request answers with the same new appointment.
    appointment = service.find(session, reference, body.contact)
    return service.reschedule(session, appointment, body.slot_id, settings.public_url)
