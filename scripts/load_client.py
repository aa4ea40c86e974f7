"""A load client that leaves the machine it measures to the stack: one keep-alive HTTP/1.1
connection per conversation, over asyncio's streams, posting JSON and reading the reply by its
length (or its chunks).

`make bench` runs its client on the same two cores as the stack it measures. httpx's AsyncClient
took 3 ms of CPU a turn with 20 conversations and 10 ms with 50 (two thirds of a core at 63
turns/s): the figures measured the client as much as the stack. This one takes a fraction of a
millisecond a turn (scripts/bench_shapes.py prints the client's own CPU per turn with the rest).
"""
from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit


class HttpError(Exception):
    """A reply that is not 2xx, or a connection that broke."""


class Connection:
    """One keep-alive connection to `base_url` (http only), opened on first use and again after
    the server closes it."""

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, body: object, headers: dict[str, str] | None = None) -> bytes:
        """POSTs `body` as JSON; returns the reply's body, or raises HttpError."""
        data = json.dumps(body).encode("utf-8")
        head = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        request = (f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{head}"
                   f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode("latin-1") + data
        try:
            return await asyncio.wait_for(self._exchange(request), self.timeout)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as error:
            self.close()
            raise HttpError(type(error).__name__) from error

    async def _exchange(self, request: bytes) -> bytes:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        self._writer.write(request)
        status_line = await self._reader.readuntil(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        headers: dict[bytes, bytes] = {}
        while (line := await self._reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while size := int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16):
                body += (await self._reader.readexactly(size + 2))[:-2]
            await self._reader.readuntil(b"\r\n")  # no trailers are sent here
        else:
            body = await self._reader.readexactly(int(headers.get(b"content-length", b"0")))
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        if not 200 <= status < 300:
            raise HttpError(f"HTTP {status}")
        return body

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
