"""/staff/audit: the audit log of staff actions, for admins (api/app/audit.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from .. import audit
from ..deps import SessionDep
from .auth import AdminUser, StaffSessionDep
from .router import StaffRoute, page

router = APIRouter(prefix="/staff", route_class=StaffRoute, include_in_schema=False)


@router.get("/audit")
def audit_log(
    request: Request,
    session: SessionDep,
    staff: StaffSessionDep,
    _admin: AdminUser,
    action: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z_.]*$")] = None,
):
    """Who did what to which record, and when: the latest 200 entries, newest first."""
    entries = audit.recent(session, action=action or None)
    return page(request, staff, "audit.html", {"entries": entries, "action": action or ""})
