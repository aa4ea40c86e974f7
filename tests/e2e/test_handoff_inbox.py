"""The live handoff in headless Chromium against a real API (uvicorn in this process on a spare
port, its own SQLite database). No Rasa: at the gateway's seam a scripted bot stands in, which
starts a handoff when asked for a person, as the real bot's action does through /v1/handoffs.

1. The inbox alone (Arabic user): take, a user message arriving live, reply, canned answer, hand
   back; the user's event stream carries it all in order.
2. Two pages: a Persian user in the widget (right to left) and an advisor in a Finnish inbox.
   Screenshots: var/test-artifacts/handoff-widget-user-fa.png, handoff-inbox-advisor-fi.png
   (and handoff-inbox-advisor.png from the first).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from api.app.chat.service import ChatGateway
from api.app.content.models import Municipality
from api.app.db import create_db_engine, create_session_factory
from api.app.handoff import service
from api.app.handoff.duty import around_the_clock, set_duty_hours
from api.app.handoff.target import HandoffTarget
from api.app.main import create_app
from api.app.staff.auth import create_user
from api.manage import migrate
from locales.handoff import handoff_text
from tests.api.conftest import AUTH, make_settings
from tests.api.factories import add_providers, make_advisor
from tests.e2e.widget_browser import ARTIFACTS, DESKTOP, PHONE, axe_source, chromium, new_page, open_demo  # noqa: F401
from tests.live_api import serve

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect
PASSWORD = "a long enough password"
PERSON = "I want to talk to a person now"


class ScriptedBot:
    """Answers "Hello from the bot", and starts a handoff (as the bot's action would) for PERSON."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory
        self.heard: list[str] = []

    async def send(self, session_id: str, message: str, metadata: dict[str, str]) -> list[dict[str, Any]]:
        self.heard.append(message)
        language = metadata.get("session_language", "en")
        opas: dict[str, Any] = {"kind": "smalltalk", "topic": None, "language": language}
        if message == PERSON:
            with self.factory() as session:
                request = service.HandoffRequest(
                    session_id,
                    "web",
                    language,
                    True,
                    municipality="porvoo",
                    topic="integration_plan",
                    transcript=(("user", message),),
                )
                handoff, _ = service.start_handoff(session, request)
                opas = {
                    "kind": "handoff",
                    "topic": "human_handoff",
                    "language": language,
                    "handoff": {"id": handoff.id, "status": "queued", "position": 1},
                }
            return [{"text": handoff_text("queued", language, position=1)}, {"custom": {"opas": opas}}]
        return [{"text": "Hello from the bot"}, {"custom": {"opas": opas}}]

    async def aclose(self) -> None:
        return None


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[str, ScriptedBot]]:
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
    app = create_app(settings)
    bot = ScriptedBot(app.state.session_factory)
    app.state.chat = ChatGateway(settings, bot=bot, handoffs=HandoffTarget(app.state.session_factory))
    with serve(app) as url:
        yield url, bot


def log_in_to_inbox(page, url: str, language: str) -> None:
    page.goto(f"{url}/staff/language?lang={language}&next=/staff/login")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("a[href='/staff/inbox']")


def stream_kinds(http: httpx.Client, session_id: str) -> list[tuple[str, dict]]:
    text = http.get(f"/v1/chat/sessions/{session_id}/events").text
    frames = [
        dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        for block in text.split("\n\n")
        if "data: " in block
    ]
    return [(frame["event"], json.loads(frame["data"])) for frame in frames]


def test_claim_reply_and_hand_back_in_the_inbox(stack, new_page) -> None:  # noqa: F811
    url, _ = stack
    http = httpx.Client(base_url=url, timeout=10)
    session_id = http.post("/v1/chat/sessions", json={"language": "ar"}).json()["session_id"]
    body = {
        "conversation_id": session_id,
        "channel": "web",
        "language": "ar",
        "municipality": "porvoo",
        "topic": "integration_plan",
        "share_transcript": True,
        "transcript": [{"sender": "user", "text": "أريد التحدث مع شخص"}],
    }
    created = http.post("/v1/handoffs", json=body, headers=AUTH)
    assert created.status_code == 201, created.text

    page = new_page(locale="en-GB", viewport=DESKTOP)
    log_in_to_inbox(page, url, "en")
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
    # A phone number in Arabic text reads left to right, isolated, on the advisor's side too.
    page.fill("#reply-text", "اتصل بي على +358 40 1234567.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#events .from-advisor bdi[dir=ltr]")).to_have_text(["+358 40 1234567"])
    page.locator("#canned summary").click()
    page.locator("#canned-list button[data-canned=call_tomorrow]").click()
    expect(page.locator("#events .from-advisor")).to_have_count(3)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "handoff-inbox-advisor.png"), full_page=True)
    page.get_by_role("button", name="Hand back to Opas").click()
    expect(page.locator("#events [data-kind=left]")).to_have_count(1)
    expect(page.locator("#reply")).to_be_hidden()
    assert page.errors == []

    events = stream_kinds(http, session_id)
    assert [kind for kind, _ in events] == ["joined", "message", "message", "message", "left"]
    assert events[3][1]["messages"][0]["text"] == "سأتصل بك غدًا."  # "I will call you tomorrow." in Arabic
    # The advisor's name inside the Arabic notice is isolated from its direction (FSI ... PDI).
    joined = events[0][1]["messages"][0]["text"]
    assert "\u2068" in joined and "\u2069" in joined


def test_a_persian_user_and_a_finnish_advisor_on_two_pages(stack, new_page) -> None:  # noqa: F811
    url, bot = stack
    user = new_page(locale="fa-IR", viewport=PHONE)
    widget = open_demo(user, url)
    user.locator("#opas-chat .opas-launcher").click()
    user.locator("#opas-chat .opas-primary:not(.opas-send)").click()  # the privacy notice's OK
    widget.ask(PERSON)
    assert widget.direction() == "rtl"

    advisor = new_page(locale="fi-FI", viewport=DESKTOP)
    log_in_to_inbox(advisor, url, "fi")
    waiting = advisor.locator("#waiting li[data-id]")
    expect(waiting.locator("span[lang=fa]")).to_have_attribute("dir", "rtl")
    waiting.get_by_role("button", name="Ota keskustelu").click()
    expect(advisor.locator("#events [data-kind=joined]")).to_have_text("Anna otti keskustelun.")

    # The user sees the advisor join, in Persian, without asking for it; the Latin name isolated
    # from the right-to-left text (FSI ... PDI) so that its brackets stay in place.
    expect(user.locator(".opas-notice").last).to_have_text("یک مشاور (\u2068Anna\u2069) به گفتگو پیوست.")
    widget.input.fill("سلام، ممنون")
    widget.input.press("Enter")
    expect(advisor.locator("#events .from-user:not(.transcript) span[dir=rtl]")).to_have_text("سلام، ممنون")
    assert bot.heard == [PERSON]  # the bot heard nothing since the handoff

    advisor.locator("#canned summary").click()
    canned = advisor.locator("#canned-list li").filter(has=advisor.locator("[data-canned=call_tomorrow]"))
    expect(canned.locator("button")).to_have_text("Soitan sinulle huomenna.")  # the advisor reads Finnish
    expect(canned.locator(".user-text")).to_have_text("فردا با شما تماس می‌گیرم.")  # the user gets Persian
    canned.locator("button").click()
    expect(user.locator(".opas-advisor").last).to_contain_text("فردا با شما تماس می‌گیرم.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    advisor.screenshot(path=str(ARTIFACTS / "handoff-inbox-advisor-fi.png"), full_page=True)
    user.screenshot(path=str(ARTIFACTS / "handoff-widget-user-fa.png"))

    advisor.get_by_role("button", name="Palauta Oppaalle").click()
    expect(user.locator(".opas-notice").last).to_have_text("مشاور گفتگو را ترک کرد. دوباره با Opas گفتگو می‌کنید.")
    widget.ask("سلام")
    assert bot.heard == [PERSON, "سلام"]  # the bot answers again after the hand back
    expect(widget.bot_messages.last).to_contain_text("Hello from the bot")
    assert user.errors == [] and advisor.errors == []


AXE_INBOX = """async () => {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => `${v.id}: ${v.help}: ${v.nodes.map(n => JSON.stringify(n.target)).join(" ")}`);
}"""


def test_the_inbox_passes_axe_in_arabic_with_a_somali_chat_open(stack, new_page) -> None:  # noqa: F811
    url, _ = stack
    http = httpx.Client(base_url=url, timeout=10)
    body = {
        "conversation_id": "axe-1",
        "channel": "web",
        "language": "so",
        "municipality": "porvoo",
        "share_transcript": False,
    }
    assert http.post("/v1/handoffs", json=body, headers=AUTH).status_code == 201
    # axe is injected as an inline script, which the inbox's policy rightly forbids.
    page = new_page(locale="ar", viewport=DESKTOP, bypass_csp=True)
    log_in_to_inbox(page, url, "ar")
    expect(page.locator("#waiting li[data-id]")).to_have_count(1)
    page.add_script_tag(content=axe_source())
    assert page.evaluate(AXE_INBOX) == [], "waiting list"
    page.locator("#waiting li[data-id] button").click()
    page.locator("#canned summary").click()
    expect(page.locator("#canned-list li")).to_have_count(6)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate(AXE_INBOX) == [], "open chat"
