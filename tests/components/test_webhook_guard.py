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


def receive_handler(on_new_message):
    """The channel's `POST /webhook` handler, as the patched RestInput builds it."""
    rasa_patches.apply()
    from rasa.core.channels.rest import RestInput

    blueprint = RestInput().blueprint(on_new_message)
    [route] = [route for route in blueprint._future_routes if route.uri == "/webhook"]
    return route.handler


def post(handler, body):
    return asyncio.run(handler(SimpleNamespace(json=body, args={})))


def test_a_turn_is_answered_with_what_the_bot_said():
    async def on_new_message(message):
        assert (message.sender_id, message.text, message.metadata) == ("s-1", "hei", {"language": "fi"})
        await message.output_channel.send_text_message("s-1", "Hei!")

    body = {"sender": "s-1", "message": "hei", "metadata": {"language": "fi"}}
    answered = post(receive_handler(on_new_message), body)
    assert answered.status == 200 and b"Hei!" in answered.body


def test_a_failed_turn_is_a_503_and_the_users_text_stays_out_of_the_log(caplog):
    async def on_new_message(message):
        raise ConnectionError("Redis is not there")

    failed = post(receive_handler(on_new_message), {"sender": "s-1", "message": "my number is 040 1234567"})
    assert failed.status == 503
    assert "ConnectionError" in caplog.text and "040" not in caplog.text


def test_a_malformed_body_never_reaches_the_bot():
    async def on_new_message(message):
        raise AssertionError("reached the bot")

    with pytest.raises(InvalidUsage):
        post(receive_handler(on_new_message), [{"sender": "a", "message": "hi"}])


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
    ('/change_language{"requested_language":"sv"}', '/change_language{"requested_language":"sv"}'),  # picker
    ('/change_language{"requested_language":"sv","municipality":"x"}',
     'change_language{"requested_language":"sv","municipality":"x"}'),  # more than the picker sends
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
