"""An API app served by uvicorn in this process on a spare port, for browser tests that need no Rasa.

    with serve(create_app(settings)) as url:
        page.goto(f"{url}/staff/login")
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

START_SECONDS = 20


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """The app's base URL while it runs (its lifespan too); stopped on leaving."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=spare_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
