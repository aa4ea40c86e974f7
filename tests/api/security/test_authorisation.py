"""Every route under /staff and /v1 names who may use it, read from the route table: a new route
without a rule fails here. The rules are then tried: nobody logged in and every role a rule leaves
out are refused, on every staff route (a generated authorisation matrix)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.routing import RouteContext
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.config import Settings
from api.app.deps import require_service_token
from api.app.main import create_app
from api.app.openapi_errors import api_routes
from api.app.staff.auth import COOKIE, _serializer, create_user
from api.app.staff.models import ADMIN, ADVISOR, COORDINATOR, ROLES
from tests.api.staff.conftest import PASSWORD, log_in

#: Staff routes anyone may open: the log-in itself and the choice of the page language.
PUBLIC_STAFF = {("GET", "/staff/login"), ("POST", "/staff/login"), ("GET", "/staff/language")}
#: /v1 routes without the service token: the widget's chat gateway, whose session id is the key.
PUBLIC_V1_PREFIX = "/v1/chat/"
USERS = {ADVISOR: "porvoo.advisor", COORDINATOR: "coordinator", ADMIN: "admin"}


def _calls(dependant) -> Iterator:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def staff_roles(route: RouteContext) -> frozenset[str] | None:
    """The roles the route's dependencies let in (None: no rule)."""
    rules = [call.roles for call in _calls(route.dependant) if hasattr(call, "roles")]
    return frozenset.intersection(*map(frozenset, rules)) if rules else None


def operations(app: FastAPI, prefix: str) -> Iterator[tuple[str, str, RouteContext]]:
    for route in api_routes(app):
        if route.path_format.startswith(prefix):
            for method in sorted(route.methods - {"HEAD"}):
                yield method, route.path_format, route


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(Settings(env="test", warm_caches=False, tracker_db=None))


def test_every_staff_route_names_its_roles(app: FastAPI) -> None:
    unruled = [f"{method} {path}" for method, path, route in operations(app, "/staff")
               if staff_roles(route) is None and (method, path) not in PUBLIC_STAFF]
    assert unruled == [], "give these a dependency of api/app/staff/auth.py (CurrentUser, AdvisorUser, ...)"


def test_every_v1_route_needs_the_service_token_or_is_listed_public(app: FastAPI) -> None:
    unruled = [f"{method} {path}" for method, path, route in operations(app, "/v1/")
               if require_service_token not in set(_calls(route.dependant)) and not path.startswith(PUBLIC_V1_PREFIX)]
    assert unruled == []


def test_the_public_lists_name_only_routes_that_exist(app: FastAPI) -> None:
    staff = {(method, path) for method, path, _ in operations(app, "/staff")}
    assert staff >= PUBLIC_STAFF
    assert any(path.startswith(PUBLIC_V1_PREFIX) for _, path, _ in operations(app, "/v1/"))


# --- the matrix, tried -------------------------------------------------------------------------


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture
def clients(booking_settings: Settings, db: Session, accounts) -> Iterator[dict[str | None, TestClient]]:
    create_user(db, "coordinator", PASSWORD, role=COORDINATOR)
    made: dict[str | None, TestClient] = {}
    for role in (None, *USERS):
        client = TestClient(create_app(booking_settings), follow_redirects=False).__enter__()
        if role is not None:
            assert log_in(client, USERS[role]).status_code == 303
        made[role] = client
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def _csrf(client: TestClient, settings: Settings) -> str:
    cookie = client.cookies.get(COOKIE)
    return _serializer(settings).loads(cookie)["c"] if cookie else ""


def _call(client: TestClient, method: str, path: str, settings: Settings):
    token = _csrf(client, settings)
    if method == "GET":
        return client.get(path)
    return client.request(method, path, data={"csrf_token": token}, headers={"X-CSRF-Token": token})


def test_the_rules_refuse_whom_they_leave_out(
    clients: dict[str | None, TestClient], booking_settings: Settings, app: FastAPI
) -> None:
    tried = 0
    for method, path, route in operations(app, "/staff"):
        roles = staff_roles(route)
        if roles is None:
            continue
        anonymous = _call(clients[None], method, _concrete(path), booking_settings)
        assert anonymous.status_code in {303, 401, 403}, (method, path, anonymous.status_code)
        if anonymous.status_code == 303:
            assert anonymous.headers["location"].endswith("/staff/login")
        for role in set(ROLES) - roles:
            refused = _call(clients[role], method, _concrete(path), booking_settings)
            assert refused.status_code == 403, (method, path, role, refused.status_code)
            tried += 1
    assert tried >= 10  # advisors' pages refuse coordinators, admins' pages refuse both, ...
