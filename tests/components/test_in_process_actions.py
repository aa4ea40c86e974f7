"""Custom actions run inside the Rasa process behave as they did behind an action server."""
from __future__ import annotations

import asyncio
from pathlib import Path

import jsonschema
import pytest
from components import rasa_patches
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

rasa_patches.apply()  # as the launcher does before Rasa starts

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "bot" / "domain"))
IN_PROCESS = EndpointConfig.from_dict({"actions_module": "tests.components.sample_actions"})


def run(name: str, endpoint: EndpointConfig = IN_PROCESS) -> list:
    tracker = DialogueStateTracker.from_events("user", [UserUttered("hei Loviisa")], slots=DOMAIN.slots)
    action = RemoteAction(name, endpoint)
    return asyncio.run(action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(DOMAIN.responses),
                                  tracker, DOMAIN))


def test_an_action_runs_in_this_process_with_the_whole_tracker():
    events = run("action_say_and_set")
    assert isinstance(events[0], BotUttered) and events[0].text == "you said hei Loviisa"
    assert SlotSet("municipality", "loviisa") in events


def test_a_rejection_reaches_rasa_as_it_does_from_an_action_server():
    with pytest.raises(ActionExecutionRejection):
        run("action_reject")


def test_an_unknown_action_fails_as_an_unknown_one_does_over_http():
    with pytest.raises(RasaException):
        run("action_nobody_wrote")


def test_an_exception_in_an_action_is_a_failed_action_as_over_http(caplog):
    with pytest.raises(RasaException, match="Failed to execute custom action"):
        run("action_break")
    assert "a bug in an action" in caplog.text  # the traceback is logged, as the server logged it


def test_an_exception_in_the_slot_validation_action_does_not_fail_the_turn():
    # Slot extraction lets only Rasa's own errors through: the turn goes on without the events.
    from rasa.core.actions.action import ActionExtractSlots

    tracker = DialogueStateTracker.from_events("user", [UserUttered("hei")], slots=DOMAIN.slots)
    extract = ActionExtractSlots(IN_PROCESS)
    events = asyncio.run(extract._run_custom_action("action_break", CollectingOutputChannel(),
                                                    TemplatedNaturalLanguageGenerator(DOMAIN.responses),
                                                    tracker, DOMAIN))
    assert events == []


def test_a_malformed_event_is_refused_as_from_an_action_server():
    with pytest.raises(jsonschema.ValidationError):
        run("action_bad_event")


def test_an_http_endpoint_still_goes_over_http():
    nobody = EndpointConfig(url="http://127.0.0.1:9/webhook")  # nothing listens on port 9
    with pytest.raises(RasaException, match=r"Couldn't connect|Failed to execute"):
        run("action_say_and_set", nobody)
