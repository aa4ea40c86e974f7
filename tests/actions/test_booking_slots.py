"""The booking form's questions: free times from the API (as buttons, in the user's locale), what
else to try when none is free, and the buttons each question remembers."""
from __future__ import annotations

import json

import httpx
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.free_times import AskBookingSlot, distinct_times
from actions.booking.questions import AskBookingMode, AskBookingPrivacy
from tests.actions.conftest import answer_json, make_tracker, respond, run

BASE = {"language": "fi", "booking_municipality": "loviisa", "municipality": "loviisa", "meeting_topic": "other",
        "booking_language": "ar", "booking_interpreter": "no", "booking_mode": "phone"}


def api_slot(slot_id: int, starts_at: str, mode: str = "phone", interpreter: bool = False,
             provider: str = "loviisa") -> dict:
    return {"id": slot_id, "starts_at": starts_at, "ends_at": starts_at, "starts_at_local": starts_at,
            "duration_minutes": 30, "mode": mode, "place": None, "provider": provider,
            "advisor_name": "Demo Advisor 3", "advisor_languages": ["fi", "ar"], "interpreter_needed": interpreter}


#: Who serves whom, as the fake API answers it (CONTRACT.md §4): (integration, jobseekers); None: not covered.
SERVING = {"loviisa": ("loviisa", "porvoo_employment_area"), "porvoo": ("porvoo", "porvoo_employment_area"),
           "askola": ("porvoo", "porvoo_employment_area"), "pukkila": ("porvoo", "porvoo_employment_area"),
           "kirkkonummi": ("kirkkonummi", "kirkkonummi_employment_area"), "espoo": None}


def slots_answer(params, slots: list[dict]) -> httpx.Response:
    """`GET /v1/slots`: by provider, or by municipality (the API says who serves it, or nobody)."""
    place = params.get("municipality")
    if place is None:
        return respond({"slots": slots, "provider": params.get("provider"), "municipality": None, "coverage": None})
    serving = SERVING[place]
    if serving is None:
        return respond({"slots": [], "provider": None, "municipality": place, "coverage": "none"})
    provider = serving[1] if params.get("jobseeker") == "yes" else serving[0]
    return respond({"slots": slots, "provider": provider, "municipality": place, "coverage": "full"})


def slots_handler(by_mode: dict[str | None, list[dict]], by_interpreter: dict[str, list[dict]] | None = None,
                  contact_text: str | None = None):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/slots":
            params = request.url.params
            if by_interpreter is not None and params.get("with_interpreter") == "true":
                return slots_answer(params, by_interpreter.get(params.get("mode"), []))
            return slots_answer(params, by_mode.get(params.get("mode"), []))
        if request.url.path == "/v1/answer" and json.loads(request.content)["more"] == "contact":
            if contact_text is None:
                return respond(answer_json("contact", status="no_answer"))
            return respond(answer_json("contact", text=contact_text))
        return httpx.Response(404)
    return handler


def ask_slot(fake_api, **slots):
    dispatcher = CollectingDispatcher()
    events = run(AskBookingSlot(), dispatcher, make_tracker(
        "", slots={**BASE, "requested_slot": "booking_slot", **slots}, active_loop="booking_form"))
    return dispatcher.messages, {e["name"]: e["value"] for e in events}


def test_free_times_are_asked_for_the_provider_language_and_mode(fake_api):
    fake_api.handler = slots_handler({"phone": [api_slot(1, "2026-12-01T07:00:00Z"),
                                                api_slot(2, "2026-06-02T06:30:00Z")]})
    messages, values = ask_slot(fake_api, jobseeker="yes")
    params = fake_api.requests[0].url.params
    # The API decides who serves a jobseeker in Loviisa (the Porvoo employment area, CONTRACT.md §4).
    assert (params["municipality"], params["jobseeker"], params["language"], params["with_interpreter"],
            params["mode"]) == ("loviisa", "yes", "ar", "false", "phone")
    assert "provider" not in params and values["booking_provider"] == "porvoo_employment_area"
    [message] = messages
    assert message["response"] == "utter_ask_booking_slot"
    # Times in Finnish time (EET in winter, EEST in summer), formatted for the user's locale.
    # Numbered: typing the number presses the button.
    assert [o["title"] for o in message["options"]] == ["1. ti 2.6. 9.30", "2. ti 1.12. 9.00", "3. Myöhemmät ajat",
                                                       "4. Lopeta"]
    assert message["options"][0]["payload"] == '/inform{"booking_slot":"2"}'
    assert [o["id"] for o in values["booking_offers"]] == [2, 1]
    # The buttons are made once: the NLG shows them, and they are remembered for typed titles and numbers.
    assert values["booking_options"] == message["options"]
    assert all(len(o["payload"].encode()) <= 64 for o in values["booking_options"])


def test_free_time_buttons_speak_the_conversation_language(fake_api):
    fake_api.handler = slots_handler({"phone": [api_slot(1, "2026-12-01T07:00:00Z")]})
    messages, _ = ask_slot(fake_api, language="ar")
    assert "ديسمبر" in messages[0]["options"][0]["title"]
    messages, _ = ask_slot(fake_api, language="fa")
    assert "دسامبر" in messages[0]["options"][0]["title"]


def test_two_advisors_free_at_one_time_make_one_button_preferring_no_interpreter():
    found = distinct_times([api_slot(1, "2026-12-01T07:00:00Z", interpreter=True),
                            api_slot(2, "2026-12-01T07:00:00Z"), api_slot(3, "2026-12-01T08:00:00Z")], 5)
    assert [s["id"] for s in found] == [2, 3]


def test_later_times_start_from_the_remembered_day(fake_api):
    fake_api.handler = slots_handler({"phone": [api_slot(9, "2026-12-08T07:00:00Z")]})
    ask_slot(fake_api, booking_from="2026-12-02")
    assert fake_api.requests[0].url.params["from"] == "2026-12-02"


def test_no_free_time_offers_other_modes_an_interpreter_and_the_sourced_contact(fake_api):
    coordinator = "Loviisan maahanmuuttajakoordinaattori on Aki Savolainen, puhelin 044 055 5435."
    booking_here = "Voit myös varata ajan kotoutumisneuvojalle täällä chatissa."
    fake_api.handler = slots_handler({"phone": [], "video": [api_slot(5, "2026-12-04T07:00:00Z", "video")]},
                                     by_interpreter={"phone": [api_slot(6, "2026-12-03T07:00:00Z", interpreter=True)]},
                                     contact_text=coordinator + "\n\n" + booking_here)
    messages, values = ask_slot(fake_api)
    [message] = messages
    assert message["response"] == "utter_booking_no_slots"
    assert message["alternatives"] == ["video", "interpreter"]
    assert message["contact_info"] == coordinator and message["sources"]
    assert [o["payload"] for o in values["booking_options"]] == [
        '/inform{"booking_mode":"video"}', '/inform{"booking_interpreter":"yes"}', "/stop"]
    assert "booking_end" not in values  # the form goes on: the user picks what to try


def test_no_free_time_at_all_ends_the_form(fake_api):
    fake_api.handler = slots_handler({})
    messages, values = ask_slot(fake_api)
    assert messages == []  # action_booking_submit says so, once the form has ended
    assert values["booking_end"] == "no_times" and values["requested_slot"] is None


def test_api_down_while_looking_for_times_ends_the_form_without_losing_anything(fake_api):
    fake_api.down = True
    messages, values = ask_slot(fake_api)
    assert messages == [] and values == {"booking_end": "api_down", "requested_slot": None}


def test_a_question_remembers_its_buttons_and_the_privacy_notice_says_how_long():
    dispatcher = CollectingDispatcher()
    events = run(AskBookingMode(), dispatcher, make_tracker(slots={"language": "sv"}))
    assert [o["title"] for o in events[0]["value"]] == ["1. På plats", "2. Per telefon", "3. Via video"]
    assert events == [SlotSet("booking_options", events[0]["value"])]
    dispatcher = CollectingDispatcher()
    run(AskBookingPrivacy(), dispatcher, make_tracker(slots={"language": "fi", "booking_municipality": "askola",
                                                             "booking_provider": "porvoo"}))
    [message] = dispatcher.messages
    assert message["provider"] == "porvoo"  # as the API answered for Askola, which buys from Porvoo
    assert message["retention_days"] == 90
    assert json.dumps(message)  # arguments travel to the NLG as JSON


def test_a_place_whose_documents_give_no_phone_gets_no_contact_paragraph(fake_api):
    fake_api.handler = slots_handler({"phone": [], "video": [api_slot(5, "2026-12-04T07:00:00Z", "video")]},
                                     contact_text="Asiakirjat eivät kerro kuntasi yhteyshenkilöä.\n\n"
                                                  "Voit myös varata ajan täällä chatissa.")
    messages, _ = ask_slot(fake_api, booking_municipality="porvoo")
    assert "contact_info" not in messages[0]


def test_a_place_the_api_does_not_cover_ends_the_form_when_times_are_asked(fake_api):
    fake_api.handler = slots_handler({"phone": [api_slot(1, "2026-12-01T07:00:00Z")]})
    messages, values = ask_slot(fake_api, booking_municipality="espoo")
    assert messages == []
    assert values["booking_end"] == "out_of_coverage" and values["uncovered_place"] == "espoo"
    assert values["municipality"] is None and values["requested_slot"] is None
