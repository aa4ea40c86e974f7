"""The error answers of every operation in the OpenAPI schema, derived from what the route uses.

A route's own ``responses=`` say what its errors mean; this adds the ones that follow from its
shape, so that none is missing when a route is added: 404 and 422 for any parameter or body, 400
and 413 for a body, 401 for the service token, 401 and 403 for a staff log-in (403 also for a
CSRF token), 503 for the database. Pages
(HTML routes) answer their errors as HTML pages, and say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel, Field

from .deps import get_session, require_service_token
from .templating import HtmlRoute

_REASONS = {
    400: "The body cannot be parsed (e.g. a broken form).",
    401: "No valid service token (/v1) or staff log-in (/staff).",
    403: "The staff member's role does not allow it, or the form's CSRF token is missing.",
    404: "Not found.",
    413: "The body is larger than the API accepts.",
    422: "The input is not valid (e.g. out of range, a NUL character).",
    503: "The database or the bot is not available; try again later.",
}


class ErrorMessage(BaseModel):
    code: str = Field(description="A stable identifier, e.g. `invalid_request`.")
    message: str = Field(description="For people; in the user's language where the route has one.")
    details: list[dict[str, Any]] | None = Field(
        None, description="Validation errors: where (`loc`) and what (`msg`), never the input."
    )


class Error(BaseModel):
    """Every error of the API: ``{"error": {"code", "message"}}``."""

    error: ErrorMessage


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _has_parameters(dependant: Dependant) -> bool:
    own = dependant.path_params or dependant.query_params or dependant.header_params
    return bool(own or dependant.cookie_params or dependant.body_params) or any(
        _has_parameters(sub) for sub in dependant.dependencies
    )


def api_routes(app: FastAPI) -> Iterator[RouteContext]:
    """Every API route of the app with the prefix and dependencies of the routers it is in."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield context


def error_statuses(route: RouteContext) -> set[int]:
    """The error statuses a route can answer with because of what it takes and uses."""
    calls = set(_calls(route.dependant))
    statuses: set[int] = set()
    if _has_parameters(route.dependant):
        # A parameter may also name what does not exist (a topic, a provider, a link's token).
        statuses |= {404, 422}
    if route.body_field is not None:
        statuses |= {400, 413}
    if require_service_token in calls:
        statuses.add(401)
    if any(hasattr(call, "roles") for call in calls):  # a staff log-in, with a role (staff/auth.py)
        statuses |= {401, 403}
    if any(getattr(call, "__name__", "") == "verify_csrf" for call in calls):
        statuses.add(403)
    if get_session in calls:
        statuses.add(503)
    return statuses


def _error_content(route: RouteContext) -> dict[str, Any]:
    if route.response_class is HTMLResponse or isinstance(route.original_route, HtmlRoute):
        return {"text/html": {"schema": {"type": "string"}}}
    return {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def document_errors(app: FastAPI) -> None:
    """Makes ``app.openapi()`` list every route's error answers (see the module's docstring)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(Error.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs"))
        components["Error"] = Error.model_json_schema(ref_template="#/components/schemas/{model}")
        components["Error"].pop("$defs", None)
        for route in api_routes(app):
            if not route.include_in_schema:
                continue
            path = schema["paths"].get(route.path_format, {})
            for method in route.methods:
                operation = path.get(method.lower())
                if operation is None:
                    continue
                responses = operation.setdefault("responses", {})
                for status in sorted(error_statuses(route)):
                    entry = responses.setdefault(str(status), {"description": _REASONS[status]})
                    if status == 422 and entry.get("description") == "Validation Error":
                        entry["description"] = _REASONS[422]  # FastAPI's default, not our shape
                        entry.pop("content", None)
                    entry.setdefault("content", _error_content(route))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
