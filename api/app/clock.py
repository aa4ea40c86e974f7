"""Finnish time, the one clock of the programme: a day, a week and an opening hour are Helsinki's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def helsinki_today() -> dt.date:
    """The day in Finland: a statement is valid until the end of its last day there."""
    return dt.datetime.now(HELSINKI).date()
