"""The booking form: starting it, and reading every kind of answer (validate_booking_form)."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.form import ValidateBookingForm, next_question
from actions.booking.start import ActionBookingStart
from locales.booking import question_options
from tests.actions.conftest import make_tracker, place, run
from tests.actions.test_booking_slots import slots_handler

OFFERS = [{"id": 412, "starts_at": "2026-12-01T07:00:00Z", "mode": "phone", "place": None, "provider": "porvoo",
           "interpreter_needed": False, "duration_minutes": 30},
          {"id": 413, "starts_at": "2026-12-01T08:00:00Z", "mode": "phone", "place": None, "provider": "porvoo",
           "interpreter_needed": True, "duration_minutes": 30}]
ORDER = ["booking_municipality", "meeting_topic", "booking_language", "booking_mode", "booking_slot",
         "booking_contact", "booking_privacy"]
DONE_UP_TO_SUMMARY = {"language": "fi", "municipality": "porvoo", "booking_municipality": "porvoo",
                      "meeting_topic": "integration_plan", "booking_language": "fi", "booking_mode": "phone",
                      "booking_slot": "412", "booking_choice": OFFERS[0], "booking_offers": OFFERS,
                      "booking_contact": "+358401234567", "booking_privacy": "2026-11-30T10:00:00+00:00"}


def before(step: str) -> dict[str, Any]:
    """The answers given before `step` (a Finnish booking by phone in Porvoo)."""
    done = {name: DONE_UP_TO_SUMMARY[name] for name in ORDER[:ORDER.index(step)]} if step in ORDER else {}
    if "booking_slot" in done:
        done.update(booking_choice=OFFERS[0])
    return {"booking_offers": OFFERS, **done}


def validate(text: str, requested: str, intent: str | None = "nlu_fallback", entities=None, confidence=0.9,
             **slots: Any) -> tuple[dict[str, Any], list[str]]:
    """Runs the validation; returns the slots it set and the responses it uttered."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, entities, slots={"language": "fi", "requested_slot": requested, **slots},
                           active_loop="booking_form", confidence=confidence)
    events = run(ValidateBookingForm(), dispatcher, tracker)
    return {e["name"]: e["value"] for e in events}, [m["response"] for m in dispatcher.messages]


def options(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


MODE_OPTIONS = options(("Paikan päällä", '/inform{"booking_mode":"in_person"}'),
                       ("Puhelimitse", '/inform{"booking_mode":"phone"}'),
                       ("Videolla", '/inform{"booking_mode":"video"}'))


# --- starting ------------------------------------------------------------------------------------


def test_booking_starts_fresh_with_what_is_known():
    dispatcher = CollectingDispatcher()
    events = run(ActionBookingStart(), dispatcher, make_tracker(
        "haluan puhelinajan neuvojalle", "book_appointment",
        slots={"language": "fi", "municipality": "loviisa", "booking_contact": "+358401234567"}))
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert values["booking_topic"] == "booking"
    assert values["booking_municipality"] == "loviisa"
    assert values["booking_mode"] == "phone"  # "puhelinaika" named the mode
    assert values["booking_contact"] is None  # an old, unfinished booking is forgotten
    assert values["requested_slot"] is None
    assert dispatcher.messages == []


def test_asking_for_a_person_says_live_chat_is_not_there_and_books():
    dispatcher = CollectingDispatcher()
    events = run(ActionBookingStart(), dispatcher, make_tracker("haluan puhua ihmisen kanssa", "request_human",
                                                               slots={"language": "fi"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_live_chat_unavailable"]
    assert dispatcher.messages[0]["topic"] == "human_handoff"
    assert SlotSet("booking_topic", "human_handoff") in events


def test_a_place_named_in_the_request_is_the_apis_to_judge(fake_api):
    fake_api.handler = slots_handler({})
    dispatcher = CollectingDispatcher()
    events = run(ActionBookingStart(), dispatcher, make_tracker(
        "I live in Porvoo and want to book an appointment", "book_appointment", [place("porvoo")],
        slots={"language": "en", "municipality": "loviisa"}))
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert (values["booking_municipality"], values["booking_provider"], values["municipality"]) == \
        ("porvoo", "porvoo", "porvoo")
    dispatcher = CollectingDispatcher()
    events = run(ActionBookingStart(), dispatcher, make_tracker(
        "asun Espoossa, varaa aika", "book_appointment", [place("espoo")], slots={"language": "fi"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_out_of_coverage" and message["place"] == "Espoo"
    assert FollowupAction("action_listen") in events and SlotSet("uncovered_place", "espoo") in events


def test_an_uncovered_place_ends_the_booking_before_it_starts():
    dispatcher = CollectingDispatcher()
    events = run(ActionBookingStart(), dispatcher, make_tracker(
        "varaa aika", "book_appointment", slots={"language": "fi", "uncovered_place": "espoo"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_out_of_coverage" and message["municipality"] is None
    assert message["place"] == "Espoo" and message["topic"] == "booking"
    assert FollowupAction("action_listen") in events


def test_try_again_after_a_failure_keeps_the_answers_and_the_key():
    dispatcher = CollectingDispatcher()
    events = run(ActionBookingStart(), dispatcher, make_tracker("/book_appointment", "book_appointment", slots={
        **DONE_UP_TO_SUMMARY, "booking_confirmed": "yes", "booking_idempotency_key": "opas-key-1",
        "booking_end": "failed"}))
    names = {e["name"] for e in events if e["event"] == "slot"}
    assert "booking_idempotency_key" not in names and "booking_contact" not in names
    assert SlotSet("booking_confirmed", None) in events  # the summary is shown again
    assert SlotSet("booking_end", None) in events


# --- the order of questions ----------------------------------------------------------------------


def test_questions_come_in_order_and_finnish_needs_no_interpreter_question():
    assert next_question({}) == "booking_municipality"
    assert next_question({"booking_municipality": "porvoo", "meeting_topic": "other", "booking_language": "ar"}) \
        == "booking_interpreter"
    assert next_question({"booking_municipality": "porvoo", "meeting_topic": "other", "booking_language": "fi"}) \
        == "booking_mode"
    assert next_question({**DONE_UP_TO_SUMMARY}) == "booking_confirmed"
    assert next_question({**DONE_UP_TO_SUMMARY, "booking_confirmed": "yes"}) is None
    assert next_question({"booking_end": "stopped"}) is None


def test_nothing_is_read_while_the_form_starts():
    values, said = validate("varaa aika", None, "book_appointment", booking_municipality="porvoo")
    assert values == {"requested_slot": "meeting_topic"} and said == []


# --- answers: buttons, typed titles and numbers ----------------------------------------------------


def test_a_button_payload_answers():
    values, _ = validate('/inform{"booking_mode":"video"}', "booking_mode", "inform",
                         [{"entity": "booking_mode", "value": "video"}], **DONE_UP_TO_SUMMARY | {"booking_mode": None})
    assert values["booking_mode"] == "video"


@pytest.mark.parametrize("typed", ["2", "2.", "٢", "۲", "puhelimitse", "Puhelimitse!", "puhelimella", "by phone",
                                   "по телефону", "تلفنی", "بالهاتف", "taleefan"])
def test_typing_a_title_a_number_or_a_mode_word_does_what_the_button_does(typed):
    values, said = validate(typed, "booking_mode", **before("booking_mode"), booking_options=MODE_OPTIONS)
    assert values["booking_mode"] == "phone", said
    assert values["requested_slot"] == "booking_slot"


def test_a_number_beyond_the_options_gets_a_hint():
    values, said = validate("7", "booking_mode", **before("booking_mode"), booking_options=MODE_OPTIONS)
    assert said == ["utter_booking_invalid_choice"]
    assert values["booking_mode"] is None and values["requested_slot"] == "booking_mode"


def test_a_topic_question_names_the_meeting_topic():
    values, _ = validate("kuinka pitkä kotoutumissuunnitelma on", "meeting_topic", "ask_integration_plan",
                         booking_municipality="porvoo")
    assert values["meeting_topic"] == "integration_plan"
    values, _ = validate("I need help with my apartment rent", "meeting_topic", "out_of_scope",
                         booking_municipality="porvoo")
    assert values["meeting_topic"] == "other"


def test_the_meeting_language_is_a_button_or_a_language_named():
    values, _ = validate("arabiaksi", "booking_language", "change_language",
                         [{"entity": "requested_language", "value": "ar"}], **before("booking_language"))
    assert values["booking_language"] == "ar" and values["requested_slot"] == "booking_interpreter"
    values, _ = validate("English", "booking_language", **before("booking_language"))
    assert values["booking_language"] == "en"


def test_the_municipality_is_a_place_named_or_its_number(fake_api):
    fake_api.handler = slots_handler({})
    values, _ = validate("asun Pukkilassa", "booking_municipality", "inform", [place("pukkila")])
    assert values["booking_municipality"] == "pukkila" and values["municipality"] == "pukkila"
    assert values["booking_provider"] == "porvoo"  # the API says who serves Pukkila
    listed = options(("Askola", '/inform{"municipality":"askola"}'),
                     ("Kirkkonummi", '/inform{"municipality":"kirkkonummi"}'))
    values, _ = validate("2", "booking_municipality", booking_options=listed)
    assert values["booking_municipality"] == "kirkkonummi"


def test_an_uncovered_place_ends_the_form_honestly(fake_api):
    fake_api.handler = slots_handler({})  # the API answers that it does not cover Espoo
    values, said = validate("Espoo", "booking_municipality", "inform", [place("espoo")])
    assert values["booking_end"] == "out_of_coverage" and values["requested_slot"] is None and said == []
    assert values["uncovered_place"] == "espoo" and fake_api.requests[0].url.params["municipality"] == "espoo"


def test_a_jobseeker_status_that_changes_the_provider_asks_for_times_again(fake_api):
    fake_api.handler = slots_handler({})
    values, _ = validate("olen työtön", "booking_contact", "inform", [{"entity": "jobseeker", "value": "yes"}],
                         **DONE_UP_TO_SUMMARY | {"booking_contact": None, "jobseeker": "yes"})
    assert values["booking_provider"] == "porvoo_employment_area"
    assert values["booking_slot"] is None and values["requested_slot"] == "booking_slot"


def test_a_free_time_must_be_one_that_was_offered():
    values, _ = validate('/inform{"booking_slot":"413"}', "booking_slot", "inform",
                         [{"entity": "booking_slot", "value": "413"}], booking_offers=OFFERS)
    assert values["booking_slot"] == "413" and values["booking_choice"]["interpreter_needed"] is True
    values, said = validate('/inform{"booking_slot":"999"}', "booking_slot", "inform",
                            [{"entity": "booking_slot", "value": "999"}], booking_offers=OFFERS)
    assert said == ["utter_booking_invalid_choice"] and values["booking_slot"] is None


def test_another_mode_offered_when_no_time_is_free_changes_the_mode():
    values, _ = validate('/inform{"booking_mode":"video"}', "booking_slot", "inform",
                         [{"entity": "booking_mode", "value": "video"}],
                         **{**DONE_UP_TO_SUMMARY, "booking_slot": None, "booking_choice": None,
                            "booking_contact": None, "booking_privacy": None})
    assert values["booking_mode"] == "video" and values["requested_slot"] == "booking_slot"


# --- contact, privacy, confirmation ----------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [("040 123 4567", "+358401234567"), ("+46 70 123 45 67", "+46701234567"),
                                          ("numeroni on 0401234567", "+358401234567"),
                                          ("matti@example.fi", "matti@example.fi")])
def test_a_valid_contact_is_kept_normalised(typed, stored):
    values, said = validate(typed, "booking_contact", **DONE_UP_TO_SUMMARY | {"booking_contact": None})
    assert values["booking_contact"] == stored and said == []


def test_an_invalid_contact_is_asked_again():
    values, said = validate("12345", "booking_contact", **DONE_UP_TO_SUMMARY | {"booking_contact": None})
    assert said == ["utter_booking_invalid_contact"]
    assert values["booking_contact"] is None and values["requested_slot"] == "booking_contact"


def test_privacy_yes_is_remembered_with_its_time_and_no_ends_the_form():
    values, _ = validate("kyllä", "booking_privacy", "affirm", **DONE_UP_TO_SUMMARY | {"booking_privacy": None})
    assert values["booking_privacy"].endswith("+00:00")
    values, _ = validate("en hyväksy", "booking_privacy", "deny", **DONE_UP_TO_SUMMARY | {"booking_privacy": None})
    assert values["booking_end"] == "privacy_refused" and values["requested_slot"] is None


def test_confirming_makes_one_idempotency_key_and_keeps_it():
    values, _ = validate("kyllä", "booking_confirmed", "affirm", **DONE_UP_TO_SUMMARY)
    key = values["booking_idempotency_key"]
    assert key.startswith("opas-") and values["requested_slot"] is None
    again, _ = validate("kyllä", "booking_confirmed", "affirm", **DONE_UP_TO_SUMMARY, booking_idempotency_key=key)
    assert again["booking_idempotency_key"] == key


# --- changing an answer, stopping, questions in between ------------------------------------------


@pytest.mark.parametrize("typed", ["toinen aika", "change the time", "annan tid", "другое время", "وقت آخر",
                                   "یه وقت دیگه", "waqti kale"])
def test_asking_for_another_time_clears_the_time(typed):
    values, _ = validate(typed, "booking_confirmed", **DONE_UP_TO_SUMMARY, booking_idempotency_key="k")
    assert values["booking_slot"] is None and values["booking_choice"] is None
    assert values["booking_idempotency_key"] is None and values["requested_slot"] == "booking_slot"
    assert "booking_contact" not in values  # the rest stays


def test_another_language_clears_the_language_and_what_depends_on_it():
    values, _ = validate("other language please", "booking_confirmed", **DONE_UP_TO_SUMMARY)
    assert values["booking_language"] is None and values["booking_slot"] is None
    assert values["requested_slot"] == "booking_language"


def test_the_summary_button_changes_the_contact():
    values, _ = validate('/inform{"booking_change":"booking_contact"}', "booking_confirmed", "inform",
                         [{"entity": "booking_change", "value": "booking_contact"}], **DONE_UP_TO_SUMMARY)
    assert values["booking_contact"] is None and values["requested_slot"] == "booking_contact"
    assert "booking_slot" not in values


def test_later_times_look_from_the_day_after_the_last_offer():
    values, _ = validate('/inform{"booking_change":"later"}', "booking_slot", "inform",
                         [{"entity": "booking_change", "value": "later"}], **before("booking_slot"))
    assert values["booking_from"] == "2026-12-02" and values["requested_slot"] == "booking_slot"


@pytest.mark.parametrize("typed", ["stop", "peruuta", "lopeta", "avbryt", "стоп", "скасувати", "отмена", "توقف",
                                   "jooji", "بسه", "/stop"])
def test_stop_in_every_language_ends_the_form_with_nothing_booked(typed):
    values, _ = validate(typed, "booking_contact", "nlu_fallback", **DONE_UP_TO_SUMMARY | {"booking_contact": None})
    assert values == {"booking_end": "stopped", "requested_slot": None}


def test_a_question_of_its_own_is_left_to_the_rules():
    values, said = validate("mitä on yhteiskuntaorientaatio?", "booking_mode", "ask_civic_orientation",
                            **before("booking_mode"), booking_options=MODE_OPTIONS)
    # Nothing but the question asked: the form rejects the turn, a rule answers, the form asks again.
    assert values == {"requested_slot": "booking_mode"} and said == []


# --- what the user already said is not asked again -----------------------------------------------


def start(text: str, intent: str = "book_appointment", entities=None, ranking=None, **slots: Any):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, entities, slots=slots)
    if ranking:
        tracker.latest_message["intent_ranking"] = [{"name": name, "confidence": c} for name, c in ranking]
    events = run(ActionBookingStart(), dispatcher, tracker)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_place_topic_and_language_from_the_request_leave_only_the_mode_to_ask(fake_api):
    fake_api.handler = slots_handler({})
    values = start("I live in Porvoo and want to book an appointment with an advisor about the integration plan",
                   entities=[place("porvoo")], language="en")
    assert (values["booking_municipality"], values["meeting_topic"], values["booking_language"],
            values["booking_interpreter"]) == ("porvoo", "integration_plan", "en", "no")
    assert next_question({**values, "booking_municipality": "porvoo"}) == "booking_mode"


@pytest.mark.parametrize("text, topic", [
    ("haluan varata ajan kotoutumissuunnitelmasta", "integration_plan"),
    ("vill boka en tid om integrationsutbildning", "integration_training"),
    ("хочу записаться на консультацию по плану интеграции", "integration_plan"),
    ("хочу записатися щодо плану інтеграції", "integration_plan"),
    ("أريد موعدا بخصوص خطة الاندماج", "integration_plan"),
    ("میخوام برای طرح سازگاری وقت بگیرم", "integration_plan"),
    ("waxaan rabaa ballan ku saabsan qorshaha is-dhexgalka", "integration_plan"),
    ("book an appointment", None),
])
def test_the_meeting_topic_named_in_the_request(text, topic):
    assert start(text, language="fi", municipality="porvoo").get("meeting_topic") == topic


def test_the_meeting_topic_from_the_classifier_or_the_conversation():
    values = start("can I meet someone about the plan thing", ranking=[("book_appointment", 0.5),
                                                                      ("ask_integration_plan", 0.35)],
                   language="en", municipality="porvoo")
    assert values["meeting_topic"] == "integration_plan"
    values = start("varaa aika", language="fi", municipality="porvoo", context_topic="civic_orientation")
    assert values["meeting_topic"] == "civic_orientation"  # what the conversation was about
    assert start("varaa aika", language="fi", context_topic="booking")["meeting_topic"] is None


def test_a_new_meeting_language_goes_back_to_no_interpreter():
    values, _ = validate("change the language", "booking_confirmed", **DONE_UP_TO_SUMMARY, booking_interpreter="yes")
    assert values["booking_language"] is None and values["booking_interpreter"] == "no"
    assert values["requested_slot"] == "booking_language"


@pytest.mark.parametrize("typed, slot", [("the first one", "412"), ("toinen", "413"), ("ti klo 10", "413"),
                                         ("1.12. klo 9", "412")])
def test_a_free_time_typed_as_a_place_or_a_time(typed, slot):
    options = question_options("utter_ask_booking_slot", "fi", {"times": OFFERS})
    values, said = validate(typed, "booking_slot", **before("booking_slot"), booking_options=options)
    assert values["booking_slot"] == slot and said == [], said
    assert values["requested_slot"] == "booking_contact"
