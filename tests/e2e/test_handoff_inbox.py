"""The advisor inbox in headless Chromium against a real API (uvicorn on a spare port, its own
SQLite database; no Rasa needed: during a handoff the gateway does not ask the bot).

A newcomer writing in Arabic waits; the advisor sees the chat right to left, takes it, reads the
user's message arriving live, replies in their own words and with a canned answer (sent in
Arabic), and hands the conversation back; the user's event stream carries all of it in order.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app.content.models import Municipality
from api.app.db import create_db_engine, create_session_factory
from api.app.handoff.duty import around_the_clock, set_duty_hours
from api.app.main import create_app
from api.app.staff.auth import create_user
from api.manage import migrate
from tests.api.conftest import AUTH, make_settings
from tests.api.factories import add_providers, make_advisor
from tests.e2e.widget_browser import ARTIFACTS, DESKTOP, chromium, new_page  # noqa: F401  (fixtures)

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect
PASSWORD = "a long enough password"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def api_url(tmp_path: Path) -> Iterator[str]:
    settings = make_settings(tmp_path, tmp_path / "data", handoff_sweep_seconds=0)
    migrate(settings.database_url, quiet=True)
    engine = create_db_engine(settings.database_url)
    with create_session_factory(engine)() as session:
        add_providers(session)
        session.add(Municipality(id="porvoo", position=1, coverage="full", integration_provider_id="porvoo"))
        advisor = make_advisor(session, provider="porvoo", name="Anna", languages=("fi", "en"))
        set_duty_hours(session, advisor, around_the_clock())
        create_user(session, "anna", PASSWORD, advisor=advisor)
    engine.dispose()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_claim_reply_and_hand_back_in_the_inbox(api_url: str, new_page) -> None:  # noqa: F811
    http = httpx.Client(base_url=api_url, timeout=10)
    session_id = http.post("/v1/chat/sessions", json={"language": "ar"}).json()["session_id"]
    body = {"conversation_id": session_id, "channel": "web", "language": "ar", "municipality": "porvoo",
            "topic": "integration_plan", "share_transcript": True,
            "transcript": [{"sender": "user", "text": "أريد التحدث مع شخص"}]}
    created = http.post("/v1/handoffs", json=body, headers=AUTH)
    assert created.status_code == 201, created.text

    page = new_page(locale="en-GB", viewport=DESKTOP)
    page.goto(f"{api_url}/staff/login")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("a[href='/staff/inbox']")

    waiting = page.locator("#waiting li[data-id]")
    expect(waiting).to_have_count(1)
    expect(waiting.locator("span[lang=ar]")).to_have_attribute("dir", "rtl")
    waiting.get_by_role("button", name="Take this chat").click()
    expect(page.locator("#events [data-kind=joined]")).to_have_count(1)
    expect(page.locator("#events .transcript span[lang=ar]")).to_have_text("أريد التحدث مع شخص")

    # The user writes through the widget's gateway; it reaches the open chat without a reload.
    turn = http.post(f"/v1/chat/sessions/{session_id}/messages", json={"text": "مرحبا، هل أنت هناك؟"}).json()
    assert turn["handoff"]["status"] == "claimed" and turn["messages"] == []
    expect(page.locator("#events .from-user:not(.transcript) span[dir=rtl]")).to_have_text("مرحبا، هل أنت هناك؟")

    page.fill("#reply-text", "Hello, I am Anna. How can I help?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#events .from-advisor")).to_have_count(1)
    page.locator("#canned summary").click()
    page.locator("#canned-list button[data-canned=call_tomorrow]").click()
    expect(page.locator("#events .from-advisor")).to_have_count(2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "handoff-inbox-advisor.png"), full_page=True)
    page.get_by_role("button", name="Hand back to Opas").click()
    expect(page.locator("#events [data-kind=left]")).to_have_count(1)
    expect(page.locator("#reply")).to_be_hidden()
    assert page.errors == []

    stream = http.get(f"/v1/chat/sessions/{session_id}/events")
    frames = [block for block in stream.text.split("\n\n") if "data: " in block]
    kinds = [next(line[7:] for line in block.splitlines() if line.startswith("event: ")) for block in frames]
    assert kinds == ["joined", "message", "message", "left"]
    canned = json.loads(next(line[6:] for line in frames[2].splitlines() if line.startswith("data: ")))
    assert canned["messages"][0]["text"] == "سأتصل بك غدًا."  # "I will call you tomorrow." in Arabic
