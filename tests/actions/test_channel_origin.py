"""A handoff asked for from Telegram or WhatsApp carries the platform's real user id, which the
connector sets for the message being handled (the tracker knows only a hash of it)."""
from __future__ import annotations

from rasa_sdk import Tracker

from actions.channel_context import ChannelOrigin, reset_channel, set_channel
from actions.handoff import channel_of

from .conftest import make_tracker


def on_channel(name: str) -> Tracker:
    tracker = make_tracker("I want to talk to a person")
    tracker.sender_id = "telegram-3f1c0e9a2b7d4c6e8f0a1b2c3d4e5f60"
    tracker.events = [{"event": "user", "text": "hi", "input_channel": name}]
    return tracker


def test_the_real_platform_id_comes_from_the_connector_not_the_sender_id():
    token = set_channel(ChannelOrigin("telegram", "987654321"))
    try:
        assert channel_of(on_channel("telegram")) == ("telegram", "987654321")
    finally:
        reset_channel(token)


def test_without_the_connectors_context_no_hash_is_taken_for_a_chat_id():
    assert channel_of(on_channel("twilio")) == ("whatsapp", None)
