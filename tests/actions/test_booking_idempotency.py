"""The booking's idempotency key is fixed when the summary is shown, so that a "yes" sent again —
after Rasa died between the booking request and its reply (the turn was never stored), or a
client's retry — books nothing new and tells the same reference."""
from __future__ import annotations

import json

import httpx
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.form import ValidateBookingForm, reset
from actions.booking.questions import AskBookingConfirmed
from actions.booking.submit import ActionBookingSubmit
from tests.actions.conftest import make_tracker, run
from tests.actions.test_booking_form import DONE_UP_TO_SUMMARY
from tests.actions.test_booking_submit import APPOINTMENT


def show_summary(**slots) -> dict:
    dispatcher = CollectingDispatcher()
    events = run(AskBookingConfirmed(), dispatcher, make_tracker("", slots={**DONE_UP_TO_SUMMARY, **slots},
                                                                   active_loop="booking_form"))
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_booking_confirmed"]
    return {e["name"]: e["value"] for e in events}


def confirm(stored: dict) -> dict:
    """The "yes" turn from the stored state: the form reads it, then the booking is submitted."""
    tracker = make_tracker("kyllä", "affirm", slots={**stored, "requested_slot": "booking_confirmed"},
                           active_loop="booking_form")
    read = {e["name"]: e["value"] for e in run(ValidateBookingForm(), CollectingDispatcher(), tracker)}
    dispatcher = CollectingDispatcher()
    run(ActionBookingSubmit(), dispatcher, make_tracker("kyllä", "affirm", slots={**stored, **read}))
    [done] = dispatcher.messages
    return done


def test_the_summary_fixes_the_key_and_shows_it_again_unchanged():
    first = show_summary()["booking_idempotency_key"]
    assert first.startswith("opas-")
    assert show_summary(booking_idempotency_key=first)["booking_idempotency_key"] == first
    assert show_summary()["booking_idempotency_key"] != first  # another booking, another key


def test_a_changed_answer_needs_a_new_summary_and_key():
    cleared = {e["name"]: e["value"] for e in reset("booking_slot")}
    assert cleared["booking_idempotency_key"] is None and cleared["booking_confirmed"] is None


def test_a_confirmation_replayed_after_a_lost_turn_gets_the_same_booking(fake_api):
    """The API books a key once and answers it again with that booking (api/app/booking/service.py)."""
    booked: dict[str, dict] = {}

    def api(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["idempotency_key"] not in booked:
            if booked:  # the time is taken: by this user's first "yes"
                return httpx.Response(409, json={"error": {"code": "slot_unavailable", "message": "taken"}})
            booked[body["idempotency_key"]] = {**APPOINTMENT, "reference": f"REF{len(booked) + 1}"}
            return httpx.Response(201, json=booked[body["idempotency_key"]])
        return httpx.Response(200, json=booked[body["idempotency_key"]])

    fake_api.handler = api
    stored = {**DONE_UP_TO_SUMMARY, **show_summary()}  # the summary's turn is stored
    first = confirm(stored)   # booked; Rasa dies before the turn is stored
    again = confirm(stored)   # the user says "yes" again, from the same stored state
    assert first["response"] == again["response"] == "utter_booking_done"
    assert first["booking_reference"] == again["booking_reference"] == "REF1"
    assert len(booked) == 1 and len(fake_api.requests) == 2
