"""No message text in Rasa's logs outside development (issue 13).

Rasa 3.6 logs through structlog. A failing turn logs the user's message (`rest.message.received.
failure text=...`), and the traceback renderers print every frame's local variables: a phone
number typed into the booking form appeared three times in `var/log/rasa.log`. Rasa's own
anonymizer needs Rasa Pro's plugin; this does the same job here:

- the keys Rasa marks as holding user data (`text`, `message`, `rasa_events`, `slot_values`, ...)
  are replaced by ``[redacted]``;
- an exception is rendered as a plain traceback (files, lines, the exception's type), without the
  frames' locals and without the exception's own message, which may quote the input.

`install()` is called by `bot/rasa_cli.py` before Rasa configures its logging; the filter takes
effect when Rasa does. `OPAS_ENV=development` keeps the text, for debugging on one's own machine.
Standard `logging` records of Rasa, Sanic and the actions get the same treatment for their
exceptions (`PlainTracebacks`), since they share the handlers Rasa sets up.
"""
from __future__ import annotations

import logging
import os
import traceback
from typing import Any, Dict

REDACTED = "[redacted]"
#: Rasa's own list of the keys whose values come from users (rasa/utils/log_utils.py), and ours.
USER_DATA_KEYS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states",
    "old_states", "successes", "current_entity", "next_entity", "states", "entity", "token_text",
    "user_message", "json_message", "events", "tracker", "metadata",
})


def enabled() -> bool:
    return os.environ.get("OPAS_ENV", "development") != "development"


def plain_traceback(exc_info: Any) -> str:
    """Where it failed and the exception's type: no locals, no message (it may quote input)."""
    if exc_info is True or exc_info is None:
        import sys

        exc_info = sys.exc_info()
    if isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    kind, _, tb = exc_info
    if kind is None:
        return ""
    frames = "".join(traceback.format_tb(tb))
    return f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}: {REDACTED}"


def scrub_event(_logger: Any, _method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """A structlog processor: user data out of the event, exceptions as plain tracebacks."""
    for key in USER_DATA_KEYS & event_dict.keys():
        event_dict[key] = REDACTED
    exc_info = event_dict.pop("exc_info", None)
    if exc_info:
        event_dict["exception"] = plain_traceback(exc_info)
    return event_dict


class PlainTracebacks(logging.Filter):
    """A `logging` filter: the record's exception becomes a plain traceback (see above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            record.exc_text = plain_traceback(record.exc_info)
            record.exc_info = None
        return True


def _after_rasa_configured() -> None:
    import structlog

    processors = list(structlog.get_config()["processors"])
    if scrub_event in processors:
        return
    # After set_exc_info (which turns `.exception()` into exc_info), before any renderer.
    position = next((i + 1 for i, p in enumerate(processors) if p is structlog.dev.set_exc_info), 0)
    processors.insert(position, scrub_event)
    structlog.configure(processors=processors)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, PlainTracebacks) for f in handler.filters):
            handler.addFilter(PlainTracebacks())


def install() -> None:
    """Outside development: Rasa's logging, once it is configured, keeps no user text."""
    if not enabled():
        return
    from rasa.utils import log_utils

    original = log_utils.configure_structlog
    if getattr(original, "opas_scrubbed", False):
        return

    def configure_structlog(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        _after_rasa_configured()

    configure_structlog.opas_scrubbed = True  # type: ignore[attr-defined]
    log_utils.configure_structlog = configure_structlog
    # Modules that imported the function by name before this ran.
    import rasa.__main__ as rasa_main

    if getattr(rasa_main, "configure_structlog", None) is original:
        rasa_main.configure_structlog = configure_structlog  # type: ignore[attr-defined]
