"""The bot's response generator: API text when the API answers, local catalogs when it does not,
and `custom.opas` built here for the REST output only."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from components.nlg import OpasNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "bot" / "domain"))


def tracker(**slots) -> DialogueStateTracker:
    events = [SlotSet(name, value) for name, value in slots.items()]
    return DialogueStateTracker.from_events("user", events, slots=DOMAIN.slots)


def generator(handler=None) -> OpasNaturalLanguageGenerator:
    nlg = OpasNaturalLanguageGenerator(EndpointConfig(url="http://api.test/v1/nlg", token="t"), DOMAIN)
    if handler is not None:
        nlg._client = httpx.AsyncClient(transport=httpx.MockTransport(handler), headers={"Authorization": "Bearer t"})
    return nlg


def generate(nlg, response, t, channel="collector", **kwargs):
    return asyncio.run(nlg.generate(response, t, channel, **kwargs))


def test_text_comes_from_the_api_when_it_answers():
    seen = []

    def handler(request):
        seen.append(json.loads(request.content))
        return httpx.Response(200, json={"text": "Hei API:sta"})

    message = generate(generator(handler), "utter_greet", tracker(language="fi"))
    assert message["text"] == "Hei API:sta"
    assert seen[0]["response"] == "utter_greet" and seen[0]["language"] == "fi"
    assert message["custom"]["opas"]["kind"] == "smalltalk"


def test_local_catalogs_answer_when_the_api_is_down():
    def handler(request):
        raise httpx.ConnectError("refused", request=request)

    message = generate(generator(handler), "utter_ask_municipality", tracker(language="ar"), topic="service_provider")
    assert message["text"] and message["buttons"]
    assert all(b["payload"].startswith("/inform") for b in message["buttons"])
    opas = message["custom"]["opas"]
    assert opas == {"kind": "clarify", "topic": "service_provider", "language": "ar", "municipality": None,
                    "provider": None, "sources": [], "fallback_language": None}


def test_answer_arguments_fill_the_contract_object():
    def handler(request):
        return httpx.Response(503)

    sources = [{"id": "lovisa-minutes-2025", "title": "Lovisa", "url": None}]
    message = generate(generator(handler), "utter_answer", tracker(language="so", municipality="porvoo"),
                       answer="Jawaab.", topic="service_provider", municipality="askola", provider="porvoo",
                       sources=sources, fallback_language=None, text=None, buttons=[])
    assert "Jawaab." in message["text"]
    opas = message["custom"]["opas"]
    assert (opas["kind"], opas["language"], opas["municipality"], opas["provider"]) == \
        ("answer", "so", "askola", "porvoo")
    assert opas["sources"] == sources


def test_out_of_coverage_never_names_a_municipality():
    message = generate(generator(lambda r: httpx.Response(500)), "utter_out_of_coverage",
                       tracker(language="fi", municipality="loviisa"), place="Espoo", municipality=None)
    assert message["custom"]["opas"]["kind"] == "out_of_coverage"
    assert message["custom"]["opas"]["municipality"] is None
    assert "Espoo" in message["text"]


@pytest.mark.parametrize("channel", ["socketio", "telegram", "twilio"])
def test_other_channels_get_no_custom_payload(channel):
    message = generate(generator(lambda r: httpx.Response(200, json={"text": "x"})), "utter_greet",
                       tracker(language="en"), channel=channel)
    assert "custom" not in message


def test_rule_predicted_booking_reply_names_its_topic():
    message = generate(generator(lambda r: httpx.Response(500)), "utter_live_chat_unavailable", tracker(language="sv"))
    assert message["custom"]["opas"]["kind"] == "booking"
    assert message["custom"]["opas"]["topic"] == "human_handoff"


def test_form_questions_take_their_topic_from_the_flow():
    # Asked by the form itself, without arguments: the topic is the flow the user started.
    handoff = generate(generator(lambda r: httpx.Response(500)), "utter_ask_booking_mode",
                       tracker(language="fi", booking_topic="human_handoff"))
    assert (handoff["custom"]["opas"]["kind"], handoff["custom"]["opas"]["topic"]) == ("booking", "human_handoff")
    booking = generate(generator(lambda r: httpx.Response(500)), "utter_ask_booking_mode", tracker(language="fi"))
    assert booking["custom"]["opas"]["topic"] == "booking"


def test_unknown_language_slot_falls_back_to_the_default():
    message = generate(generator(lambda r: httpx.Response(500)), "utter_greet", tracker(language="xx"))
    assert message["custom"]["opas"]["language"] == "fi"


def test_the_booking_confirmation_carries_its_reference():
    message = generate(generator(lambda r: httpx.Response(500)), "utter_booking_done",
                       tracker(language="fi"), booking_reference="K7M2QX", starts_at="2026-12-01T07:00:00Z",
                       mode="phone", provider="porvoo")
    assert "K7M2QX" in message["text"] and "1. joulukuuta 2026" in message["text"]
    assert message["custom"]["opas"]["booking_reference"] == "K7M2QX"
    assert message["custom"]["opas"]["kind"] == "booking" and message["custom"]["opas"]["topic"] == "booking"


def counting_handler(calls):
    def handler(request):
        calls.append(json.loads(request.content))
        return httpx.Response(200, json={"text": f"render {len(calls)}", "buttons": [{"title": "a", "payload": "/x"}]})
    return handler


def test_a_render_is_kept_and_each_reply_gets_its_own_copy():
    calls = []
    nlg = generator(counting_handler(calls))
    first = generate(nlg, "utter_greet", tracker(language="fi"))
    first["buttons"].append({"title": "changed by the caller"})
    second = generate(nlg, "utter_greet", tracker(language="fi"))
    assert len(calls) == 1
    assert second["text"] == "render 1" and len(second["buttons"]) == 1
    generate(nlg, "utter_greet", tracker(language="sv"))  # another language is another text
    generate(nlg, "utter_answer", tracker(language="fi"), answer="A", topic="civic_orientation")
    generate(nlg, "utter_answer", tracker(language="fi"), answer="B", topic="civic_orientation")
    assert len(calls) == 4


def test_booking_texts_are_never_kept():
    calls = []
    nlg = generator(counting_handler(calls))
    for _ in range(2):
        generate(nlg, "utter_ask_booking_confirmed", tracker(language="fi"), name="Aino", contact="040 123 4567")
    assert len(calls) == 2


def test_a_kept_render_expires(monkeypatch):
    calls = []
    nlg = generator(counting_handler(calls))
    now = [1000.0]
    monkeypatch.setattr("actions.ttl_cache.time.monotonic", lambda: now[0])
    generate(nlg, "utter_greet", tracker(language="fi"))
    now[0] += 61
    generate(nlg, "utter_greet", tracker(language="fi"))
    assert len(calls) == 2


def test_a_local_render_is_not_kept():
    calls = []

    def flaky(request):
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"text": "from the API"})

    nlg = generator(flaky)
    generate(nlg, "utter_greet", tracker(language="fi"))
    assert generate(nlg, "utter_greet", tracker(language="fi"))["text"] == "from the API"
