"""Booking what the user confirmed: one booking per confirmation (idempotency key), nothing half
done when the API is down, nothing at all when the privacy notice is refused or the user stops."""
from __future__ import annotations

import json

import httpx
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.start import ActionBookingStart
from actions.booking.submit import ActionBookingSubmit
from tests.actions.conftest import answer_json, make_tracker, respond, run

CHOICE = {"id": 412, "starts_at": "2026-12-01T07:00:00Z", "mode": "in_person", "place": "Office of the City of Porvoo",
          "provider": "porvoo", "interpreter_needed": True, "duration_minutes": 45}
CONFIRMED = {"language": "ar", "municipality": "porvoo", "booking_topic": "booking", "booking_municipality": "porvoo",
             "meeting_topic": "integration_plan", "booking_language": "ar", "booking_interpreter": "yes",
             "booking_mode": "in_person", "booking_slot": "412", "booking_choice": CHOICE, "booking_offers": [CHOICE],
             "booking_contact": "+358401234567", "booking_privacy": "2026-11-30T14:03:00+00:00",
             "booking_confirmed": "yes", "booking_idempotency_key": "opas-3f0c9a"}
APPOINTMENT = {"reference": "K7QM4X", "status": "booked",
               "slot": {**CHOICE, "ends_at": "2026-12-01T07:45:00Z", "advisor_name": "Demo Advisor 2"},
               "topic": "integration_plan", "language": "ar", "interpreter_needed": True, "interpreter_language": "ar",
               "mode": "in_person", "contact_kind": "phone", "contact_masked": "+35840*****67", "name": None,
               "cancel_url": "http://api.test/cancel?token=t1", "calendar_url": "http://api.test/appointments/K7QM4X/calendar.ics?token=t2"}


def submit(slots: dict) -> tuple[list[dict], dict]:
    dispatcher = CollectingDispatcher()
    events = run(ActionBookingSubmit(), dispatcher, make_tracker("نعم", "affirm", slots=slots))
    return dispatcher.messages, events


def slot_values(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def bookings(fake_api) -> list[dict]:
    return [json.loads(r.content) for r in fake_api.requests if r.url.path == "/v1/appointments"]


def test_a_confirmed_booking_is_booked_once_and_the_contact_forgotten(fake_api):
    fake_api.handler = lambda request: httpx.Response(201, json=APPOINTMENT)
    messages, events = submit(CONFIRMED)
    [body] = bookings(fake_api)
    assert body == {"idempotency_key": "opas-3f0c9a", "slot_id": 412, "topic": "integration_plan", "language": "ar",
                    "interpreter_needed": True, "interpreter_language": "ar", "mode": "in_person",
                    "contact": "+358401234567", "privacy_accepted_at": "2026-11-30T14:03:00+00:00"}
    [message] = messages
    assert message["response"] == "utter_booking_done"
    assert message["booking_reference"] == "K7QM4X" and message["place"] == "Office of the City of Porvoo"
    assert message["calendar_url"].endswith("token=t2") and message["cancel_url"].endswith("token=t1")
    values = slot_values(events)
    assert values["booking_contact"] is None and values["booking_idempotency_key"] is None
    assert values["booking_reference"] == "K7QM4X"


def test_an_answer_lost_on_the_way_is_retried_with_the_same_key(fake_api):
    attempts = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(json.loads(request.content)["idempotency_key"])
        if len(attempts) == 1:
            raise httpx.ReadTimeout("no answer", request=request)
        return httpx.Response(201, json=APPOINTMENT, headers={"Idempotent-Replayed": "true"})

    fake_api.handler = flaky
    messages, _ = submit(CONFIRMED)
    assert attempts == ["opas-3f0c9a", "opas-3f0c9a"]
    assert [m["response"] for m in messages] == ["utter_booking_done"]


def test_api_down_books_nothing_and_try_again_sends_the_same_key(fake_api):
    fake_api.down = True
    messages, events = submit(CONFIRMED)
    assert [m["response"] for m in messages] == ["utter_booking_failed"]
    assert events == [SlotSet("booking_end", "failed")]  # answers and key kept for "try again"
    # "Try again": the same answers, the summary once more, then the same key.
    dispatcher = CollectingDispatcher()
    resumed = run(ActionBookingStart(), dispatcher, make_tracker("/book_appointment", "book_appointment", slots={
        **CONFIRMED, "booking_end": "failed"}))
    assert SlotSet("booking_confirmed", None) in resumed
    assert "booking_idempotency_key" not in slot_values(resumed)


def test_a_database_outage_books_nothing(fake_api):
    fake_api.handler = lambda request: httpx.Response(503, json={"error": {"code": "unavailable", "message": "db"}})
    messages, events = submit(CONFIRMED)
    assert [m["response"] for m in messages] == ["utter_booking_failed"]
    assert slot_values(events) == {"booking_end": "failed"}


def test_a_time_taken_meanwhile_offers_other_times(fake_api):
    fake_api.handler = lambda request: httpx.Response(
        409, json={"error": {"code": "slot_unavailable", "message": "taken"}})
    messages, events = submit(CONFIRMED)
    assert [m["response"] for m in messages] == ["utter_booking_slot_taken"]
    values = slot_values(events)
    assert values["booking_slot"] is None and values["booking_idempotency_key"] is None
    assert "booking_contact" not in values  # the rest of the answers stay
    assert FollowupAction("booking_form") in events


def test_refusing_the_privacy_notice_books_and_keeps_nothing(fake_api):
    messages, events = submit({**CONFIRMED, "booking_privacy": None, "booking_confirmed": None,
                               "booking_end": "privacy_refused"})
    assert [m["response"] for m in messages] == ["utter_booking_privacy_declined"]
    assert fake_api.requests == []
    assert slot_values(events)["booking_contact"] is None


def test_stopping_books_nothing(fake_api):
    for end in ("stopped", "declined"):
        messages, events = submit({**CONFIRMED, "booking_end": end})
        assert [m["response"] for m in messages] == ["utter_booking_stopped"]
        assert slot_values(events)["booking_contact"] is None
    assert fake_api.requests == []


def test_an_unconfirmed_form_books_nothing(fake_api):
    messages, _ = submit({**CONFIRMED, "booking_confirmed": None})
    assert [m["response"] for m in messages] == ["utter_booking_stopped"] and fake_api.requests == []


def test_an_uncovered_place_is_told_as_out_of_coverage(fake_api):
    messages, _ = submit({**CONFIRMED, "booking_end": "out_of_coverage", "uncovered_place": "vantaa"})
    [message] = messages
    assert (message["response"], message["municipality"]) == ("utter_out_of_coverage", None)
    assert message["place"] == "فانتا"  # named in the conversation language
    assert message["topic"] == "booking"


def test_no_free_times_at_all_points_to_the_sourced_contact(fake_api):
    fake_api.handler = lambda request: respond(answer_json("contact", text="Puhelin 044 055 5435."))
    messages, _ = submit({**CONFIRMED, "booking_end": "no_times", "booking_municipality": "loviisa",
                          "booking_choice": None, "booking_provider": "loviisa"})  # as the API answered
    [message] = messages
    assert message["response"] == "utter_booking_no_times" and message["provider"] == "loviisa"
    assert message["contact_info"] == "Puhelin 044 055 5435."
    assert not bookings(fake_api)
