"""The live chat offer, the consent to share the conversation and the handoff request (actions/handoff.py)."""
from __future__ import annotations

import json

import httpx
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswer
from actions.handoff import ActionHandoffConsent, ActionHandoffLeave, ActionHandoffOffer
from tests.actions.conftest import answer_json, make_tracker, place, respond, run

AVAILABLE = {"available": True, "provider": "porvoo", "advisors_on_duty": 2, "queue_length": 0,
             "estimate_seconds": 120, "speaks_language": True}
NOBODY = {**AVAILABLE, "available": False, "advisors_on_duty": 0, "estimate_seconds": None}


def api_with(availability: dict, created: httpx.Response | None = None, answer: dict | None = None):
    """A handler: availability, the handoff request, the answers, the covered places."""
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/handoffs/availability":
            return respond(availability)
        if request.url.path == "/v1/handoffs":
            return created or httpx.Response(201, json={"id": "h-1", "status": "queued", "position": 2,
                                                        "estimate_seconds": 300, "provider": "porvoo"})
        if request.url.path == "/v1/answer":
            return respond(answer or answer_json(None, status="unclear", suggestions=["integration_plan"]))
        if request.url.path == "/v1/municipalities":
            return respond([{"id": "porvoo"}])
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "?"}})
    return handler


def talked(slots: dict, intent: str, text: str, metadata: dict | None = None) -> Tracker:
    """A tracker with a conversation behind it: a question, the bot's answer, a button pressed."""
    tracker = make_tracker(text, intent, slots={"language": "fi", "handoff_offer": "offered", **slots},
                           metadata=metadata)
    tracker.events = [
        {"event": "user", "text": "Mikä on kotoutumissuunnitelma?"},
        {"event": "bot", "text": "Kotoutumissuunnitelma on suunnitelma..."},
        {"event": "user", "text": "/request_human"},
        {"event": "slot", "name": "language", "value": "fi"},
        {"event": "bot", "text": "Neuvoja päivystää nyt."},
        {"event": "user", "text": text},
    ]
    return tracker


def sent_body(fake_api) -> dict:
    [request] = [r for r in fake_api.requests if r.url.path == "/v1/handoffs"]
    return json.loads(request.content)


def test_asking_for_a_person_offers_a_live_chat_when_an_advisor_is_on_duty(fake_api):
    fake_api.handler = api_with(AVAILABLE)
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffOffer(), dispatcher, make_tracker(
        "haluan puhua ihmisen kanssa", "request_human", slots={"language": "fi", "municipality": "loviisa",
                                                              "jobseeker": "yes"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_offer" and message["topic"] == "human_handoff"
    assert SlotSet("handoff_offer", "offered") in events
    [request] = fake_api.requests
    assert request.url.params["municipality"] == "loviisa" and request.url.params["jobseeker"] == "yes"
    assert request.url.params["language"] == "fi"


def test_asking_for_a_person_with_nobody_on_duty_starts_the_booking(fake_api):
    fake_api.handler = api_with(NOBODY)
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffOffer(), dispatcher, make_tracker(
        "haluan puhua ihmisen kanssa", "request_human", slots={"language": "fi", "municipality": "porvoo"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_live_chat_unavailable"]
    assert events[-1] == FollowupAction("booking_form")
    assert SlotSet("booking_topic", "human_handoff") in events
    assert not any(r.url.path == "/v1/handoffs" for r in fake_api.requests)


def test_an_api_that_does_not_answer_means_the_booking(fake_api):
    fake_api.handler = api_with(AVAILABLE)
    fake_api.down = True
    events = run(ActionHandoffOffer(), CollectingDispatcher(), make_tracker(
        "human", "request_human", slots={"municipality": "siuntio"}))
    assert events[-1] == FollowupAction("booking_form")


def test_an_unknown_place_is_asked_first_and_the_answer_decides_whose_advisors(fake_api):
    fake_api.handler = api_with(AVAILABLE)
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffOffer(), dispatcher, make_tracker("haluan puhua ihmisen kanssa", "request_human",
                                                               slots={"language": "fi"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_ask_municipality" and message["municipalities"] == ["porvoo"]
    assert events == [SlotSet("handoff_offer", "needs_place"), FollowupAction("action_listen")]
    assert not any(r.url.path == "/v1/handoffs/availability" for r in fake_api.requests)
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffOffer(), dispatcher, make_tracker(
        "Porvoo", "inform", [place("porvoo")], slots={"language": "fi", "handoff_offer": "needs_place"}))
    [request] = [r for r in fake_api.requests if r.url.path == "/v1/handoffs/availability"]
    assert request.url.params["municipality"] == "porvoo"
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_offer"]
    assert SlotSet("municipality", "porvoo") in events and SlotSet("handoff_offer", "offered") in events


def test_yes_shares_the_conversation_without_button_payloads(fake_api):
    fake_api.handler = api_with(AVAILABLE)
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffConsent(), dispatcher, talked(
        {"municipality": "porvoo", "context_topic": "integration_plan"}, "affirm", "kyllä, saa jakaa",
        metadata={"session_language": "fi"}))
    body = sent_body(fake_api)
    assert body["share_transcript"] is True and body["channel"] == "web" and body["language"] == "fi"
    assert body["conversation_id"] == "test-user" and body["topic"] == "integration_plan"
    assert body["municipality"] == "porvoo"
    assert body["transcript"] == [
        {"sender": "user", "text": "Mikä on kotoutumissuunnitelma?"},
        {"sender": "bot", "text": "Kotoutumissuunnitelma on suunnitelma..."},
        {"sender": "bot", "text": "Neuvoja päivystää nyt."},
        {"sender": "user", "text": "kyllä, saa jakaa"},
    ]
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_queued"
    assert message["position"] == 2 and message["minutes"] == 5
    assert message["handoff"] == {"id": "h-1", "status": "queued", "position": 2, "estimate_seconds": 300}
    assert SlotSet("handoff_offer", None) in events


def test_no_queues_without_the_conversation(fake_api):
    fake_api.handler = api_with(AVAILABLE)
    run(ActionHandoffConsent(), CollectingDispatcher(), talked({}, "deny", "ei, älä jaa"))
    body = sent_body(fake_api)
    assert body["share_transcript"] is False and "transcript" not in body
    assert body["channel"] == "rest"  # straight to Rasa's REST channel, not through the widget


def test_a_typed_no_is_understood_when_the_classifier_is_unsure(fake_api):
    fake_api.handler = api_with(AVAILABLE)
    tracker = talked({}, "deny", "en halua", metadata=None)
    tracker.latest_message["intent"]["confidence"] = 0.3
    run(ActionHandoffConsent(), CollectingDispatcher(), tracker)
    assert sent_body(fake_api)["share_transcript"] is False


def test_the_last_advisor_gone_meanwhile_starts_the_booking(fake_api):
    fake_api.handler = api_with(AVAILABLE, created=httpx.Response(409, json={"detail": "nobody", "available": False}))
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffConsent(), dispatcher, talked({}, "affirm", "kyllä"))
    assert dispatcher.messages[0]["response"] == "utter_live_chat_unavailable"
    assert events[-1] == FollowupAction("booking_form")


def test_two_turns_in_a_row_without_help_offer_a_person(fake_api):
    fake_api.handler = api_with(AVAILABLE)
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker("blaa blaa", "nlu_fallback", slots={"language": "fi"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_suggestions"]
    assert SlotSet("help_failures", 1) in events
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker("entä blaa", "nlu_fallback",
                                                          slots={"language": "fi", "help_failures": 1}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_suggestions", "utter_handoff_offer"]
    assert SlotSet("handoff_offer", "offered") in events and SlotSet("help_failures", 0) in events


def test_the_documents_not_saying_counts_and_a_real_answer_starts_again(fake_api):
    fake_api.handler = api_with(AVAILABLE, answer=answer_json("integration_plan", not_stated="cost"))
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker("maksaako?", "ask_followup",
                                                 slots={"language": "fi", "help_failures": 1}))
    assert dispatcher.messages[-1]["response"] == "utter_handoff_offer"
    fake_api.handler = api_with(AVAILABLE, answer=answer_json("integration_plan"))
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker("mikä se on?", "ask_integration_plan",
                                                          slots={"language": "fi", "help_failures": 1,
                                                                 "handoff_offer": "offered"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_answer"]
    assert SlotSet("help_failures", 0) in events and SlotSet("handoff_offer", None) in events


def test_two_failures_with_nobody_on_duty_offer_no_live_chat(fake_api):
    fake_api.handler = api_with(NOBODY)
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker("blaa", "nlu_fallback", slots={"language": "fi", "help_failures": 1}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_suggestions"]
    assert any(r.url.path == "/v1/handoffs/availability" for r in fake_api.requests)


def test_leaving_the_queue_where_no_gateway_answers_it(fake_api):
    left = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/handoffs/active":
            assert request.url.params["conversation_id"] == "test-user"
            return respond({"id": 12, "status": "queued"})
        if request.url.path == "/v1/handoffs/12/leave":
            left.append(request.method)
            return respond({"id": 12, "status": "closed", "closed_reason": "user_left"})
        return httpx.Response(404, json={"detail": "?"})
    fake_api.handler = handler
    dispatcher = CollectingDispatcher()
    run(ActionHandoffLeave(), dispatcher, make_tracker("/handoff_leave", "handoff_leave", slots={"language": "so"}))
    assert left == ["POST"]
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_left"]


def test_typed_words_about_a_queue_with_no_queue_to_leave_are_answered_as_a_question(fake_api):
    """"How many weeks does one queue for the first interview?" is read as handoff_leave by its
    words; with no handoff open it is a question, and the answer action takes it."""
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/handoffs/active"
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "?"}})
    fake_api.handler = handler
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffLeave(), dispatcher, make_tracker(
        "kuinka kauan alkukartoitukseen jonotetaan", "handoff_leave", slots={"language": "fi"}))
    assert events == [FollowupAction("action_answer")]
    assert dispatcher.messages == []


def test_the_leave_button_with_no_queue_open_still_says_the_user_left(fake_api):
    fake_api.handler = lambda request: httpx.Response(404, json={"error": {"code": "not_found", "message": "?"}})
    dispatcher = CollectingDispatcher()
    run(ActionHandoffLeave(), dispatcher, make_tracker("/handoff_leave", "handoff_leave", slots={"language": "fi"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_left"]
