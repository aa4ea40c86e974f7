"""Admin pages: advisors, their accounts and coordinators' accounts (the first admin comes from
`manage create-admin`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from sqlalchemy import select

from locales.pages import PageMessage

from .. import audit
from ..booking.models import MODES, Advisor
from ..content.models import Provider
from ..deps import SessionDep
from ..edge import RowId
from ..errors import InvalidInput, NotFound
from .auth import MIN_PASSWORD_LENGTH, AdminUser, StaffSessionDep, create_user
from .csrf import CsrfProtected
from .models import COORDINATOR, StaffUser
from .router import StaffRoute, page, see_other

router = APIRouter(prefix="/staff", route_class=StaffRoute, include_in_schema=False)


@router.get("/accounts")
def accounts(request: Request, session: SessionDep, staff: StaffSessionDep, _admin: AdminUser):
    """Every advisor with their account, and the forms to add advisors and accounts."""
    advisors = session.scalars(select(Advisor).order_by(Advisor.provider_id, Advisor.name)).all()
    users = session.scalars(select(StaffUser).order_by(StaffUser.username)).unique().all()
    context = {
        "advisors": advisors,
        "users": users,
        "account_of": {u.advisor_id: u for u in users if u.advisor_id is not None},
        "coordinators": [u for u in users if u.role == COORDINATOR],
        "providers": session.scalars(select(Provider).order_by(Provider.id)).all(),
        "modes": MODES,
        "min_password": MIN_PASSWORD_LENGTH,
    }
    return page(request, staff, "accounts.html", context)


@router.post("/advisors", dependencies=[CsrfProtected])
def create_advisor(
    session: SessionDep,
    _admin: AdminUser,
    name: Annotated[str, Form(min_length=2, max_length=200)],
    provider: Annotated[str, Form(max_length=120)],
    languages: Annotated[str, Form(max_length=200, description="Codes: fi, sv, en")],
    modes: Annotated[list[str], Form()],
) -> Response:
    if session.get(Provider, provider) is None:
        raise InvalidInput(PageMessage("Unknown provider."))
    codes = [code.strip().lower() for code in languages.replace(";", ",").split(",")]
    codes = [code for code in codes if code]
    for code in codes:
        if not code.isalpha() or not 2 <= len(code) <= 3:
            # Translators: {code} is what the admin typed, e.g. 'suomi'; fi, sv, en are examples of codes.
            raise InvalidInput(PageMessage("{code} is not a language code (fi, sv, en, ...).", code=repr(code[:10])))
    if not codes:
        raise InvalidInput(PageMessage("An advisor speaks at least one language."))
    if not modes or any(mode not in MODES for mode in modes):
        raise InvalidInput(PageMessage("Choose the meeting modes the advisor takes."))
    advisor = Advisor(name=name.strip(), provider_id=provider, modes=list(dict.fromkeys(modes)))
    # Any ISO 639 code: an advisor may speak a language the bot does not (yet).
    advisor.languages = codes
    session.add(advisor)
    session.commit()
    audit.record(session, _admin, "advisor.create", "advisor", advisor.id)
    return see_other("/staff/accounts")


@router.post("/accounts", dependencies=[CsrfProtected])
def create_account(
    session: SessionDep,
    _admin: AdminUser,
    advisor_id: Annotated[RowId, Form()],
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    advisor = session.get(Advisor, advisor_id)
    if advisor is None:
        raise NotFound(PageMessage("Unknown advisor."))
    account = create_user(session, username, password, advisor=advisor)
    audit.record(session, _admin, "account.create", "staff_user", account.id, detail="advisor")
    return see_other("/staff/accounts")


@router.post("/coordinators", dependencies=[CsrfProtected])
def create_coordinator(
    session: SessionDep,
    _admin: AdminUser,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)],
    scope: Annotated[str, Form(max_length=120, description="A provider id; empty: every provider")] = "",
) -> Response:
    """A coordinator's account: keeps the content current, of one provider or of all."""
    if scope and session.get(Provider, scope) is None:
        raise InvalidInput(PageMessage("Unknown provider."))
    account = create_user(session, username, password, role=COORDINATOR, scope_provider_id=scope or None)
    audit.record(session, _admin, "account.create", "staff_user", account.id, detail="coordinator")
    return see_other("/staff/accounts")
