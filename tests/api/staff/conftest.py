"""Staff page fixtures: accounts of two providers and an admin, and a browser-like client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy.orm import Session

from api.app.booking.models import Advisor
from api.app.config import Settings
from api.app.main import create_app
from api.app.staff import auth
from api.app.staff.auth import create_user
from api.app.staff.models import ADMIN
from tests.api.factories import make_advisor

PASSWORD = "a long enough password"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Accounts:
    porvoo: Advisor
    loviisa: Advisor


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with the least work: the production parameters take a good part of a second."""
    fast = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    monkeypatch.setattr(auth, "password_hash", fast)


@pytest.fixture
def accounts(db: Session) -> Accounts:
    """porvoo.advisor and loviisa.advisor (advisors of their providers), and admin."""
    porvoo = make_advisor(db, provider="porvoo", name="Porvoo Advisor")
    loviisa = make_advisor(db, provider="loviisa", name="Loviisa Advisor")
    create_user(db, "Porvoo.Advisor", PASSWORD, advisor=porvoo)
    create_user(db, "loviisa.advisor", PASSWORD, advisor=loviisa)
    create_user(db, "admin", PASSWORD, role=ADMIN)
    return Accounts(porvoo=porvoo, loviisa=loviisa)


@pytest.fixture
def browser(booking_settings: Settings) -> Iterator[TestClient]:
    """A client without the service token that keeps cookies, like a browser."""
    with TestClient(create_app(booking_settings), follow_redirects=False) as client:
        yield client


def csrf_token(client: TestClient, path: str = "/staff/login") -> str:
    """The CSRF token in the forms of the page at ``path``."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    match = _CSRF.search(page.text)
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD):
    return client.post(
        "/staff/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )


def post_form(client: TestClient, path: str, data: dict[str, object], page: str = "/staff/"):
    """Posts a form the way the page does: with the page's CSRF token."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})
