"""The REST webhook's guard: a malformed body is a 400, a long message a 413, typed `/intent`
text runs as text unless it is a button the bot offered."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from components import rasa_patches, webhook_guard
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic.exceptions import InvalidUsage, PayloadTooLarge

OFFERED = '/inform{"booking_confirmed":"yes"}'


@pytest.mark.parametrize("body", [
    [{"sender": "a", "message": "hi"}],         # a JSON array: Rasa answered 500
    {"message": "hi"},                           # no sender: Rasa used a shared `default` conversation
    {"sender": "", "message": "hi"},
    {"sender": "x" * 129, "message": "hi"},
    {"sender": "a"},
    {"sender": "a", "message": 5},
    {"sender": "a", "message": "hi", "metadata": ["not", "an", "object"]},
    "just a string",
])
def test_a_malformed_body_is_a_400(body):
    with pytest.raises(InvalidUsage):
        webhook_guard.checked_body(body)


def test_a_long_message_is_refused_before_nlu(monkeypatch):
    monkeypatch.setenv("OPAS_MAX_MESSAGE_CHARS", "100")
    webhook_guard.checked_body({"sender": "a", "message": "x" * 100})
    with pytest.raises(PayloadTooLarge):
        webhook_guard.checked_body({"sender": "a", "message": "x" * 101})


def test_the_channel_reads_the_sender_through_the_guard():
    rasa_patches.apply()
    from rasa.core.channels.rest import RestInput

    request = SimpleNamespace(json={"sender": "s-1", "message": "hei", "metadata": {"language": "fi"}})
    assert asyncio.run(RestInput()._extract_sender(request)) == "s-1"
    with pytest.raises(InvalidUsage):
        asyncio.run(RestInput()._extract_sender(SimpleNamespace(json=[1, 2])))


def tracker_with_button(payload: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("s", [
        ActionExecuted("action_listen"), UserUttered("kyllä"),
        BotUttered("Varataanko?", {"buttons": [{"title": "Kyllä", "payload": payload}]}),
        ActionExecuted("action_listen"),
    ])


class Recorder:
    """Stands in for Rasa's own parse: records the text it was given."""

    def __init__(self):
        self.texts = []

    async def __call__(self, processor, message, tracker=None, only_output_properties=True):
        self.texts.append(message.text)
        return {"text": message.text}


@pytest.mark.parametrize(("typed", "parsed"), [
    (OFFERED, OFFERED),                                             # the button the bot offered
    ("/restart", "restart"),                                        # typed: words
    ('/inform{"booking_contact":"x@example.org"}', 'inform{"booking_contact":"x@example.org"}'),
    ("//", "-"),
    ("hello /there", "hello /there"),
])
def test_only_an_offered_button_runs_as_an_intent(monkeypatch, typed, parsed):
    recorder = Recorder()
    monkeypatch.setattr(webhook_guard, "_original_parse_message", recorder)
    message = UserMessage(typed, sender_id="s")
    asyncio.run(webhook_guard._parse_message(SimpleNamespace(), message, tracker_with_button(OFFERED)))
    assert recorder.texts == [parsed]


def test_the_patch_replaces_rasas_parse():
    rasa_patches.apply()
    assert MessageProcessor.parse_message is webhook_guard._parse_message
