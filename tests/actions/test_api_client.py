"""The actions' API client over a real socket: a small aiohttp server on 127.0.0.1."""
from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web

from actions.api_client import ApiClient, ApiError


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def serving(routes: web.RouteTableDef, scenario):
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    client = ApiClient(base_url=f"http://127.0.0.1:{port}", token="secret", timeout=0.5)
    try:
        return await scenario(client)
    finally:
        await client.aclose()
        await runner.cleanup()


def test_an_answer_travels_as_json_with_the_token():
    routes = web.RouteTableDef()
    seen = []

    @routes.post("/v1/answer")
    async def answer(request: web.Request) -> web.Response:
        seen.append((request.headers["Authorization"], await request.json()))
        return web.json_response({"status": "answer", "text": "Kurssi kestää noin 70 tuntia."})

    result = asyncio.run(serving(routes, lambda client: client.answer({"question": "kauanko?", "language": "fi"})))
    assert result["text"] == "Kurssi kestää noin 70 tuntia."
    assert seen == [("Bearer secret", {"question": "kauanko?", "language": "fi"})]


def test_an_error_answer_is_an_api_error_with_its_code():
    routes = web.RouteTableDef()

    @routes.get("/v1/slots")
    async def slots(request: web.Request) -> web.Response:
        assert request.query["municipality"] == "porvoo" and request.query["with_interpreter"] == "true"
        return web.json_response({"error": {"code": "unknown_municipality", "message": "x"}}, status=404)

    with pytest.raises(ApiError) as raised:
        asyncio.run(serving(routes, lambda client: client.free_slots(municipality="porvoo")))
    assert (raised.value.status, raised.value.code) == (404, "unknown_municipality")


def test_a_slow_api_times_out_as_an_api_error():
    routes = web.RouteTableDef()

    @routes.post("/v1/answer")
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({})

    with pytest.raises(ApiError, match="TimeoutError"):
        asyncio.run(serving(routes, lambda client: client.answer({"question": "x", "language": "fi"})))


def test_a_closed_port_is_an_api_error_after_one_retry():
    client = ApiClient(base_url=f"http://127.0.0.1:{free_port()}", token="t", timeout=0.5)

    async def ask():
        try:
            await client.answer({"question": "x", "language": "fi"})
        finally:
            await client.aclose()

    with pytest.raises(ApiError, match="ClientConnectorError"):
        asyncio.run(ask())
