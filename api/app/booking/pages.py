"""What a user opens from the links the bot gave: the cancel page and the calendar file.

No service token here: the link's token is the key. It travels as ``?token=`` (the access log
hides that parameter) and in the form's body, never in the path. The cancel page asks before it
cancels, because link previews and mail scanners open links on their own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from locales.booking import format_when
from locales.languages import SUPPORTED
from locales.pages import PageMessage, PageTexts

from ..content.models import utcnow
from ..deps import SessionDep, SettingsDep
from ..errors import AppointmentNotActive, NotFound
from ..templating import HtmlRoute, render
from . import service
from .ics import appointment_calendar
from .models import BOOKED, Appointment
from .schemas import Reference
from .texts import MODES, STATES, interpreter_note, link_language, request_link_language


class LinkRoute(HtmlRoute):
    page_language_of = staticmethod(request_link_language)


router = APIRouter(tags=["booking links"], route_class=LinkRoute, default_response_class=HTMLResponse)

Token = Annotated[str, Query(min_length=1, max_length=200, description="The token of the link.")]
Lang = Annotated[str | None, Query(max_length=8, description=f"The page's language: {', '.join(SUPPORTED)}.")]


def _cancel_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/cancel?token={token}"


@router.get(
    "/appointments/{reference}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}},
)
def calendar_file(
    session: SessionDep, settings: SettingsDep, reference: Reference, token: Token, lang: Lang = None
) -> Response:
    """The appointment as an .ics file for the user's calendar."""
    row = service.find_by_token(session, token)
    if row is None or row.reference != service.normalise_reference(reference):
        raise NotFound(PageMessage("This calendar link is not valid."))
    appointment = service.current(row)
    language = link_language(lang, appointment.language)
    body = appointment_calendar(appointment, language, _cancel_url(settings.public_url, token))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{appointment.reference}.ics"'},
    )


def _page(
    request: Request,
    appointment: Appointment | None,
    state: str,
    lang: str | None,
    token: str = "",
) -> Response:
    language = link_language(
        lang,
        appointment.language if appointment else None,
        accept_language=request.headers.get("accept-language", ""),
    )
    texts = PageTexts(language)
    details = None
    if appointment is not None:
        interpreter = None
        if appointment.interpreter_needed and appointment.interpreter_language:
            interpreter = interpreter_note(texts, appointment.interpreter_language)
        details = {
            "reference": appointment.reference,
            "time": format_when(appointment.slot.starts_at, language),
            "mode": texts.gettext(MODES[appointment.mode]),
            "place": appointment.slot.place,
            "interpreter": interpreter,
        }
    notice = texts.gettext(STATES[state]) if state in STATES else None
    context = {"state": state, "notice": notice, "details": details, "token": token}
    return render(request, "booking/cancel.html", language, context, 404 if state == "invalid" else 200)


def _state(appointment: Appointment) -> str:
    if appointment.status == "cancelled":
        return "cancelled"
    if appointment.status != BOOKED or appointment.slot.starts_at <= utcnow():
        return "not_active"
    return "question"


def _by_token(session: Session, token: str) -> Appointment | None:
    """The current appointment of a cancel link: a link of a moved appointment still works."""
    row = service.find_by_token(session, token)
    return service.current(row) if row is not None else None


@router.get("/cancel")
def cancel_page(request: Request, session: SessionDep, token: Token, lang: Lang = None) -> Response:
    """Shows the appointment and asks whether to cancel it."""
    appointment = _by_token(session, token)
    if appointment is None:
        return _page(request, None, "invalid", lang)
    return _page(request, appointment, _state(appointment), lang, token)


@router.post("/cancel")
def cancel_confirmed(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Form(min_length=1, max_length=200)],
    lang: Annotated[str | None, Form(max_length=8)] = None,
) -> Response:
    """Cancels the appointment of the link."""
    # No CSRF token: the link's own token is the secret a forged request would need.
    appointment = _by_token(session, token)
    if appointment is None:
        return _page(request, None, "invalid", lang)
    state = _state(appointment)
    if state == "question":
        try:
            service.cancel(session, appointment)
            state = "cancelled_now"
        except AppointmentNotActive:  # changed meanwhile (cancelled twice at once, staff)
            session.refresh(appointment)
            state = _state(appointment)
    return _page(request, appointment, state, lang)
