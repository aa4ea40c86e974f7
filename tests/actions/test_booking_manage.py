"""Cancelling or moving a booked appointment from the chat: the reference, the contact it was booked
with, a yes, then the API; the contact is never kept afterwards."""
from __future__ import annotations

import json

import httpx
import pytest
from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.manage import (
    ActionManageStart,
    ActionManageSubmit,
    AskManageConfirmed,
    AskManageReference,
    AskManageSlot,
    ValidateManageForm,
)
from actions.conversation import ActionStop
from booking_rules.reference import find_reference
from tests.actions.conftest import make_tracker, run

SLOT = {"id": 412, "starts_at": "2026-12-01T07:00:00Z", "ends_at": "2026-12-01T07:30:00Z",
        "starts_at_local": "2026-12-01T09:00:00+02:00", "duration_minutes": 30, "mode": "phone", "place": None,
        "provider": "kirkkonummi", "advisor_name": "Demo Advisor 6", "advisor_languages": ["fi", "ar"],
        "interpreter_needed": False}
APPOINTMENT = {"reference": "K7QM4X", "status": "booked", "slot": SLOT, "topic": "other", "language": "ar",
               "interpreter_needed": False, "interpreter_language": None, "mode": "phone", "contact_kind": "phone",
               "contact_masked": "+35840*****67", "name": None, "cancel_url": None, "calendar_url": None}
FOUND = {"reference": "K7QM4X", "status": "booked", "language": "ar", "mode": "phone",
         "slot": {k: SLOT[k] for k in ("id", "starts_at", "mode", "place", "provider", "interpreter_needed",
                                       "duration_minutes")}}


def values(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def validate(text, requested, intent="nlu_fallback", entities=None, **slots):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, entities, slots={"language": "fi", "requested_slot": requested, **slots},
                           active_loop="manage_form")
    return values(run(ValidateManageForm(), dispatcher, tracker)), [m["response"] for m in dispatcher.messages]


@pytest.mark.parametrize("text, code", [("cancel my appointment K7QM4X", "K7QM4X"), ("peru varaus k7q-m4x", "K7QM4X"),
                                        ("отмени запись K7Q M4X", "K7QM4X"), ("cancel my booking please", None),
                                        ("cancel ABC123", None)])  # 1 is not in the alphabet
def test_a_reference_is_found_in_a_sentence(text, code):
    assert find_reference(text) == code


def test_cancel_starts_with_the_reference_from_the_message():
    events = run(ActionManageStart(), CollectingDispatcher(), make_tracker(
        "cancel my appointment K7QM4X", "cancel_appointment", slots={"language": "en"}))
    found = values(events)
    assert (found["manage_action"], found["manage_reference"]) == ("cancel", "K7QM4X")
    assert found["booking_topic"] == "booking"


def test_move_it_uses_this_conversations_last_booking():
    events = run(ActionManageStart(), CollectingDispatcher(), make_tracker(
        "can you move it", "reschedule_appointment", slots={"language": "en", "booking_reference": "Q9WERT"}))
    assert values(events)["manage_action"] == "reschedule" and values(events)["manage_reference"] == "Q9WERT"


def test_the_contact_finds_the_appointment(fake_api):
    fake_api.handler = lambda request: httpx.Response(200, json=APPOINTMENT)
    found, said = validate("040 123 4567", "manage_contact", manage_reference="K7QM4X", manage_action="cancel")
    request = fake_api.requests[0]
    assert request.url.path == "/v1/appointments/K7QM4X/lookup"
    assert json.loads(request.content) == {"contact": "+358401234567"}  # in the body, never in the URL
    assert found["manage_contact"] == "+358401234567" and found["manage_appointment"] == FOUND
    assert found["requested_slot"] == "manage_confirmed" and said == []


def test_a_wrong_contact_asks_for_both_again(fake_api):
    fake_api.handler = lambda request: httpx.Response(
        404, json={"error": {"code": "appointment_not_found", "message": "x"}})
    found, said = validate("040 765 4321", "manage_contact", manage_reference="K7QM4X", manage_action="cancel")
    assert said == ["utter_manage_not_found"]
    assert found["manage_reference"] is None and found["requested_slot"] == "manage_reference"


def test_a_reference_typed_alone_is_taken(fake_api):
    found, _ = validate("qwerty", "manage_reference", manage_action="cancel")
    assert found["manage_reference"] == "QWERTY" and found["requested_slot"] == "manage_contact"
    found, said = validate("en muista", "manage_reference", manage_action="cancel")
    assert said == ["utter_manage_invalid_reference"]


def test_cancel_asks_for_a_yes_and_cancels(fake_api):
    dispatcher = CollectingDispatcher()
    run(AskManageConfirmed(), dispatcher, make_tracker(slots={"language": "fi", "manage_action": "cancel",
                                                              "manage_appointment": FOUND}))
    assert dispatcher.messages[0]["response"] == "utter_ask_manage_cancel"
    assert dispatcher.messages[0]["starts_at"] == SLOT["starts_at"]
    found, _ = validate("kyllä", "manage_confirmed", "affirm", manage_reference="K7QM4X",
                        manage_contact="+358401234567", manage_appointment=FOUND, manage_action="cancel")
    assert found == {"manage_confirmed": "yes", "requested_slot": None}

    fake_api.handler = lambda request: httpx.Response(200, json={**APPOINTMENT, "status": "cancelled"})
    dispatcher = CollectingDispatcher()
    events = run(ActionManageSubmit(), dispatcher, make_tracker(slots={
        "language": "fi", "manage_action": "cancel", "manage_reference": "K7QM4X", "manage_contact": "+358401234567",
        "manage_appointment": FOUND, "manage_confirmed": "yes"}))
    assert fake_api.requests[0].url.path == "/v1/appointments/K7QM4X/cancel"
    [message] = dispatcher.messages
    assert message["response"] == "utter_manage_cancelled" and message["booking_reference"] == "K7QM4X"
    assert values(events)["manage_contact"] is None


def test_move_offers_other_times_of_the_same_provider_and_moves(fake_api):
    later = {**SLOT, "id": 500, "starts_at": "2026-12-03T11:00:00Z"}
    fake_api.handler = lambda request: httpx.Response(200, json={"slots": [SLOT, later]})
    dispatcher = CollectingDispatcher()
    events = run(AskManageSlot(), dispatcher, make_tracker(slots={"language": "ar", "manage_appointment": FOUND,
                                                                  "manage_action": "reschedule"}))
    params = fake_api.requests[0].url.params
    assert (params["provider"], params["language"], params["mode"]) == ("kirkkonummi", "ar", "phone")
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_manage_slot"
    assert [o["payload"] for o in message["options"]] == [  # not its own time
        '/inform{"booking_slot":"500"}', '/inform{"booking_change":"later"}', "/stop"]
    offers = values(events)["booking_offers"]

    found, _ = validate("1", "manage_slot", manage_action="reschedule", manage_reference="K7QM4X",
                        manage_contact="+358401234567", manage_appointment=FOUND, booking_offers=offers,
                        booking_options=values(events)["booking_options"])
    assert found["manage_slot"] == "500" and found["requested_slot"] == "manage_confirmed"

    moved = {**APPOINTMENT, "reference": "N3WREF", "slot": later, "calendar_url": "c", "cancel_url": "x"}
    fake_api.handler = lambda request: httpx.Response(200, json=moved)
    dispatcher = CollectingDispatcher()
    events = run(ActionManageSubmit(), dispatcher, make_tracker(slots={
        "language": "ar", "manage_action": "reschedule", "manage_reference": "K7QM4X",
        "manage_contact": "+358401234567", "manage_appointment": FOUND, "manage_slot": "500",
        "manage_confirmed": "yes", "booking_offers": offers}))
    request = fake_api.requests[-1]
    assert request.url.path == "/v1/appointments/K7QM4X/reschedule"
    assert json.loads(request.content) == {"contact": "+358401234567", "slot_id": 500}
    [message] = dispatcher.messages
    assert message["response"] == "utter_manage_moved" and message["booking_reference"] == "N3WREF"
    assert values(events)["booking_reference"] == "N3WREF" and values(events)["manage_contact"] is None


def test_no_changes_the_appointment_not(fake_api):
    found, _ = validate("ei", "manage_confirmed", "deny", manage_appointment=FOUND, manage_action="cancel",
                        manage_reference="K7QM4X", manage_contact="+358401234567")
    assert found["manage_end"] == "kept"
    dispatcher = CollectingDispatcher()
    run(ActionManageSubmit(), dispatcher, make_tracker(slots={"language": "fi", "manage_end": "kept"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_manage_kept"] and fake_api.requests == []


def test_api_down_changes_nothing_and_says_so(fake_api):
    fake_api.down = True
    found, _ = validate("040 123 4567", "manage_contact", manage_reference="K7QM4X", manage_action="cancel")
    assert found["manage_end"] == "api_down" and found["requested_slot"] is None
    dispatcher = CollectingDispatcher()
    events = run(ActionManageSubmit(), dispatcher, make_tracker(slots={"language": "fi", "manage_end": "api_down",
                                                                       "manage_contact": "+358401234567"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_manage_failed"]
    assert values(events)["manage_contact"] is None


def test_stop_in_any_form_forgets_the_collected_data():
    dispatcher = CollectingDispatcher()
    events = run(ActionStop(), dispatcher, make_tracker("stop", "stop", active_loop="booking_form", slots={
        "language": "en", "booking_contact": "+358401234567", "manage_contact": "x"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_booking_stopped"]
    assert values(events)["booking_contact"] is None and values(events)["manage_contact"] is None
    assert ActiveLoop(None) in events


def test_stop_before_any_appointment_was_found_does_not_speak_of_one():
    # "moi, muutin just loviisaan" read as "move my appointment", then "Lopeta": there is none.
    dispatcher = CollectingDispatcher()
    run(ActionStop(), dispatcher, make_tracker("Lopeta", "stop", active_loop="manage_form", slots={
        "language": "fi", "manage_action": "reschedule", "requested_slot": "manage_reference"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_stop"]
    dispatcher = CollectingDispatcher()
    run(ActionManageSubmit(), dispatcher, make_tracker(slots={"language": "fi", "manage_end": "stopped"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_stop"]
    # Once the appointment was found, stopping does leave it as it was, and says so.
    dispatcher = CollectingDispatcher()
    run(ActionStop(), dispatcher, make_tracker("stop", "stop", active_loop="manage_form", slots={
        "language": "en", "manage_appointment": FOUND}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_manage_kept"]
    dispatcher = CollectingDispatcher()
    run(ActionStop(), dispatcher, make_tracker("stop", "stop", slots={"language": "en"}))  # no form at all
    assert [m["response"] for m in dispatcher.messages] == ["utter_stop"]


def test_the_reference_question_offers_to_stop():
    dispatcher = CollectingDispatcher()
    events = run(AskManageReference(), dispatcher, make_tracker(slots={"language": "fi"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_manage_reference"
    assert [o["payload"] for o in message["options"]] == ["/stop"]
    assert values(events)["booking_options"] == message["options"]
