"""The Rasa REST target with httpx.MockTransport: what goes over the wire, and its failures."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from api.app.chat.targets import RasaRestTarget, TargetUnavailable


def send(handler, metadata=None):
    async def run():
        target = RasaRestTarget("http://rasa:5005/", 5.0, transport=httpx.MockTransport(handler))
        try:
            return await target.send("session-1", "hei", metadata or {})
        finally:
            await target.aclose()

    return asyncio.run(run())


def test_the_rest_channel_gets_sender_message_and_metadata():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"recipient_id": "session-1", "text": "Moi"}])

    assert send(handler, {"language": "fi"}) == [{"recipient_id": "session-1", "text": "Moi"}]
    request = seen[0]
    assert request.method == "POST"
    assert str(request.url) == "http://rasa:5005/webhooks/rest/webhook"
    assert json.loads(request.content) == {
        "sender": "session-1", "message": "hei", "metadata": {"language": "fi"}
    }


def test_no_metadata_key_when_the_user_picked_no_language():
    seen = []

    def handler(request):
        seen.append(json.loads(request.content))
        return httpx.Response(200, json=[])

    send(handler)
    assert seen == [{"sender": "session-1", "message": "hei"}]


def _refuse(request):
    raise httpx.ConnectError("connection refused", request=request)


def _time_out(request):
    raise httpx.ReadTimeout("timed out", request=request)


@pytest.mark.parametrize(
    "handler",
    [
        _refuse,
        _time_out,
        lambda request: httpx.Response(500, text="boom"),
        lambda request: httpx.Response(200, text="<html>not json</html>"),
        lambda request: httpx.Response(200, json={"not": "a list"}),
    ],
    ids=["refused", "timeout", "500", "not-json", "not-a-list"],
)
def test_every_failure_is_target_unavailable(handler):
    with pytest.raises(TargetUnavailable):
        send(handler)
