"""The cached validation of action server replies accepts and rejects exactly what Rasa's does."""
from __future__ import annotations

import components  # noqa: F401  (applies the speed-up, as loading the model does)
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

GOOD = {"events": [{"event": "slot", "name": "language", "value": "fi"}], "responses": [{"text": "hei"}]}
BAD = [{"events": "not a list"}, {"responses": [1]}, {"events": [{"no": "event key"}]}]


def test_the_speedup_is_applied():
    assert RemoteAction._validate_action_result.__module__ == "components.rasa_speedups"


def test_a_valid_reply_passes():
    assert RemoteAction("action_x", None)._validate_action_result(GOOD) is True


@pytest.mark.parametrize("reply", BAD)
def test_invalid_replies_fail_as_with_rasas_own_check(reply):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())  # Rasa's original
    with pytest.raises(jsonschema.ValidationError):
        RemoteAction("action_x", None)._validate_action_result(reply)
