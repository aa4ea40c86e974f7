"""The widget fixes of issue 14 in Chromium: the phone panel holds the focus, a message over the
limit is refused visibly and kept, "Sources" follows a language change at once, numbers and
addresses read left to right in Arabic, the booking's links are short labels; and the live chat
as the widget shows it (advisor messages, notices, the stream closed after "left").

The demo page, the widget and its texts come from the running stack; the bot's turns are the
test's own (a route), so that each fix is checked on exactly the text it is about.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.widget_browser import DESKTOP, PHONE, open_demo

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect
MESSAGES_ROUTE = re.compile(r"/v1/chat/sessions/[^/]+/messages$")
EVENTS_ROUTE = re.compile(r"/v1/chat/sessions/[^/]+/events")
IN_WIDGET = "() => document.activeElement === document.querySelector('#opas-chat')"


def reply_with(page, *turns: dict) -> None:
    """The next messages are answered with these turns, in order (the last one repeats)."""
    queue = list(turns)

    def answer(route):
        turn = queue.pop(0) if len(queue) > 1 else queue[0]
        route.fulfill(status=200, content_type="application/json", body=json.dumps(turn))
    page.route(MESSAGES_ROUTE, answer)


def turn(text: str, language: str = "en", kind: str = "answer", sources=None, buttons=None, **extra) -> dict:
    opas = {"kind": kind, "topic": None, "language": language, "municipality": None, "provider": None,
            "sources": sources or [], "fallback_language": None}
    return {"messages": [{"text": text, "buttons": buttons or []}], "opas": opas, **extra}


def started(page, api_url: str, launcher: str, accept: str):
    widget = open_demo(page, api_url)
    widget.open(launcher)
    page.get_by_role("button", name=accept).click()
    return widget


def test_the_full_screen_panel_on_a_phone_holds_the_focus(stack, new_page):
    page = new_page(locale="en-US", viewport=PHONE)
    widget = started(page, stack.api_url, "Ask Opas", "OK, start the chat")
    assert widget.panel.get_attribute("aria-modal") == "true"
    for _ in range(12):  # more stops than the panel has: Tab must come round inside it
        page.keyboard.press("Tab")
        assert page.evaluate(IN_WIDGET), "Tab left the chat panel for the page behind it"
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(IN_WIDGET), "Shift+Tab left the chat panel"
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    launcher = page.locator(".opas-launcher")
    expect(launcher).to_be_focused()


def test_a_desktop_panel_is_no_modal(stack, new_page):
    page = new_page(locale="en-US", viewport=DESKTOP)
    widget = started(page, stack.api_url, "Ask Opas", "OK, start the chat")
    assert widget.panel.get_attribute("aria-modal") is None


def test_a_pasted_message_over_the_limit_is_refused_visibly_and_kept(stack, new_page):
    page = new_page(locale="fi-FI", viewport=PHONE)
    widget = started(page, stack.api_url, "Kysy Oppaalta", "Selvä, aloita keskustelu")
    reply_with(page, turn("Selvä.", "fi"))
    long_text = "Kysymys kotoutumisesta. " * 60  # 1,440 characters
    widget.input.fill(long_text)
    counter = page.locator("#opas-counter")
    expect(counter).to_contain_text(f"{len(long_text.strip())} / 1000 merkkiä")
    widget.input.press("Enter")
    expect(page.locator(".opas-user")).to_have_count(0)  # nothing sent
    assert widget.input.input_value() == long_text  # and nothing cut
    assert widget.input.get_attribute("aria-invalid") == "true"
    widget.input.fill(long_text[:900])
    expect(counter).to_be_empty()
    widget.input.press("Enter")
    expect(page.locator(".opas-user")).to_have_count(1)
    expect(page.locator(".opas-user")).to_contain_text(long_text[:900].strip())


def test_the_sources_heading_follows_a_language_change_in_the_same_turn(stack, new_page):
    page = new_page(locale="en-US", viewport=DESKTOP)
    widget = started(page, stack.api_url, "Ask Opas", "OK, start the chat")
    source = [{"id": "act-681-2023", "title": "Laki kotoutumisen edistämisestä 681/2023",
               "url": "https://www.finlex.fi/fi/laki/alkup/2023/20230681"}]
    reply_with(page, turn("Kotoutumissuunnitelma tehdään...", "fi", sources=source))
    widget.ask("mikä on kotoutumissuunnitelma?")
    expect(page.locator(".opas-sources-heading").last).to_have_text("Lähteet:")
    expect(page.get_by_role("button", name="Aloita alusta")).to_be_visible()


def test_numbers_and_addresses_read_left_to_right_in_arabic(stack, new_page):
    page = new_page(locale="ar", viewport=PHONE)
    widget = started(page, stack.api_url, "اسأل Opas", "حسنًا، ابدأ المحادثة")
    reply_with(page, turn("اتصل بالرقم +358 40 1234567 أو اكتب إلى neuvonta@porvoo.fi أو زر "
                          "https://www.porvoo.fi/kotoutuminen اليوم.", "ar"))
    widget.ask("كيف أتصل بهم؟")
    answer = page.locator(".opas-bot").last
    phone = answer.locator("bdi[dir=ltr]", has_text="+358")
    expect(phone).to_have_text("+358 40 1234567")
    expect(answer.locator("bdi[dir=ltr]", has_text="@")).to_have_text("neuvonta@porvoo.fi")
    expect(answer.locator("bdi[dir=ltr] a")).to_have_attribute("href", "https://www.porvoo.fi/kotoutuminen")
    # Where it shows: "+358" left of "1234567", as on a Finnish phone, inside right-to-left text.
    order = phone.evaluate("""bdi => {
        const text = bdi.firstChild, range = document.createRange();
        const x = (start, end) => { range.setStart(text, start); range.setEnd(text, end);
                                    return range.getBoundingClientRect().left; };
        return [x(0, 1), x(1, 4), x(8, 15), getComputedStyle(bdi.parentElement).direction];
    }""")
    assert order[0] < order[1] < order[2], f"not '+358 40 1234567' from left to right: {order}"
    assert order[3] == "rtl"
    widget.screenshot("widget-ar-numbers.png")


def test_the_booking_confirmation_shows_short_labelled_links(stack, new_page):
    page = new_page(locale="en-US", viewport=PHONE)
    widget = started(page, stack.api_url, "Ask Opas", "OK, start the chat")
    token = "Zx9" * 22
    calendar = f"http://127.0.0.1:18000/appointments/K7QM4X/calendar.ics?token={token}"
    cancel = f"http://127.0.0.1:18000/cancel?token={token}"
    reply_with(page, turn(f"Booked! Your reference is K7QM4X.\nAdd it to your calendar: {calendar}\n"
                          f"To cancel it, use this link: {cancel} or tell me here with your reference.",
                          kind="booking"))
    widget.ask("yes, book it")
    answer = page.locator(".opas-bot").last
    expect(answer.get_by_role("link", name=re.compile("^Add to calendar"))).to_have_attribute("href", calendar)
    expect(answer.get_by_role("link", name=re.compile("^Cancel the appointment"))).to_have_attribute("href", cancel)
    assert "token=" not in answer.inner_text()


SSE = "retry: 300\n\n" + "".join(
    f"id: 7:{seq}\nevent: {kind}\ndata: {json.dumps(data)}\n\n" for seq, kind, data in [
        (1, "joined", turn("An advisor (Anna) joined the chat.", kind="handoff",
                           handoff={"id": 7, "status": "claimed", "position": 0, "estimate_seconds": None})),
        (2, "message", turn("Hello, I am Anna. How can I help?", kind="handoff")),
        (3, "left", turn("The advisor left. You are talking to Opas again.", kind="handoff")),
    ])


def test_a_live_chat_shows_the_advisor_and_closes_its_stream_after_left(stack, new_page):
    page = new_page(locale="en-US", viewport=DESKTOP)
    widget = started(page, stack.api_url, "Ask Opas", "OK, start the chat")
    opened = []

    def events(route):
        opened.append(route.request.url)
        route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body=SSE)
    page.route(EVENTS_ROUTE, events)
    reply_with(page, turn("You are number 1 in the queue for an advisor.", kind="handoff",
                          buttons=[{"title": "Leave the queue", "payload": "/handoff_leave"}],
                          handoff={"id": 7, "status": "queued", "position": 1, "estimate_seconds": 60}))
    widget.ask("I want to talk to a person")
    advisor = page.locator(".opas-advisor")
    expect(advisor).to_have_count(1)
    expect(advisor.locator(".opas-author")).to_have_text("Advisor")
    expect(advisor).to_contain_text("Hello, I am Anna.")
    notices = page.locator(".opas-notice")
    expect(notices).to_have_text(["An advisor (Anna) joined the chat.",
                                  "The advisor left. You are talking to Opas again."])
    page.wait_for_timeout(1500)  # five reconnect delays: a stream left open would come back
    assert len(opened) == 1, opened
    assert page.evaluate("() => JSON.parse(localStorage.getItem('opas-widget:v1')).handoff") is None
    assert page.errors == []
