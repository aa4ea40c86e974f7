"""The bench's load client reads replies as HTTP/1.1 frames them, keeps its connection, and
counts what is not a success as an error (scripts/load_client.py)."""
from __future__ import annotations

import asyncio
import json

import pytest

from scripts.load_client import Connection, HttpError


async def serve(replies: list[bytes], seen: list[dict], connections: list[int]):
    """A server that answers each request with the next of `replies` (raw HTTP)."""
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while replies:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length")))
            seen.append({"head": head.decode(), "body": json.loads(await reader.readexactly(length))})
            reply = replies.pop(0)
            writer.write(reply)
            await writer.drain()
            if b"Connection: close" in reply:
                break
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def exchange(replies: list[bytes], bodies: list[dict]) -> tuple[list, list[dict], list[int]]:
    seen: list[dict] = []
    connections: list[int] = []
    results: list = []

    async def run() -> None:
        server = await serve(replies, seen, connections)
        port = server.sockets[0].getsockname()[1]
        connection = Connection(f"http://127.0.0.1:{port}", timeout=5)
        for body in bodies:
            try:
                results.append(await connection.post_json("/webhooks/rest/webhook", body, {"X-Opas-Conversation": "c"}))
            except HttpError as error:
                results.append(error)
        connection.close()
        server.close()
        await server.wait_closed()

    asyncio.run(run())
    return results, seen, connections


def test_replies_by_length_and_by_chunks_on_one_connection():
    replies = [b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n[\"hei\"]",
               b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[\"m\r\n3\r\noi\"\r\n1\r\n]\r\n0\r\n\r\n"]
    results, seen, connections = exchange(replies, [{"message": "a"}, {"message": "b"}])
    assert results == [b'["hei"]', b'["moi"]']
    assert [s["body"] for s in seen] == [{"message": "a"}, {"message": "b"}]
    assert "X-Opas-Conversation: c" in seen[0]["head"] and len(connections) == 1


def test_a_closed_connection_is_opened_again_and_a_failure_is_an_error():
    replies = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]",
               b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n",
               b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]"]
    results, _, connections = exchange(replies, [{"n": 1}, {"n": 2}, {"n": 3}])
    assert results[0] == b"[]" and isinstance(results[1], HttpError) and "500" in str(results[1])
    assert results[2] == b"[]" and len(connections) == 2


def test_a_server_that_goes_away_is_an_error_not_a_hang():
    results, _, _ = exchange([b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n[]"], [{"n": 1}])
    assert isinstance(results[0], HttpError)


def test_nothing_listening_is_an_error():
    async def run():
        return await Connection("http://127.0.0.1:1", timeout=2).post_json("/", {})

    with pytest.raises(HttpError):
        asyncio.run(run())
