"""Headless Chromium (Debian's package) driven by Playwright, for the widget's browser tests.

Test modules import the fixtures they use (``from tests.e2e.widget_browser import ...``).
No browser is downloaded: Playwright runs ``/usr/bin/chromium`` (scripts/ensure-chromium.sh
installs it); without it the tests are skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE = REPO / "tests" / "e2e" / "widget" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "var" / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
#: Long enough for a turn that runs actions on a loaded 2-core machine.
REPLY_TIMEOUT_MS = 30_000


# One browser per test module, not per session: Playwright's sync API keeps an asyncio loop
# running in the main thread while it is started, and every later test that calls asyncio.run()
# (the fault tests, the API's async units) would fail with "cannot be called from a running event
# loop". Closed at the end of each module, the loop is gone before the next one.
@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh (make test does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium) -> Iterator[Callable[..., object]]:
    """``new_page(locale="fi-FI", viewport=PHONE, bypass_csp=False)``: a page in a fresh profile."""
    contexts = []

    def build(locale: str = "fi-FI", viewport: dict | None = None, bypass_csp: bool = False):
        context = chromium.new_context(
            locale=locale, viewport=viewport or PHONE, bypass_csp=bypass_csp
        )
        context.set_default_timeout(REPLY_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.errors = []  # uncaught script errors: a test asserts there were none
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield build
    for context in contexts:
        context.close()


@dataclass
class Widget:
    """The widget on a page; locators pierce its (open) shadow root."""

    page: object

    def open(self, launcher_name: str) -> None:
        self.page.get_by_role("button", name=launcher_name).click()

    @property
    def panel(self):
        return self.page.locator("#opas-panel")

    @property
    def input(self):
        return self.page.locator("#opas-input")

    @property
    def bot_messages(self):
        return self.page.locator(".opas-bot")

    def ask(self, text: str) -> None:
        count = self.bot_messages.count()
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_for_reply(count)

    def wait_for_reply(self, previous_count: int) -> None:
        self.page.wait_for_function(
            """count => {
                 const root = document.querySelector('#opas-chat').shadowRoot;
                 return root.querySelectorAll('.opas-bot').length > count
                   && !root.querySelector('.opas-typing').hasChildNodes();
               }""",
            arg=previous_count,
        )

    def direction(self) -> str:
        return self.panel.evaluate("element => getComputedStyle(element).direction")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


def open_demo(page, api_url: str) -> Widget:
    page.goto(f"{api_url}/")
    page.locator("#opas-chat .opas-launcher").wait_for()
    return Widget(page)


def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run scripts/ensure-chromium.sh (npm ci in tests/e2e/widget)")
    return AXE.read_text(encoding="utf-8")
