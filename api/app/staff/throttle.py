"""Failed staff log-ins are limited, per username and per client address.

Argon2 makes each guess slow, but not slow enough against a patient script: after
`OPAS_STAFF_LOGIN_FAILURES_PER_USER` wrong passwords for one username (or
`OPAS_STAFF_LOGIN_FAILURES_PER_ADDRESS` from one address) within `OPAS_STAFF_LOGIN_WINDOW_MINUTES`,
further attempts are refused without checking the password, until the oldest failure leaves
the window. A right password does not reset the count: a script that also knows one account
gains nothing. The counts live in the API process (see `api/app/limits.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..config import Settings
from ..limits import SlidingWindowLimiter
from .auth import normalise_username


class LoginThrottle:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        window = settings.staff_login_window_minutes * 60.0
        self.per_user = SlidingWindowLimiter(settings.staff_login_failures_per_user, window, clock=clock)
        self.per_address = SlidingWindowLimiter(settings.staff_login_failures_per_address, window, clock=clock)

    def retry_after(self, username: str, address: str) -> float:
        """Seconds until this username may be tried again from this address; 0: now."""
        return max(self.per_user.retry_after(normalise_username(username)),
                   self.per_address.retry_after(address))

    def failed(self, username: str, address: str) -> None:
        self.per_user.record(normalise_username(username))
        self.per_address.record(address)
