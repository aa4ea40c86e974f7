"""Staff log-in: argon2 password hashes (pwdlib) and a signed session cookie that expires.

The cookie holds the user's id, their session epoch and the CSRF token of the session, signed
with OPAS_SECRET_KEY (itsdangerous) and dated: it is refused after OPAS_STAFF_SESSION_MINUTES,
and after a log-out or password change (both bump the epoch). A visitor who is not logged in gets
a cookie with a CSRF token only, for the log-in form.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pwdlib import PasswordHash
from sqlalchemy import select
from sqlalchemy.orm import Session

from locales.pages import PageMessage

from ..booking.models import Advisor
from ..config import Settings
from ..content.models import utcnow
from ..deps import SessionDep, SettingsDep
from ..errors import Forbidden, InvalidInput, Unauthorized
from .models import ADMIN, ADVISOR, COORDINATOR, ROLES, StaffUser

COOKIE = "opas_staff"
COOKIE_PATH = "/staff"
MIN_PASSWORD_LENGTH = 12

password_hash = PasswordHash.recommended()
# Verified when the username is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = password_hash.hash(secrets.token_urlsafe(16))


@dataclass
class StaffSession:
    csrf: str
    user: StaffUser | None = None
    # False when the request came without a valid cookie: the response must set one.
    stored: bool = True


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key.get_secret_value(), salt="opas.staff.session")


def read_session(request: Request, session: Session, settings: Settings) -> StaffSession:
    raw = request.cookies.get(COOKIE)
    data: dict = {}
    if raw:
        try:
            data = _serializer(settings).loads(raw, max_age=settings.staff_session_minutes * 60)
        except BadSignature:  # also an expired one (SignatureExpired)
            data = {}
    csrf = data.get("c") if isinstance(data, dict) else None
    if not isinstance(csrf, str):
        return StaffSession(csrf=secrets.token_urlsafe(32), stored=False)
    user = session.get(StaffUser, data["u"]) if isinstance(data.get("u"), int) else None
    if user is not None and (not user.active or user.session_epoch != data.get("e")):
        user = None
    return StaffSession(csrf=csrf, user=user)


def write_session(response: Response, settings: Settings, staff: StaffSession) -> None:
    payload: dict = {"c": staff.csrf}
    if staff.user is not None:
        payload |= {"u": staff.user.id, "e": staff.user.session_epoch}
    response.set_cookie(
        COOKIE,
        _serializer(settings).dumps(payload),
        max_age=settings.staff_session_minutes * 60,
        path=COOKIE_PATH,
        httponly=True,
        secure=settings.env == "production",
        samesite="strict",
    )


def clear_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH)


def get_staff_session(request: Request, session: SessionDep, settings: SettingsDep) -> StaffSession:
    return read_session(request, session, settings)


StaffSessionDep = Annotated[StaffSession, Depends(get_staff_session)]


def require_user(staff: StaffSessionDep) -> StaffUser:
    """The logged-in user; without one the staff pages redirect to the log-in page."""
    if staff.user is None:
        raise Unauthorized("Please log in.")
    return staff.user


# Any logged-in user: every role (the authorisation matrix reads `.roles` of every rule).
require_user.roles = frozenset(ROLES)  # type: ignore[attr-defined]


def require_roles(*roles: str):
    """A dependency that lets in a logged-in user with one of ``roles`` (an admin always).

    The roles are kept on the dependency (``.roles``) so that the route table can be read for an
    authorisation matrix: every staff route names who may use it.
    """
    allowed = frozenset(roles) | {ADMIN}
    unknown = allowed - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def require(user: Annotated[StaffUser, Depends(require_user)]) -> StaffUser:
        if user.role not in allowed:
            raise Forbidden(PageMessage("Your account cannot do this."))
        return user

    require.roles = allowed  # type: ignore[attr-defined]
    return require


CurrentUser = Annotated[StaffUser, Depends(require_user)]
AdminUser = Annotated[StaffUser, Depends(require_roles(ADMIN))]
CoordinatorUser = Annotated[StaffUser, Depends(require_roles(COORDINATOR))]
AdvisorUser = Annotated[StaffUser, Depends(require_roles(ADVISOR))]


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def authenticate(session: Session, username: str, password: str) -> StaffUser | None:
    user = session.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username)))
    if user is None or not user.active:
        password_hash.verify(password, _DUMMY_HASH)
        return None
    valid, new_hash = password_hash.verify_and_update(password, user.password_hash)
    if not valid:
        return None
    if new_hash is not None:  # hashed with older parameters: upgrade while we have the password
        user.password_hash = new_hash
    user.last_login_at = utcnow()
    session.commit()
    return user


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(PageMessage("A password has at least {minimum} characters.", minimum=MIN_PASSWORD_LENGTH))


def create_user(
    session: Session,
    username: str,
    password: str,
    *,
    role: str = ADVISOR,
    advisor: Advisor | None = None,
    scope_provider_id: str | None = None,
) -> StaffUser:
    """A new account; an advisor's sees their provider, a coordinator's its scope, an admin's all."""
    name = normalise_username(username)
    if not 2 <= len(name) <= 80 or any(c.isspace() for c in name):
        raise InvalidInput(PageMessage("A username has 2 to 80 characters and no spaces."))
    check_password(password)
    if session.scalar(select(StaffUser.id).where(StaffUser.username == name)) is not None:
        raise InvalidInput(PageMessage("That username is taken."))
    if role not in ROLES:
        raise InvalidInput(PageMessage("Unknown role."))
    if role == ADVISOR and advisor is None:
        raise InvalidInput(PageMessage("An advisor's account belongs to an advisor."))
    if advisor is not None and session.scalar(select(StaffUser.id).where(StaffUser.advisor_id == advisor.id)):
        raise InvalidInput(PageMessage("{name} has an account already.", name=advisor.name))
    user = StaffUser(
        username=name,
        password_hash=password_hash.hash(password),
        role=role,
        advisor=advisor,
        scope_provider_id=scope_provider_id if role == COORDINATOR else None,
    )
    session.add(user)
    session.commit()
    return user


def set_password(session: Session, user: StaffUser, password: str) -> None:
    """Changes the password and ends every session of the user."""
    check_password(password)
    user.password_hash = password_hash.hash(password)
    user.session_epoch += 1
    session.commit()
