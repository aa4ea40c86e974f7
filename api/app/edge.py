"""Input bounds checked at the edge, before a value reaches Python's date arithmetic or a database.

Python's ``date`` runs from year 1 to 9999 and a conversion to UTC near either end overflows (a
500); SQLite stores 64-bit integers, PostgreSQL's ``integer`` columns 32-bit ones (an id beyond
them was a 500 or a misleading 503); PostgreSQL refuses NUL in text (a 503). So: dates within
years Opas can mean, ids within the smaller column range, and no NUL anywhere in a request. A
value outside is a 422 like any other invalid input, in the language of the route's errors.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import AfterValidator, Field, WithJsonSchema

from .errors import NulCharacter

#: The years a booking, a slot or a consent can fall in: wide, but far from Python's limits.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
#: The largest id of a PostgreSQL ``integer`` column (SQLite's are larger: the smaller one wins).
MAX_ROW_ID = 2**31 - 1


def _within_years(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}")
    return value


def _moment_within_years(value: datetime) -> datetime:
    _within_years(value.date())  # as written: within these years its UTC time cannot overflow
    return value


# The bounds in the schema too, so that clients (and schemathesis) know them: a pattern on the year.
_YEAR = "20[0-9]{2}"
_DAY = "(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"

#: A day Opas can mean (2000–2099).
BoundedDate = Annotated[
    date,
    AfterValidator(_within_years),
    WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{_YEAR}-{_DAY}$"}),
]
#: A moment Opas can mean (2000–2099).
BoundedDateTime = Annotated[
    datetime,
    AfterValidator(_moment_within_years),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": f"^{_YEAR}-{_DAY}[Tt ]"}),
]
#: The id of a row: positive and within PostgreSQL's ``integer``.
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


# --- NUL --------------------------------------------------------------------------------------

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nul_error(where: str) -> NulCharacter:
    return NulCharacter(f"The {where} must not contain a NUL character.")


async def _body_has_nul(request: Request) -> bool:
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(_FORMS):
        # FastAPI has parsed the form already (and keeps it): its fields, not the spent stream.
        form = await request.form()
        return any("\x00" in key or (isinstance(value, str) and "\x00" in value) for key, value in form.multi_items())
    # Cached on the request: the route's own parsing reads the same bytes. A NUL in JSON text is
    # the escape \u0000 (a raw one is not valid JSON anyway).
    body = await request.body()
    return b"\\u0000" in body or b"\x00" in body


async def reject_nul(request: Request) -> None:
    """A dependency of every route: a NUL in the path, the query or the body is a 422."""
    if "\x00" in request.url.path:
        raise _nul_error("path")
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise _nul_error("query")
    if request.method in {"POST", "PUT", "PATCH"} and await _body_has_nul(request):
        raise _nul_error("body")


RejectNul: Any = Depends(reject_nul)
