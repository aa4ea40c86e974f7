"""The answer action: one `POST /v1/answer` per message, what it sends, what it says, what it keeps."""
from __future__ import annotations

import json

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswer
from tests.actions.conftest import answer_json, make_tracker, place, respond, run


def sent(fake_api, number: int = 0) -> dict:
    request = fake_api.requests[number]
    assert request.method == "POST" and request.url.path == "/v1/answer"
    return json.loads(request.content)


def test_a_question_is_answered_with_its_sources_in_one_call(fake_api):
    fake_api.handler = lambda request: respond(answer_json(
        "civic_orientation", municipality="loviisa", statements=["civic-orientation-length"], more=True))
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker(
        "kuinka pitkä yhteiskuntaorientaatio on", "ask_civic_orientation", slots={"language": "fi"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_answer"
    assert (message["topic"], message["answer"], message["more_topic"]) == ("civic_orientation", "Vastaus.",
                                                                            "civic_orientation")
    assert message["sources"][0]["id"] == "lovisa-minutes-2025"
    assert SlotSet("context_topic", "civic_orientation") in events
    assert SlotSet("shown_statements", ["civic-orientation-length"]) in events
    assert SlotSet("municipality", "loviisa") in events
    assert len(fake_api.requests) == 1
    body = sent(fake_api)
    assert body["question"] == "kuinka pitkä yhteiskuntaorientaatio on" and body["language"] == "fi"
    assert body["intents"] == [{"name": "ask_civic_orientation", "confidence": 0.9}]
    assert fake_api.requests[0].headers["authorization"] == "Bearer t"


def test_the_conversation_context_travels_with_the_question(fake_api):
    fake_api.handler = lambda request: respond(answer_json("civic_orientation"))
    run(ActionAnswer(), CollectingDispatcher(), make_tracker(
        "how long does it take?", "ask_followup",
        slots={"language": "en", "municipality": "siuntio", "jobseeker": "yes", "context_topic": "civic_orientation",
               "shown_statements": ["civic-orientation-what"]}))
    body = sent(fake_api)
    assert body["municipality"] == "siuntio" and body["jobseeker"] == "yes"
    assert body["context"] == {"topic": "civic_orientation", "pending": None, "shown": ["civic-orientation-what"]}


def test_a_place_dependent_question_without_place_asks_for_it_and_remembers(fake_api):
    fake_api.handler = lambda request: respond(answer_json(
        "service_provider", status="needs_municipality", covered=["askola", "porvoo"], pending="first_steps"))
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker("I just moved here, what now?", "ask_first_steps",
                                                         slots={"language": "en"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_municipality"
    assert message["municipalities"] == ["askola", "porvoo"]
    assert SlotSet("pending_topic", "first_steps") in events


def test_naming_the_place_sends_it_as_a_place_only_answer(fake_api):
    fake_api.handler = lambda request: respond(answer_json("service_provider", municipality="askola",
                                                           provider="porvoo"))
    entity = {"entity": "municipality", "value": "askola", "start": 0, "end": 6}
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker(
        "askola", "inform", [entity], slots={"language": "ar", "pending_topic": "service_provider"}))
    body = sent(fake_api)
    assert body["places"] == ["askola"] and body["place_only"] is True
    assert body["context"]["pending"] == "service_provider"
    assert dispatcher.messages[0]["provider"] == "porvoo"


def test_an_uncovered_place_is_named_and_kept_apart(fake_api):
    fake_api.handler = lambda request: respond(answer_json(
        "service_provider", status="out_of_coverage", place="espoo", covered=["porvoo"]))
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker(
        "asun espoossa, kuka auttaa", "ask_service_provider", [place("espoo")], slots={"language": "fi",
                                                                                         "municipality": "porvoo"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_out_of_coverage"
    assert message["municipality"] is None and message["place"] == "Espoo"
    assert SlotSet("municipality", None) in events and SlotSet("uncovered_place", "espoo") in events


def test_what_the_documents_do_not_say_offers_an_advisor(fake_api):
    fake_api.handler = lambda request: respond(answer_json("civic_orientation", not_stated="cost"))
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker("is it free?", "ask_followup", slots={"language": "en"}))
    [message] = dispatcher.messages
    assert message["not_stated"] == "cost" and message["offer_advisor"] is True


def test_out_of_scope_names_its_subject_and_never_starts_a_form(fake_api):
    fake_api.handler = lambda request: respond(answer_json(
        None, status="out_of_scope", subject="housing", text=None, sources=[]))
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker("can I get help finding an apartment?", "out_of_scope",
                                                         slots={"language": "en"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_out_of_scope" and message["subject"] == "housing"
    assert not any(getattr(e, "key", None) == "requested_slot" for e in events)


def test_unclear_offers_the_likely_topics(fake_api):
    fake_api.handler = lambda request: respond(answer_json(
        None, status="unclear", suggestions=["civic_orientation", "integration_training"], text=None))
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker("orientaatio kurssi??", "nlu_fallback", slots={"language": "fi"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_suggestions" and message["topics"] == ["civic_orientation",
                                                                                "integration_training"]


def test_no_content_for_this_user_is_an_honest_dont_know(fake_api):
    fake_api.handler = lambda request: respond(answer_json("civic_orientation", status="no_answer", text=None,
                                                           sources=[]))
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker("yhteiskuntaorientaatio?", "ask_civic_orientation",
                                                 slots={"language": "fi"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_default" and message["topic"] == "civic_orientation"


def test_a_more_button_asks_for_the_rest_of_its_topic(fake_api):
    fake_api.handler = lambda request: respond(answer_json("integration_plan"))
    run(ActionAnswer(), CollectingDispatcher(), make_tracker(
        '/ask_more{"topic":"integration_plan"}', "ask_more", [{"entity": "topic", "value": "integration_plan"}],
        slots={"language": "sv"}, confidence=1.0))
    body = sent(fake_api)
    assert body["more"] == "integration_plan" and body["question"] == ""


def test_api_down_still_gets_a_reply(fake_api):
    fake_api.down = True
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker("mikä on kotoutumissuunnitelma", "ask_integration_plan",
                                                 slots={"language": "so"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_service_unavailable"]
    assert len(fake_api.requests) == 2  # a request that never got an answer is tried once more


def test_only_slots_that_change_are_set(fake_api):
    fake_api.handler = lambda request: respond(answer_json("civic_orientation", municipality="loviisa",
                                                           statements=["civic-orientation-length"]))
    events = run(ActionAnswer(), CollectingDispatcher(), make_tracker(
        "how long?", "ask_followup", slots={"language": "en", "municipality": "loviisa",
                                            "context_topic": "civic_orientation"}))
    assert events == [SlotSet("shown_statements", ["civic-orientation-length"])]


def test_the_booking_offers_the_places_the_api_covers(fake_api):
    from actions.booking.questions import AskBookingMunicipality

    fake_api.handler = lambda request: respond([{"id": "porvoo"}, {"id": "siuntio"}])
    dispatcher = CollectingDispatcher()
    run(AskBookingMunicipality(), dispatcher, make_tracker("varaa aika", "book_appointment", slots={"language": "fi"}))
    assert fake_api.requests[0].url.path == "/v1/municipalities"
    assert fake_api.requests[0].url.params["covered"] == "true"
    [message] = dispatcher.messages
    assert [o["payload"] for o in message["options"]] == ['/inform{"municipality":"porvoo"}',
                                                          '/inform{"municipality":"siuntio"}']
    fake_api.down = True  # without the API the question goes without buttons
    dispatcher = CollectingDispatcher()
    run(AskBookingMunicipality(), dispatcher, make_tracker("varaa aika", "book_appointment", slots={"language": "fi"}))
    assert dispatcher.messages[0]["options"] == []
