"""The analytics in headless Chromium: the staff page passes axe (WCAG 2.1 A/AA) in a left-to-right
and a right-to-left language, and the thumbs under an answer in the widget are counted.

The API runs in this process (uvicorn on a spare port, tests/live_api.py) on a copy of the real content; no Rasa is
needed: the widget's message turns are the test's own (a browser route), as in
tests/e2e/test_widget_fixes.py, while the ratings go to the real feedback endpoint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from api.app.analytics.models import FeedbackCount
from api.app.config import Settings
from api.app.main import create_app
from api.app.staff.auth import create_user
from api.app.staff.models import COORDINATOR
from tests.api.analytics.test_page import seed
from tests.api.staff.conftest import PASSWORD
from tests.e2e.widget_browser import ARTIFACTS, DESKTOP, PHONE, axe_source, open_demo
from tests.live_api import serve

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async ([selector, tags]) => {
  const result = await axe.run(selector ? {include: [[selector]]} : document,
                               {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => `${JSON.stringify(n.target)}: ${n.failureSummary}`)}));
}"""
MESSAGES_ROUTE = re.compile(r"/v1/chat/sessions/[^/]+/messages$")


@dataclass
class LiveApi:
    url: str
    app: FastAPI


@pytest.fixture
def live_api(analytics_settings: Settings) -> Iterator[LiveApi]:
    app = create_app(analytics_settings)
    with app.state.session_factory() as session:
        seed(session)
        create_user(session, "coordinator", PASSWORD, role=COORDINATOR)
    with serve(app) as url:
        yield LiveApi(url, app)


def violations(page, selector: str | None = None) -> list[dict]:
    return page.evaluate(RUN_AXE, [selector, WCAG_21_AA])


@pytest.mark.parametrize(("locale", "heading", "chart"), [
    ("fi-FI", "Analytiikka", "Kysytyimmät aiheet"),
    ("ar", "التحليلات", "أكثر المواضيع سؤالًا"),
])
def test_the_analytics_page_passes_axe(live_api: LiveApi, new_page, locale: str, heading: str, chart: str) -> None:
    source = axe_source()
    # axe is injected as an inline script, which the staff pages' policy rightly forbids.
    page = new_page(locale=locale, viewport=DESKTOP, bypass_csp=True)
    page.goto(f"{live_api.url}/staff/login")
    page.locator("input[name=username]").fill("coordinator")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.goto(f"{live_api.url}/staff/analytics")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("img", name=chart)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("CSV")).first).to_be_visible()
    page.add_script_tag(content=source)
    assert violations(page) == []
    assert page.errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"analytics-{locale}.png"), full_page=True)


def answer_turn() -> dict:
    opas = {"kind": "answer", "topic": "civic_orientation", "language": "en", "municipality": "porvoo",
            "provider": None, "fallback_language": None,
            "sources": [{"id": "act-681-2023", "title": "Act on the Promotion of Integration (681/2023)",
                         "url": "https://www.finlex.fi/fi/laki/alkup/2023/20230681"}]}
    return {"messages": [{"text": "Civic orientation is a course of about 70 hours.", "buttons": []}], "opas": opas}


def test_a_thumb_under_an_answer_is_counted(live_api: LiveApi, new_page) -> None:
    source = axe_source()
    page = new_page(locale="en-US", viewport=PHONE, bypass_csp=True)
    page.route(MESSAGES_ROUTE, lambda route: route.fulfill(status=200, content_type="application/json",
                                                           body=json.dumps(answer_turn())))
    widget = open_demo(page, live_api.url)
    widget.open("Ask Opas")
    page.get_by_role("button", name="OK, start the chat").click()
    widget.ask("How long is civic orientation?")

    rating = page.get_by_role("group", name="Was this answer helpful?")
    expect(rating).to_be_visible()
    page.add_script_tag(content=source)
    assert violations(page, "#opas-chat") == [], "answer with thumbs"
    page.screenshot(path=str(ARTIFACTS / "widget-thumbs-offered-en.png"))
    down = rating.get_by_role("button", name="No, not helpful")
    down.focus()
    page.keyboard.press("Enter")
    thanks = page.locator(".opas-feedback-done")
    expect(thanks).to_have_text("Thank you for your feedback.")
    expect(thanks).to_be_focused()
    expect(page.get_by_role("group", name="Was this answer helpful?")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "widget-thumbs-en.png"))

    live_api.app.state.analytics.flush(live_api.app.state.session_factory)
    with live_api.app.state.session_factory() as session:
        rows = session.execute(select(FeedbackCount.topic, FeedbackCount.sources, FeedbackCount.rating,
                                      FeedbackCount.count).where(FeedbackCount.language == "en")).all()
    assert rows == [("civic_orientation", "act-681-2023", "down", 1)]
    # A reload shows the thanks, not the buttons again: one rating per answer from this browser.
    page.reload()
    expect(page.locator(".opas-feedback-done")).to_have_count(1)
    expect(page.locator(".opas-thumb")).to_have_count(0)
    assert page.errors == []


def test_the_thumbs_follow_a_change_of_language(live_api: LiveApi, new_page) -> None:
    page = new_page(locale="en-US", viewport=DESKTOP)

    def reply(route) -> None:
        turn = answer_turn()
        if "change_language" in (route.request.post_data or ""):
            turn = {"messages": [{"text": "Selvä, puhutaan suomea.", "buttons": []}],
                    "opas": turn["opas"] | {"kind": "language", "topic": None, "language": "fi", "sources": []}}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(turn))

    page.route(MESSAGES_ROUTE, reply)
    widget = open_demo(page, live_api.url)
    widget.open("Ask Opas")
    page.get_by_role("button", name="OK, start the chat").click()
    widget.ask("How long is civic orientation?")
    expect(page.get_by_role("group", name="Was this answer helpful?")).to_be_visible()
    page.locator("#opas-language").select_option("fi")
    rating = page.get_by_role("group", name="Oliko vastauksesta apua?")
    expect(rating).to_be_visible()
    expect(rating.get_by_role("button", name="Ei, ei ollut apua")).to_have_attribute("title", "Ei, ei ollut apua")
    expect(page.locator(".opas-feedback")).to_have_count(1)  # the language turn is no answer to rate
    assert page.errors == []
