"""A fake of the messaging platforms' APIs (and of the API's handoff routes) on 127.0.0.1, for the
channel tests of both venvs: stdlib only. It records every request and answers like the real ones:

- Telegram Bot API: `POST /bot<token>/<method>` → `{"ok": true, "result": {...}}` (401 for
  another token).
- Twilio Messages API: `POST /2010-04-01/Accounts/<sid>/Messages.json` with basic auth → 201
  (401 for wrong credentials).
- Opas API handoff routes (`/v1/handoffs/...`): answers from `handoffs` (conversation id → the
  handoff JSON), 404 when none; `POST .../messages` → 201 `{"seq"}`, `POST .../leave` → 200.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


def twilio_signature(auth_token: str, url: str, form: dict[str, str]) -> str:
    """`X-Twilio-Signature` as Twilio computes it, written out here (not the library the connector
    uses): Base64 of HMAC-SHA1 over the URL and every parameter's name and value, sorted by name."""
    signed = url + "".join(name + form[name] for name in sorted(form))
    return base64.b64encode(hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class FakeMessaging:
    telegram_token: str = "123456:TEST-TOKEN"
    twilio_sid: str = "AC00000000000000000000000000000000"
    twilio_token: str = "twilio-test-auth-token"
    handoffs: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    fail_with: int | None = None  # answer every platform call with this status (e.g. 500)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def telegram_sent(self) -> list[dict[str, Any]]:
        return [r.json() for r in self.requests if r.path.endswith("/sendMessage")]

    def whatsapp_sent(self) -> list[dict[str, str]]:
        return [r.form() for r in self.requests if r.path.endswith("/Messages.json")]

    def handoff_calls(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith("/v1/handoffs")]

    def clear(self) -> None:
        self.requests.clear()

    def start(self) -> FakeMessaging:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _reply(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                record = Recorded(self.command, parts.path, parse_qs(parts.query), dict(self.headers), body)
                fake.requests.append(record)
                status, answer = fake.answer(record)
                self._reply(status, answer)

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def answer(self, record: Recorded) -> tuple[int, Any]:
        path = record.path
        if path.startswith("/v1/handoffs"):
            return self.answer_handoff(record)
        if self.fail_with:
            return self.fail_with, {"ok": False, "message": "failing on purpose"}
        if path.startswith("/bot"):
            token, _, method = path[4:].partition("/")
            if token != self.telegram_token:
                return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return 200, {"ok": True, "result": {"message_id": len(self.requests), "method": method}}
        if path == f"/2010-04-01/Accounts/{self.twilio_sid}/Messages.json":
            expected = "Basic " + base64.b64encode(f"{self.twilio_sid}:{self.twilio_token}".encode()).decode()
            if record.headers.get("Authorization") != expected:
                return 401, {"code": 20003, "message": "Authenticate"}
            return 201, {"sid": f"SM{len(self.requests):032d}", "status": "queued"}
        return 404, {"error": "no such fake route"}

    def answer_handoff(self, record: Recorded) -> tuple[int, Any]:
        if record.path == "/v1/handoffs/active":
            found = self.handoffs.get((record.query.get("conversation_id") or [""])[0])
            return (200, found) if found else (404, {"detail": "no active handoff"})
        if record.path.endswith("/messages"):
            return 201, {"seq": len(self.handoff_calls())}
        if record.path.endswith("/leave"):
            return 200, {"status": "closed", "closed_reason": "user_left"}
        return 404, {"detail": "no such fake route"}


@pytest.fixture()
def fake():
    """The fake platforms, running for one test."""
    server = FakeMessaging().start()
    yield server
    server.stop()
