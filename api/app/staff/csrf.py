"""CSRF protection of the staff forms: every form carries the session's token, every POST checks it.

A synchronizer token (in the signed session cookie and in a hidden field) rather than SameSite
alone: older browsers and some proxies do not keep SameSite.
"""

from __future__ import annotations

import secrets

from fastapi import Depends, Request

from locales.pages import PageMessage

from ..errors import Forbidden
from .auth import StaffSessionDep

FIELD = "csrf_token"


async def verify_csrf(request: Request, staff: StaffSessionDep) -> None:
    form = await request.form()
    offered = form.get(FIELD)
    if (
        not staff.stored
        or not isinstance(offered, str)
        or not secrets.compare_digest(offered.encode(), staff.csrf.encode())
    ):
        raise Forbidden(
            PageMessage("This form has expired or did not come from this site: reload the page and try again.")
        )


CsrfProtected = Depends(verify_csrf)
