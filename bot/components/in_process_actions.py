"""Custom actions run inside the Rasa process: `action_endpoint: {actions_module: actions}`.

The actions are the same `rasa_sdk` actions, run by the same `rasa_sdk` executor with the same
action call (tracker, domain) and the same reply (events, responses) as over HTTP; Rasa's own
`RemoteAction` still validates the reply, utters its responses and turns rejections into
`ActionExecutionRejection`. Only the transport is gone: no HTTP request and no JSON encoding of
the whole tracker there and back, twice per answer turn, and no separate action server process.
That took the largest share of a turn's time (docs/performance.md). Later Rasa Pro releases
document custom actions run inside the assistant instead of on an action server; Rasa Open Source
3.6 only speaks HTTP to actions, so the endpoint's `request` is the one seam replaced here.

An exception inside an action becomes what the action server made of it, a 500 answer (logged
here with its traceback, as the server logged it): Rasa then goes on without that action's events,
whichever path ran the action (`action_validate_slot_mappings` runs inside slot extraction, which
lets only Rasa's own errors through; a bare exception there would fail the whole turn).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, Optional, Text

from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

logger = logging.getLogger(__name__)

ACTIONS_MODULE = "actions_module"
_executors: Dict[str, ActionExecutor] = {}
_http_request = EndpointConfig.request


def executor(package: str) -> ActionExecutor:
    """The executor of `package`'s actions, registered once per process."""
    if package not in _executors:
        registered = ActionExecutor()
        registered.register_package(package)
        _executors[package] = registered
        logger.info("Running %d custom actions of '%s' in this process.", len(registered.actions), package)
    return _executors[package]


async def run_action(package: str, action_call: Dict[Text, Any]) -> Dict[Text, Any]:
    """What an action server would answer to `action_call`; its 400 and 404 as Rasa sees them."""
    try:
        result = await executor(package).run(action_call)
    except ActionExecutionRejection as rejection:  # a form's "that slot cannot be filled here"
        body = {"error": rejection.message, "action_name": rejection.action_name}
        raise ClientResponseError(400, "Bad Request", json.dumps(body)) from rejection
    except ActionNotFoundException as missing:
        body = {"error": missing.message, "action_name": missing.action_name}
        raise ClientResponseError(404, "Not Found", json.dumps(body)) from missing
    except Exception as error:  # what the action server's exception handler did: log, answer 500
        logger.exception("Exception in custom action '%s'", action_call.get("next_action"))
        body = {"error": type(error).__name__, "action_name": action_call.get("next_action")}
        raise ClientResponseError(500, "Internal Server Error", json.dumps(body)) from error
    return result if result is not None else {"events": [], "responses": []}


def runs_in_process(endpoint: Optional[EndpointConfig]) -> bool:
    return endpoint is not None and bool(endpoint.kwargs.get(ACTIONS_MODULE))


async def _request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Optional[Any]:
    if not runs_in_process(self):
        return await _http_request(self, *args, **kwargs)
    return await run_action(self.kwargs[ACTIONS_MODULE], kwargs["json"])


def apply() -> None:
    EndpointConfig.request = _request
