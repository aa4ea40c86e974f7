"""Staff pages: log-in and log-out, the appointments of the own provider, and its free times.

An advisor's account sees its own provider's appointments and slots and no other (another
provider's appointment is "not found", not "forbidden": it does not exist for them); an admin
sees every provider. Every form posts the session's CSRF token.
"""

from __future__ import annotations

import math
import secrets
from datetime import datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from locales.languages import is_supported
from locales.pages import PageTexts

from .. import audit
from ..booking import service as booking
from ..booking.models import BOOKED, MODES, Advisor, Appointment, Slot
from ..booking.slots import HELSINKI, add_slot, is_booked, to_stored, withdraw_slot
from ..clock import helsinki_today
from ..content.models import Provider, utcnow
from ..deps import SessionDep, SettingsDep
from ..edge import BoundedDate, RowId
from ..errors import NotFound
from ..templating import HtmlRoute, render
from .auth import (
    AdvisorUser,
    CurrentUser,
    StaffSession,
    StaffSessionDep,
    authenticate,
    clear_session,
    normalise_username,
    write_session,
)
from .csrf import FIELD as CSRF_FIELD
from .csrf import CsrfProtected
from .models import COORDINATOR, StaffUser
from .texts import COOKIE as LANGUAGE_COOKIE
from .texts import MODE_NAMES, STATUS_NAMES, local_time, names, safe_next, staff_language, too_many_wrong
from .throttle import LoginThrottle

# Appointments this many days old are still listed: they may wait to be marked done or no-show.
RECENT_DAYS = 7
# The language chosen with the header's links is remembered this long.
LANGUAGE_COOKIE_DAYS = 365


class StaffRoute(HtmlRoute):
    login_url = "/staff/login"
    page_language_of = staticmethod(staff_language)


router = APIRouter(prefix="/staff", route_class=StaffRoute, include_in_schema=False)


def page(
    request: Request,
    staff: StaffSession,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """A staff page in its language, with the user and the CSRF token its forms post."""
    texts = PageTexts(staff_language(request))
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    values = {
        "user": staff.user,
        "csrf_field": CSRF_FIELD,
        "csrf_token": staff.csrf,
        "mode_names": names(texts, MODE_NAMES),
        "status_names": names(texts, STATUS_NAMES),
        "here": safe_next(here),
        "when": lambda moment: local_time(moment, texts.language),
    }
    response = render(request, f"staff/{name}", texts.language, values | (context or {}), status_code)
    if not staff.stored:
        write_session(response, request.app.state.settings, staff)
    return response


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def visible(query: Select, user: StaffUser) -> Select:
    """Limits a query joined with Advisor to what ``user`` may see."""
    if user.provider_id is None:
        return query
    return query.where(Advisor.provider_id == user.provider_id)


def own_advisors(session: Session, user: StaffUser) -> list[Advisor]:
    query = visible(select(Advisor).where(Advisor.active.is_(True)), user)
    return list(session.scalars(query.order_by(Advisor.provider_id, Advisor.name)).unique())


def _own(session: Session, user: StaffUser, query: Select) -> Any:
    found = session.scalars(visible(query, user)).unique().first()
    if found is None:
        raise NotFound()
    return found


# --- language ----------------------------------------------------------------------------------


@router.get("/language")
def choose_language(
    settings: SettingsDep,
    lang: Annotated[str, Query(max_length=8)],
    next_page: Annotated[str, Query(alias="next", max_length=2000)] = "/staff/",
) -> Response:
    """Remembers the language chosen in the page header and goes back to the page (of this site)."""
    response = see_other(safe_next(next_page))
    if is_supported(lang):
        response.set_cookie(
            LANGUAGE_COOKIE,
            lang,
            max_age=LANGUAGE_COOKIE_DAYS * 24 * 3600,
            path="/staff",
            httponly=True,
            secure=settings.env == "production",
            samesite="lax",
        )
    return response


# --- log-in ----------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, staff: StaffSessionDep) -> Response:
    if staff.user is not None:
        return see_other("/staff/")
    return page(request, staff, "login.html")


@router.post("/login", dependencies=[CsrfProtected])
def log_in(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: StaffSessionDep,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    throttle: LoginThrottle = request.app.state.staff_logins
    address = request.client.host if request.client else "unknown"
    wait = throttle.retry_after(username, address)
    if wait:
        texts = PageTexts(staff_language(request))
        context = {"error": too_many_wrong(texts, math.ceil(wait / 60)), "username": username}
        response = page(request, staff, "login.html", context, 429)
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    user = authenticate(session, username, password)
    if user is None:
        throttle.failed(username, address)
        # The name only if it is an account's: a password typed into the wrong field stays out.
        known = session.scalar(select(StaffUser.username).where(StaffUser.username == normalise_username(username)))
        audit.record(session, None, "login.failed", username=known)
        texts = PageTexts(staff_language(request))
        context = {"error": texts.gettext("Wrong username or password."), "username": username}
        return page(request, staff, "login.html", context, 401)
    audit.record(session, user, "login", "staff_user", user.id)
    response = see_other("/staff/")
    # A new CSRF token with the new session: one seen before the log-in is worth nothing after.
    write_session(response, settings, StaffSession(csrf=secrets.token_urlsafe(32), user=user))
    return response


@router.post("/logout", dependencies=[CsrfProtected])
def log_out(session: SessionDep, user: CurrentUser) -> Response:
    user.session_epoch += 1  # ends this session and every other of the user
    session.commit()
    audit.record(session, user, "logout", "staff_user", user.id)
    response = see_other("/staff/login")
    clear_session(response)
    return response


# --- appointments ------------------------------------------------------------------------------


@router.get("/")
def appointments(
    request: Request,
    session: SessionDep,
    staff: StaffSessionDep,
    user: CurrentUser,
    provider: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    """Upcoming (and last week's) appointments of the user's provider; admins: every provider.

    A coordinator has no business with appointments: their home is the content pages.
    """
    if user.role == COORDINATOR:
        return see_other("/staff/content")
    now = utcnow()
    first_day = helsinki_today() - timedelta(days=RECENT_DAYS)
    since = to_stored(datetime.combine(first_day, time(0), HELSINKI))
    query = (
        select(Appointment)
        .join(Appointment.slot)
        .join(Slot.advisor)
        .where(Slot.starts_at >= since, Appointment.status != "rescheduled")
        .order_by(Slot.starts_at)
    )
    query = visible(query, user)
    if provider and user.is_admin:
        query = query.where(Advisor.provider_id == provider)
    rows = session.scalars(query).unique().all()
    providers = session.scalars(select(Provider).order_by(Provider.id)).all() if user.is_admin else []
    context = {
        "appointments": rows,
        "now": now,
        "booked": BOOKED,
        "providers": providers,
        "provider": provider,
    }
    return page(request, staff, "appointments.html", context)


@router.post("/appointments/{appointment_id}/outcome", dependencies=[CsrfProtected])
def mark_appointment(
    session: SessionDep,
    user: AdvisorUser,
    appointment_id: RowId,
    status: Annotated[str, Form(pattern="^(done|no_show)$")],
) -> Response:
    booking.mark_outcome(session, _own_appointment(session, user, appointment_id), status)
    audit.record(session, user, "appointment.outcome", "appointment", appointment_id, detail=status)
    return see_other("/staff/")


@router.post("/appointments/{appointment_id}/cancel", dependencies=[CsrfProtected])
def cancel_appointment(session: SessionDep, user: AdvisorUser, appointment_id: RowId) -> Response:
    """Cancels a coming appointment (the advisor tells the client; nothing is sent from here)."""
    booking.cancel(session, _own_appointment(session, user, appointment_id))
    audit.record(session, user, "appointment.cancel", "appointment", appointment_id)
    return see_other("/staff/")


def _own_appointment(session: Session, user: StaffUser, appointment_id: int) -> Appointment:
    query = select(Appointment).join(Appointment.slot).join(Slot.advisor).where(Appointment.id == appointment_id)
    return _own(session, user, query)


# --- slots -------------------------------------------------------------------------------------


@router.get("/slots")
def slots(request: Request, session: SessionDep, staff: StaffSessionDep, user: AdvisorUser):
    """The coming free and booked times of the user's provider, and a form to add one."""
    query = (
        select(Slot, is_booked(Slot.id).label("booked"))
        .join(Slot.advisor)
        .where(Slot.starts_at >= utcnow(), Slot.withdrawn_at.is_(None))
        .order_by(Slot.starts_at, Advisor.name)
    )
    rows = session.execute(visible(query, user)).unique().all()
    context = {
        "slots": rows,
        "advisors": own_advisors(session, user),
        "modes": MODES,
        "today": helsinki_today().isoformat(),
    }
    return page(request, staff, "slots.html", context)


@router.post("/slots", dependencies=[CsrfProtected])
def create_slot(
    session: SessionDep,
    user: AdvisorUser,
    advisor_id: Annotated[RowId, Form()],
    day: Annotated[BoundedDate, Form()],
    start: Annotated[time, Form()],
    duration_minutes: Annotated[int, Form(ge=5, le=480)],
    mode: Annotated[str, Form(max_length=20)],
    place: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    advisor = _own(session, user, select(Advisor).where(Advisor.id == advisor_id))
    starts_at = datetime.combine(day, start, HELSINKI)
    slot = add_slot(
        session,
        advisor,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
    )
    audit.record(session, user, "slot.create", "slot", slot.id, detail=f"advisor {advisor.id}")
    return see_other("/staff/slots")


@router.post("/slots/{slot_id}/withdraw", dependencies=[CsrfProtected])
def remove_slot(session: SessionDep, user: AdvisorUser, slot_id: RowId) -> Response:
    """Takes a time off the offer; refused while someone has booked it."""
    slot = _own(session, user, select(Slot).join(Slot.advisor).where(Slot.id == slot_id))
    withdraw_slot(session, slot)
    audit.record(session, user, "slot.withdraw", "slot", slot.id)
    return see_other("/staff/slots")
