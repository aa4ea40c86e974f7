"""A whole live chat in Chromium with two pages: the newcomer's widget and the advisor inbox.

In Finnish and in Arabic (right to left): the newcomer asks for a person, names the place, agrees
to share the conversation; the demo advisor of Porvoo (on duty around the clock in development)
takes the chat and reads the shared conversation; messages go both ways without a reload; the bot
says nothing while the advisor has the conversation and answers again after the hand-back. And
with a short queue time-out on a stack of its own: nobody takes the chat, the newcomer is told so
in their language and the booking starts from the button.

Every text the test expects comes from the catalogs (locales), never typed here.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import httpx
import pytest

from locales.handoff import handoff_text
from locales.places import municipality_name
from locales.render import render
from tests import local_stack
from tests.e2e.widget_browser import DESKTOP, PHONE, open_demo

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
ADVISOR, ADVISOR_PASSWORD = "demo.porvoo.1", "demo-advisor-password"
SERVICE = {"Authorization": f"Bearer {os.environ.get('OPAS_SERVICE_TOKEN', 'opas-dev-service-token')}"}

#: language → browser locale, viewport, and what the newcomer writes (in their own words)
CASES = {
    "fi": ("fi-FI", DESKTOP, "haluan puhua ihmisen kanssa", "Hei, tarvitsen apua kotoutumissuunnitelman kanssa.",
           "mikä on kotoutumissuunnitelma?"),
    "ar": ("ar", PHONE, "بدي احكي مع شخص حقيقي", "مرحبا، أحتاج مساعدة في خطة الاندماج.", "ما هي خطة الاندماج؟"),
}


def widget_texts(language: str) -> dict[str, str]:
    from locales.widget import widget_strings
    return widget_strings(language)


def button(language: str, response: str, index: int) -> str:
    return render(response, language, {})["buttons"][index]["title"]


def session_of(page) -> str:
    return page.evaluate("() => JSON.parse(localStorage.getItem('opas-widget:v1')).sessionId")


def send(page, text: str) -> None:
    """Write a message and wait until the gateway took it (a reply bubble may not come)."""
    users = page.locator(".opas-user").count()
    page.locator("#opas-input").fill(text)
    page.locator("#opas-input").press("Enter")
    expect(page.locator(".opas-user")).to_have_count(users + 1)
    page.wait_for_function("""() => {
        const root = document.querySelector('#opas-chat').shadowRoot;
        return !root.querySelector('.opas-typing').hasChildNodes() && !root.querySelector('.opas-pending');
    }""")


def press(page, widget, title: str) -> None:
    count = widget.bot_messages.count()
    page.locator(".opas-reply", has_text=title).last.click()
    widget.wait_for_reply(count)


def ask_for_an_advisor(page, widget, language: str, request: str, share: bool) -> None:
    """Ask for a person, name Porvoo, answer the consent question: queued."""
    widget.ask(request)
    expect(widget.bot_messages.last).to_contain_text(render("utter_handoff_ask_municipality", language)["text"])
    press(page, widget, municipality_name("porvoo", language))
    expect(page.locator(".opas-reply", has_text=button(language, "utter_handoff_offer", 0))).to_be_visible()
    press(page, widget, button(language, "utter_handoff_offer", 0 if share else 1))
    expect(widget.bot_messages.last).to_contain_text(
        render("utter_handoff_queued", language, {"position": 1})["text"].split(".")[0])
    expect(page.locator(".opas-reply", has_text=handoff_text("leave_button", language))).to_be_visible()


def log_in_as_advisor(page, api_url: str) -> None:
    page.goto(f"{api_url}/staff/login")
    page.fill("input[name=username]", ADVISOR)
    page.fill("input[name=password]", ADVISOR_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{api_url}/staff/inbox")


@pytest.mark.parametrize("language", list(CASES))
def test_a_live_chat_with_an_advisor_and_back_to_the_bot(stack, new_page, language):
    locale, viewport, request, message, question = CASES[language]
    user = new_page(locale=locale, viewport=viewport)
    widget = open_demo(user, stack.api_url)
    widget.open(widget_texts(language)["launcher"])
    user.get_by_role("button", name=widget_texts(language)["privacy_accept"]).click()
    widget.ask(question)  # something to share: the conversation before the handoff
    ask_for_an_advisor(user, widget, language, request, share=True)

    active = httpx.get(f"{stack.api_url}/v1/handoffs/active", params={"conversation_id": session_of(user)},
                       headers=SERVICE, timeout=10)
    assert active.status_code == 200, active.text
    handoff = active.json()
    assert handoff["status"] == "queued" and handoff["language"] == language and handoff["provider"] == "porvoo"

    advisor = new_page(locale="en-GB", viewport=DESKTOP)
    log_in_as_advisor(advisor, stack.api_url)
    waiting = advisor.locator(f"#waiting li[data-id='{handoff['id']}']")
    expect(waiting).to_be_visible()
    if language == "ar":
        expect(waiting.locator("span[lang=ar]")).to_have_attribute("dir", "rtl")
    waiting.get_by_role("button", name="Take this chat").click()
    # The shared conversation: the question asked before the handoff is there for the advisor.
    expect(advisor.locator("#events .transcript", has_text=question)).not_to_have_count(0)
    notices = user.locator(".opas-notice")
    before, after = handoff_text("joined", language, name="\0").split("\0")  # the advisor's name between
    expect(notices.last).to_have_text(re.compile(re.escape(before) + ".+" + re.escape(after)))

    bot_turns = widget.bot_messages.count()
    send(user, message)
    expect(advisor.locator("#events .from-user:not(.transcript)", has_text=message)).to_have_count(1)
    reply = "Hei! Olen neuvoja. Katsotaan suunnitelmaasi yhdessä." if language == "fi" else \
        "مرحبا، أنا المستشارة. اتصل بي على +358 40 1234567."
    advisor.fill("#reply-text", reply)
    advisor.get_by_role("button", name="Send").click()
    from_advisor = user.locator(".opas-advisor")
    expect(from_advisor).to_have_count(1)
    expect(from_advisor.locator(".opas-author")).to_have_text(widget_texts(language)["advisor"])
    expect(from_advisor).to_contain_text(reply.split("+")[0].strip())
    if language == "ar":
        expect(from_advisor.locator("bdi[dir=ltr]")).to_have_text("+358 40 1234567")
    user.wait_for_timeout(1000)
    assert widget.bot_messages.count() == bot_turns, "the bot spoke while the advisor had the chat"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    user.screenshot(path=str(SCREENSHOTS / f"handoff-user-{language}.png"))
    if language == "ar":  # docs/screenshots: the user in both, the advisor with the right-to-left chat
        advisor.screenshot(path=str(SCREENSHOTS / "handoff-advisor-ar.png"), full_page=True)

    advisor.get_by_role("button", name="Hand back to Opas").click()
    expect(notices.last).to_have_text(handoff_text("left", language))
    user.wait_for_function("() => JSON.parse(localStorage.getItem('opas-widget:v1')).handoff === null")
    widget.ask(question)  # the bot answers again, from the content
    expect(widget.bot_messages.last.locator(".opas-sources-heading")).to_have_text(widget_texts(language)["sources"])
    assert user.errors == [] and advisor.errors == []


def _free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.fixture(scope="module")
def impatient_stack():
    """A stack of its own whose queue gives up after a few seconds (OPAS_HANDOFF_QUEUE_TIMEOUT_SECONDS)."""
    if not list(local_stack.MODEL_DIR.glob("*.tar.gz")):
        pytest.fail("no trained model: run `make bot-train`")
    running = local_stack.start(REPO / "var" / "e2e-handoff-timeout",
                                {"OPAS_API_PORT": _free_port(), "OPAS_RASA_PORT": _free_port()},
                                extra_env={"OPAS_HANDOFF_QUEUE_TIMEOUT_SECONDS": "6",
                                           "OPAS_HANDOFF_SWEEP_SECONDS": "1"})
    try:
        yield running
    finally:
        running.stop()


def test_nobody_takes_the_chat_so_the_booking_is_offered(impatient_stack, new_page):
    user = new_page(locale="en-US", viewport=DESKTOP)
    widget = open_demo(user, impatient_stack.api_url)
    widget.open("Ask Opas")
    user.get_by_role("button", name="OK, start the chat").click()
    ask_for_an_advisor(user, widget, "en", "i want to talk to a person", share=False)
    active = httpx.get(f"{impatient_stack.api_url}/v1/handoffs/active",
                       params={"conversation_id": session_of(user)}, headers=SERVICE, timeout=10).json()
    assert active["status"] == "queued" and active["language"] == "en"

    timeout = user.locator(".opas-notice", has_text=handoff_text("timeout", "en"))
    expect(timeout).to_be_visible(timeout=30_000)
    user.wait_for_function("() => JSON.parse(localStorage.getItem('opas-widget:v1')).handoff === null")
    press(user, widget, handoff_text("book_button", "en"))
    # The booking knows the place from the conversation: its next question is the meeting's topic.
    expect(widget.bot_messages.last).to_contain_text(render("utter_ask_meeting_topic", "en")["text"][:20])
    assert user.errors == []
