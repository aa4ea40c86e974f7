from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswer, ActionInform
from tests.actions.conftest import answer_json, make_tracker, place, respond, run


def test_a_topic_question_is_answered_with_its_sources(fake_api):
    fake_api.handler = lambda request: respond(answer_json("civic_orientation", municipality="loviisa"))
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker(
        "mitä on yhteiskuntaorientaatio", "ask_civic_orientation", slots={"language": "fi", "municipality": "loviisa"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_answer"
    assert message["topic"] == "civic_orientation"
    assert message["answer"] == "Vastaus."
    assert message["sources"][0]["id"] == "lovisa-minutes-2025"
    assert SlotSet("pending_topic", None) in events
    request = fake_api.requests[0]
    assert request.url.path == "/v1/answers/civic_orientation"
    assert request.url.params["municipality"] == "loviisa"
    assert request.url.params["language"] == "fi"
    assert request.headers["authorization"] == "Bearer t"


def test_place_dependent_question_without_place_asks_for_it_and_remembers(fake_api):
    fake_api.handler = lambda request: respond(answer_json("service_provider", status="needs_municipality"))
    dispatcher = CollectingDispatcher()
    events = run(ActionAnswer(), dispatcher, make_tracker("kuka järjestää palvelut", "ask_service_provider",
                                                         slots={"language": "fi"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_municipality"]
    assert dispatcher.messages[0]["topic"] == "service_provider"
    assert SlotSet("pending_topic", "service_provider") in events


def test_naming_the_place_answers_the_pending_question(fake_api):
    fake_api.handler = lambda request: respond(answer_json(
        "service_provider", municipality="askola", provider="porvoo"))
    dispatcher = CollectingDispatcher()
    run(ActionInform(), dispatcher, make_tracker(
        "askola", "inform", [place("askola")],
        slots={"language": "ar", "municipality": "askola", "pending_topic": "service_provider"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_answer" and message["provider"] == "porvoo"
    assert fake_api.requests[0].url.path == "/v1/answers/service_provider"
    assert fake_api.requests[0].url.params["language"] == "ar"


def test_an_uncovered_place_is_told_honestly_without_asking_the_api(fake_api):
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker(
        "asun espoossa, kuka auttaa", "ask_service_provider", [place("espoo")],
        slots={"language": "fi", "uncovered_place": "espoo"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_out_of_coverage"
    assert message["municipality"] is None
    assert message["place"] == "Espoo"
    assert fake_api.requests == []


def test_api_down_still_gets_a_reply(fake_api):
    fake_api.down = True
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker("mikä on kotoutumissuunnitelma", "ask_integration_plan",
                                                 slots={"language": "so"}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_service_unavailable"]


def test_a_place_alone_with_nothing_pending_means_who_serves_me_there(fake_api):
    fake_api.handler = lambda request: respond(answer_json("service_provider", municipality="pukkila",
                                                           provider="porvoo"))
    dispatcher = CollectingDispatcher()
    run(ActionInform(), dispatcher, make_tracker("asun pukkilassa", "inform", [place("pukkila")],
                                                 slots={"language": "fi", "municipality": "pukkila"}))
    assert fake_api.requests[0].url.path == "/v1/answers/service_provider"
    assert dispatcher.messages[0]["response"] == "utter_answer"


def test_jobseeker_status_is_passed_to_the_api(fake_api):
    fake_api.handler = lambda request: respond(answer_json("service_provider"))
    run(ActionAnswer(), CollectingDispatcher(), make_tracker(
        "kuka järjestää", "ask_service_provider", slots={"language": "fi", "municipality": "siuntio",
                                                        "jobseeker": "yes"}))
    assert fake_api.requests[0].url.params["jobseeker"] == "yes"


def test_no_content_for_this_user_is_an_honest_dont_know(fake_api):
    fake_api.handler = lambda request: respond(answer_json("civic_orientation", status="no_answer",
                                                           municipality="kirkkonummi", text=None, sources=[]))
    dispatcher = CollectingDispatcher()
    run(ActionAnswer(), dispatcher, make_tracker("yhteiskuntaorientaatio?", "ask_civic_orientation",
                                                 slots={"language": "fi", "municipality": "kirkkonummi"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_default" and message["topic"] == "civic_orientation"


def test_a_reply_that_only_names_the_place_answers_the_pending_question(fake_api):
    fake_api.handler = lambda request: respond(answer_json("contact", municipality="loviisa"))
    dispatcher = CollectingDispatcher()
    entity = {"entity": "municipality", "value": "loviisa", "start": 0, "end": 7}
    run(ActionAnswer(), dispatcher, make_tracker(
        "Loviisa ayaan joogaa", "ask_service_provider", [entity],
        slots={"language": "so", "municipality": "loviisa", "pending_topic": "contact"}))
    assert fake_api.requests[0].url.path == "/v1/answers/contact"


def test_a_new_question_with_a_place_is_not_taken_for_the_pending_one(fake_api):
    fake_api.handler = lambda request: respond(answer_json("civic_orientation", municipality="loviisa"))
    entity = {"entity": "municipality", "value": "loviisa", "start": 30, "end": 37}
    run(ActionAnswer(), CollectingDispatcher(), make_tracker(
        "mitä on yhteiskuntaorientaatio Loviisassa ja kuka sitä järjestää", "ask_civic_orientation", [entity],
        slots={"language": "fi", "municipality": "loviisa", "pending_topic": "service_provider"}))
    assert fake_api.requests[0].url.path == "/v1/answers/civic_orientation"


def test_the_same_answer_is_asked_of_the_api_once_a_minute(fake_api):
    import asyncio

    from actions.api_client import ApiError, api

    fake_api.handler = lambda request: respond(answer_json("civic_orientation"))
    first = asyncio.run(api().answer("civic_orientation", "fi", "loviisa", None))
    first["text"] = "changed by the caller"
    again = asyncio.run(api().answer("civic_orientation", "fi", "loviisa", None))
    assert again["text"] == "Vastaus." and len(fake_api.requests) == 1
    asyncio.run(api().answer("civic_orientation", "fi", "porvoo", None))  # another place, another answer
    asyncio.run(api().answer("civic_orientation", "so", "loviisa", None))
    assert len(fake_api.requests) == 3
    fake_api.down = True  # a failure is not kept: the next turn asks again
    with pytest.raises(ApiError):
        asyncio.run(api().answer("integration_plan", "fi", None, None))
    fake_api.down = False
    fake_api.handler = lambda request: respond(answer_json("integration_plan"))
    assert asyncio.run(api().answer("integration_plan", "fi", None, None))["status"] == "answer"
