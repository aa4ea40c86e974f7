"""axe-core finds no WCAG 2.1 A/AA violation on the coordinators' content pages in real Chromium:
the statement list, the coverage view, the editor (Finnish, and Arabic right-to-left with a draft
in review), the diff and the sources, with the editor's workflow used through its buttons.

The API alone runs here (uvicorn in a thread on a spare port, a migrated SQLite database loaded
from data/): the content pages need no bot.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api.app.db import create_db_engine, create_session_factory
from api.app.main import create_app
from api.app.staff.auth import create_user
from api.app.staff.models import COORDINATOR
from api.manage import migrate
from tests.api.conftest import load_database, make_settings
from tests.e2e.widget_browser import DESKTOP, PHONE, REPO, axe_source

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async tags => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => `${JSON.stringify(n.target)}: ${n.failureSummary}`),
  }));
}"""
PASSWORD = "a long enough password"
STATEMENT = "service-provider-porvoo"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("content-pages")
    settings = make_settings(directory, REPO / "data")
    migrate(settings.database_url, quiet=True)
    load_database(settings)
    engine = create_db_engine(settings.database_url)
    with create_session_factory(engine)() as session:
        create_user(session, "anna", PASSWORD, role=COORDINATOR)
        create_user(session, "bertil", PASSWORD, role=COORDINATOR)
    engine.dispose()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    shutil.rmtree(directory, ignore_errors=True)


def logged_in(new_page, api_url: str, username: str, locale: str, viewport: dict):
    # axe is injected as an inline script, which the staff pages' policy rightly forbids.
    page = new_page(locale=locale, viewport=viewport, bypass_csp=True)
    page.goto(f"{api_url}/staff/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action='/staff/login'] button[type=submit]").click()
    page.wait_for_url(f"{api_url}/staff/content")
    return page


def assert_accessible(page, what: str) -> None:
    page.add_script_tag(content=axe_source())
    assert page.evaluate(RUN_AXE, WCAG_21_AA) == [], what
    assert page.errors == [], what


def test_the_content_pages_have_no_wcag_21_aa_violations(new_page, api_url):
    anna = logged_in(new_page, api_url, "anna", "fi-FI", DESKTOP)
    assert_accessible(anna, "statements")
    anna.goto(f"{api_url}/staff/content/coverage")
    assert_accessible(anna, "coverage")
    anna.goto(f"{api_url}/staff/content/sources")
    assert_accessible(anna, "sources")

    anna.goto(f"{api_url}/staff/content/statements/{STATEMENT}?lang=ar")
    textarea = anna.locator("textarea#text")
    expect(textarea).to_have_attribute("dir", "rtl")
    textarea.fill("تشتري أسكولا وميرسكيلا وبوكالا خدمات الاندماج القانونية من مدينة بورفو.")
    anna.locator("form[action$='/save'] button[type=submit]").click()
    anna.locator("form[action$='/submit'] button").click()
    assert_accessible(anna, "editor, Arabic, in review")

    bertil = logged_in(new_page, api_url, "bertil", "ar", PHONE)
    bertil.goto(f"{api_url}/staff/content/statements/{STATEMENT}")
    expect(bertil.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(bertil, "editor, reviewer, Arabic pages on a phone")
    bertil.locator("form[action$='/publish'] button").click()
    bertil.goto(f"{api_url}/staff/content/statements/{STATEMENT}/diff?old=1&new=2")
    expect(bertil.locator("ins").first).to_be_visible()
    assert_accessible(bertil, "diff")
