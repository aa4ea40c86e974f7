"""The bot's response generator: texts from the local catalogs, in the Rasa process (no HTTP),
and `custom.opas` built here for the REST output only."""
from __future__ import annotations

import asyncio
from pathlib import Path

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


def generator() -> OpasNaturalLanguageGenerator:
    # As endpoints.yml configures it: a type and nothing else.
    return OpasNaturalLanguageGenerator(EndpointConfig(type="components.nlg.OpasNaturalLanguageGenerator"), DOMAIN)


def generate(nlg, response, t, channel="collector", **kwargs):
    return asyncio.run(nlg.generate(response, t, channel, **kwargs))


def test_texts_are_rendered_in_the_conversation_language():
    finnish = generate(generator(), "utter_greet", tracker(language="fi"))
    swedish = generate(generator(), "utter_greet", tracker(language="sv"))
    assert "Opas" in finnish["text"] and finnish["text"] != swedish["text"]
    assert finnish["buttons"] and finnish["custom"]["opas"]["kind"] == "smalltalk"


def test_the_generator_calls_no_service():
    # Texts come from the catalogs in this process: the module has no HTTP client to ask one with.
    import ast

    import components.nlg

    tree = ast.parse(Path(components.nlg.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"httpx", "aiohttp", "requests", "urllib"}
    assert generate(generator(), "utter_help", tracker(language="so"))["text"]


def test_odd_arguments_never_silence_the_bot():
    message = generate(generator(), "utter_suggestions", tracker(language="en"), topics=[{"not": "an id"}], count="x")
    assert message["text"] and message["custom"]["opas"]["kind"] == "fallback"


def test_buttons_of_a_clarifying_question():
    message = generate(generator(), "utter_ask_municipality", tracker(language="ar"), topic="service_provider",
                       municipalities=["porvoo", "siuntio"])
    assert message["text"] and message["buttons"]
    assert all(b["payload"].startswith("/inform") for b in message["buttons"])
    opas = message["custom"]["opas"]
    assert opas == {"kind": "clarify", "topic": "service_provider", "language": "ar", "municipality": None,
                    "provider": None, "sources": [], "fallback_language": None}


def test_answer_arguments_fill_the_contract_object():
    sources = [{"id": "lovisa-minutes-2025", "title": "Lovisa", "url": None}]
    message = generate(generator(), "utter_answer", tracker(language="so", municipality="porvoo"),
                       answer="Jawaab.", topic="service_provider", municipality="askola", provider="porvoo",
                       sources=sources, fallback_language=None, text=None, buttons=[])
    assert "Jawaab." in message["text"]
    opas = message["custom"]["opas"]
    assert (opas["kind"], opas["language"], opas["municipality"], opas["provider"]) == \
        ("answer", "so", "askola", "porvoo")
    assert opas["sources"] == sources


def test_out_of_coverage_never_names_a_municipality():
    message = generate(generator(), "utter_out_of_coverage",
                       tracker(language="fi", municipality="loviisa"), place="Espoo", municipality=None)
    assert message["custom"]["opas"]["kind"] == "out_of_coverage"
    assert message["custom"]["opas"]["municipality"] is None
    assert "Espoo" in message["text"]


@pytest.mark.parametrize("channel", ["socketio", "telegram", "twilio"])
def test_other_channels_get_no_custom_payload(channel):
    message = generate(generator(), "utter_greet",
                       tracker(language="en"), channel=channel)
    assert "custom" not in message


def test_rule_predicted_booking_reply_names_its_topic():
    message = generate(generator(), "utter_live_chat_unavailable", tracker(language="sv"))
    assert message["custom"]["opas"]["kind"] == "booking"
    assert message["custom"]["opas"]["topic"] == "human_handoff"


def test_form_questions_take_their_topic_from_the_flow():
    # Asked by the form itself, without arguments: the topic is the flow the user started.
    handoff = generate(generator(), "utter_ask_booking_mode",
                       tracker(language="fi", booking_topic="human_handoff"))
    assert (handoff["custom"]["opas"]["kind"], handoff["custom"]["opas"]["topic"]) == ("booking", "human_handoff")
    booking = generate(generator(), "utter_ask_booking_mode", tracker(language="fi"))
    assert booking["custom"]["opas"]["topic"] == "booking"


def test_unknown_language_slot_falls_back_to_the_default():
    message = generate(generator(), "utter_greet", tracker(language="xx"))
    assert message["custom"]["opas"]["language"] == "fi"


def test_the_booking_confirmation_carries_its_reference():
    message = generate(generator(), "utter_booking_done",
                       tracker(language="fi"), booking_reference="K7M2QX", starts_at="2026-12-01T07:00:00Z",
                       mode="phone", provider="porvoo")
    assert "K7M2QX" in message["text"] and "1. joulukuuta 2026" in message["text"]
    assert message["custom"]["opas"]["booking_reference"] == "K7M2QX"
    assert message["custom"]["opas"]["kind"] == "booking" and message["custom"]["opas"]["topic"] == "booking"
