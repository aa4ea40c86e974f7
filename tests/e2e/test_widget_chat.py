"""The chat widget in a real browser, on the demo page, against the running stack (issue 5)."""

from __future__ import annotations

import json
import re

import pytest

from locales.widget import chat_error
from tests.e2e.widget_browser import (
    DESKTOP,
    PHONE,
    open_demo,
)

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect
MESSAGES_ROUTE = re.compile(r"/v1/chat/sessions/[^/]+/messages$")


def stored_session(page) -> str | None:
    return page.evaluate("() => JSON.parse(localStorage.getItem('opas-widget:v1') || '{}').sessionId")


def test_pick_a_language_ask_press_a_quick_reply_see_sources_and_reload(stack, new_page):
    page = new_page(locale="sv-FI", viewport=PHONE)
    widget = open_demo(page, stack.api_url)
    widget.open("Fråga Opas")  # the interface starts in the browser's language
    expect(widget.panel).to_be_visible()
    assert widget.panel.bounding_box() == {"x": 0, "y": 0, **{k: float(v) for k, v in PHONE.items()}}
    page.get_by_role("button", name="OK, starta chatten").click()
    expect(widget.input).to_be_focused()

    page.get_by_label("Språk").select_option("fi")
    expect(page.get_by_role("button", name="Aloita alusta")).to_be_visible()
    assert widget.panel.evaluate("element => element.closest('.opas').lang") == "fi"

    widget.ask("kuka järjestää kotoutumispalveluni?")
    replies = page.get_by_role("group", name="Vastausehdotukset")
    expect(replies.get_by_role("button", name="Askola")).to_be_visible()
    count = widget.bot_messages.count()
    replies.get_by_role("button", name="Askola").click()
    widget.wait_for_reply(count)
    expect(page.locator(".opas-user").last).to_contain_text("Askola")
    expect(widget.bot_messages.first).to_contain_text("Missä kunnassa asut?")
    sources = page.locator(".opas-sources").last
    expect(sources).to_contain_text("Lähteet:")
    # The answer cites the statements it shows: the minutes, which have no address, as text, with
    # their title in the conversation's language (the document itself is Swedish).
    expect(sources.locator("li", has_text="Porvoon työllisyysalueen kotoutumisohjelma")).to_have_count(1)
    expect(sources.locator("li", has_text="Porvoon työllisyysalueen kotoutumisohjelma").locator("a")).to_have_count(0)
    expect(page.locator(".opas-bot", has_text="Porvoo")).not_to_have_count(0)
    # The rest of the topic is one button away, with its own sources: the law, as a link.
    count = widget.bot_messages.count()
    page.get_by_role("button", name="Lisää aiheesta: Kuka järjestää palvelut").click()
    widget.wait_for_reply(count)
    law = page.locator(".opas-sources").last.get_by_role("link", name="681/2023")
    assert law.get_attribute("href").startswith("https://")
    assert law.get_attribute("target") == "_blank" and "noopener" in law.get_attribute("rel")
    widget.screenshot("widget-fi.png")

    history = page.locator(".opas-msg").all_inner_texts()
    session = stored_session(page)
    page.reload()
    expect(widget.panel).to_be_visible()  # it was open: it stays open
    expect(page.locator(".opas-sources").last.get_by_role("link", name="681/2023")).to_be_visible()
    assert page.locator(".opas-msg").all_inner_texts() == history
    assert stored_session(page) == session
    widget.ask("kiitos")  # the same session goes on after the reload
    assert stored_session(page) == session

    page.get_by_role("button", name="Aloita alusta").click()
    expect(page.locator(".opas-msg")).to_have_count(0)
    expect(page.locator(".opas-note")).to_have_text("Uusi keskustelu on alkanut.")
    assert stored_session(page) is None
    assert page.errors == []


def test_changing_the_language_mid_chat_tells_the_bot(stack, new_page):
    page = new_page(locale="en-US", viewport=DESKTOP)
    widget = open_demo(page, stack.api_url)
    widget.open("Ask Opas")
    page.get_by_role("button", name="OK, start the chat").click()
    widget.ask("hello")
    count = widget.bot_messages.count()
    page.get_by_label("Language").select_option("sv")
    widget.wait_for_reply(count)
    expect(page.locator(".opas-user").last).to_have_text(re.compile("Svenska"))
    expect(widget.bot_messages.last).to_contain_text("svenska")
    expect(page.get_by_role("button", name="Börja om")).to_be_visible()
    expect(page.get_by_label("Språk")).to_have_value("sv")
    assert page.errors == []


def test_arabic_is_right_to_left(stack, new_page):
    page = new_page(locale="ar", viewport=PHONE)
    widget = open_demo(page, stack.api_url)
    widget.open("اسأل Opas")
    assert widget.direction() == "rtl"
    page.get_by_role("button", name="حسنًا، ابدأ المحادثة").click()
    page.locator("#opas-language").select_option("fa")
    expect(page.get_by_label("پیام شما")).to_be_visible()
    assert widget.direction() == "rtl"
    page.locator("#opas-language").select_option("en")
    expect(page.get_by_label("Your message")).to_be_visible()
    assert widget.direction() == "ltr"
    page.locator("#opas-language").select_option("ar")
    expect(page.get_by_label("رسالتك")).to_be_visible()
    assert widget.direction() == "rtl"
    assert widget.panel.evaluate("element => element.closest('.opas').dir") == "rtl"

    widget.ask("مرحبا، من ينظم خدمات الاندماج؟")
    bubble = widget.bot_messages.first.bounding_box()
    # Right to left: the bot's bubbles start at the right edge, the send button is on the left.
    assert bubble["x"] + bubble["width"] > PHONE["width"] - 24
    send = page.locator(".opas-send").bounding_box()
    assert send["x"] < PHONE["width"] / 2
    widget.screenshot("widget-ar.png")
    assert page.errors == []


def test_keyboard_only(stack, new_page):
    page = new_page(locale="en-GB", viewport=DESKTOP)
    widget = open_demo(page, stack.api_url)
    launcher = page.get_by_role("button", name="Ask Opas")
    for _ in range(20):  # past the page's own links, to the widget
        page.keyboard.press("Tab")
        if launcher.evaluate("element => element.getRootNode().activeElement === element"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    expect(page.get_by_role("button", name="OK, start the chat")).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()
    page.keyboard.type("who organises integration services for me?")
    count = widget.bot_messages.count()
    page.keyboard.press("Enter")
    widget.wait_for_reply(count)
    siuntio = page.get_by_role("group", name="Suggested replies").get_by_role("button", name="Siuntio")
    page.keyboard.press("Shift+Tab")  # from the message box back to the last quick reply
    expect(siuntio).to_be_focused()
    count = widget.bot_messages.count()
    page.keyboard.press("Enter")
    widget.wait_for_reply(count)
    expect(widget.input).to_be_focused()  # the pressed button is gone: focus is not lost
    expect(page.locator(".opas-sources").last).to_be_visible()
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert page.errors == []


EVIL_TURN = {
    "messages": [
        {
            "text": "<script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='img'\">\n"
            "Not a link: javascript:window.__pwned='text' but this is: https://example.org/ok.",
            "buttons": [{"title": "<b onclick=\"window.__pwned='button'\">Bold</b>", "payload": "/greet"}],
        }
    ],
    "opas": {
        "kind": "answer",
        "language": "en",
        "sources": [
            {"id": "a", "title": "<i>Evil source</i>", "url": "javascript:window.__pwned='source'"},
            {"id": "b", "title": "Data source", "url": "data:text/html,<script>alert(1)</script>"},
            {"id": "c", "title": "Good source", "url": "https://example.org/doc"},
        ],
    },
}


def test_injected_markup_and_javascript_links_are_inert(stack, new_page):
    # The page's Content-Security-Policy would block inline script anyway: bypass it, so that
    # only the widget's rendering stands between the text and the page.
    page = new_page(locale="en-US", viewport=DESKTOP, bypass_csp=True)
    page.route(MESSAGES_ROUTE, lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(EVIL_TURN)))
    widget = open_demo(page, stack.api_url)
    widget.open("Ask Opas")
    page.get_by_role("button", name="OK, start the chat").click()
    widget.ask("<script>window.__pwned='user'</script><img src=x onerror=\"window.__pwned='user-img'\">")
    page.get_by_role("button", name=re.compile("Bold")).click()  # a quick reply with markup
    widget.wait_for_reply(1)
    page.wait_for_timeout(300)

    assert page.evaluate("() => window.__pwned") is None
    log = page.locator(".opas-log")
    assert log.evaluate("log => log.querySelectorAll('script, img, b, i, iframe').length") == 0
    expect(page.locator(".opas-user").first).to_contain_text("<script>window.__pwned='user'</script>")
    expect(widget.bot_messages.first).to_contain_text("<img src=x onerror=")
    hrefs = log.evaluate("log => [...log.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert set(hrefs) == {"https://example.org/ok", "https://example.org/doc"}
    expect(log.locator("li", has_text="<i>Evil source</i>").locator("a")).to_have_count(0)
    expect(log.locator("li", has_text="Data source").locator("a")).to_have_count(0)
    assert page.errors == []


# The typing indicator shows only while a reply is on its way: record what it ever said.
WATCH_TYPING = """() => {
  const typing = document.querySelector('#opas-chat').shadowRoot.querySelector('.opas-typing');
  window.__typingSeen = [];
  new MutationObserver(() => window.__typingSeen.push(typing.textContent))
    .observe(typing, {childList: true, subtree: true});
}"""


def test_a_message_the_bot_could_not_take_is_kept_and_sent_again(stack, new_page):
    page = new_page(locale="en-US", viewport=DESKTOP)
    failures = [1]

    def bot_down_once(route):
        if failures:
            failures.pop()
            route.fulfill(status=503, content_type="application/json", body=json.dumps(
                {"error": {"code": "bot_unavailable", "message": chat_error("bot_unavailable", "en")}}))
        else:
            route.fallback()

    page.route(MESSAGES_ROUTE, bot_down_once)
    widget = open_demo(page, stack.api_url)
    widget.open("Ask Opas")
    page.get_by_role("button", name="OK, start the chat").click()
    page.evaluate(WATCH_TYPING)
    widget.input.fill("hello")
    widget.input.press("Enter")
    mine = page.locator(".opas-user").last
    expect(mine).to_contain_text(chat_error("bot_unavailable", "en"))
    expect(mine).to_contain_text("hello")
    mine.get_by_role("button", name="Try again").click()
    widget.wait_for_reply(0)
    expect(page.locator(".opas-user").last.locator(".opas-error")).to_have_count(0)
    expect(page.locator(".opas-user")).to_have_count(1)
    assert "Opas is writing…" in page.evaluate("() => window.__typingSeen")
    assert page.errors == []


def test_the_widget_is_one_script_tag(stack, new_page):
    page = new_page()
    open_demo(page, stack.api_url)
    tags = page.locator("script").evaluate_all("nodes => nodes.map(n => n.outerHTML)")
    assert tags == ['<script src="/widget/opas.js" data-municipality="porvoo" defer=""></script>']
