"""A coordinator's edit against the running stack: the bot never shows the draft, and answers with
the published edit within seconds, without a restart or retraining (issue 15).

The demo coordinators of `load-demo` (api/app/staff/demo.py) edit the English text of one
statement through the staff pages; the test restores the published text at the end (the e2e
stack's database lives on between runs).
"""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest

from api.app.staff.demo import DEMO_COORDINATORS, DEMO_PASSWORD
from tests.e2e.conftest import opas, text_of

STATEMENT = "civic-orientation-length"
ORIGINAL = "The course is about 70 hours of teaching or independent study."
QUESTION = "how many hours does the civic orientation course take?"
#: The answer index checks the content revision at most once a second.
PUBLISHED_WITHIN_SECONDS = 5.0
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Coordinator:
    def __init__(self, api_url: str, username: str) -> None:
        self.client = httpx.Client(base_url=api_url, follow_redirects=False, timeout=30,
                                   headers={"Accept-Language": "en"})
        response = self.client.post("/staff/login", data={
            "username": username, "password": DEMO_PASSWORD, "csrf_token": self.token("/staff/login")})
        assert response.status_code == 303, f"{username} cannot log in: {response.status_code}"

    def token(self, path: str) -> str:
        page = self.client.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return _CSRF.search(page.text).group(1)

    def post(self, action: str, data: dict | None = None) -> None:
        editor = f"/staff/content/statements/{STATEMENT}"
        response = self.client.post(f"{editor}/{action}", data={**(data or {}), "csrf_token": self.token(editor)})
        assert response.status_code == 303, (action, response.status_code, response.text[-500:])

    def save_english(self, text: str) -> None:
        # The sources and validity as the editor shows them: only the text changes.
        page = self.client.get(f"/staff/content/statements/{STATEMENT}?lang=en").text
        sources = re.findall(r'<option value="([a-z0-9-]+)" selected>', page)
        self.post("save", {"language": "en", "text": text, "source_id": sources, "section": [""] * len(sources),
                           "valid_from": re.search(r'name="valid_from" value="([0-9-]+)"', page).group(1)})


def answer_text(stack, sender: str) -> str:
    messages = stack.say(sender, QUESTION)
    assert opas(messages)["topic"] == "civic_orientation"
    return text_of(messages)


def test_a_published_edit_is_answered_within_seconds_and_a_draft_never(stack, sender):
    if not stack.api_url:
        pytest.skip("no API address for the stack")
    author, reviewer = (Coordinator(stack.api_url, name) for name in DEMO_COORDINATORS)
    edited = f"{ORIGINAL} (Checked {uuid.uuid4().hex[:6]}.)"
    assert ORIGINAL in answer_text(stack, sender)
    try:
        author.save_english(edited)
        author.post("submit")
        time.sleep(1.5)  # longer than the index's revision check: a draft had its chance to leak
        shown = answer_text(stack, f"{sender}-draft")
        assert edited not in shown and ORIGINAL in shown, "the bot showed a draft"

        reviewer.post("publish")
        published_at = time.monotonic()
        while edited not in answer_text(stack, f"{sender}-{time.monotonic():.0f}"):
            assert time.monotonic() - published_at < PUBLISHED_WITHIN_SECONDS, "the published edit was not answered"
            time.sleep(0.2)
        print(f"published edit answered after {time.monotonic() - published_at:.2f} s")
    finally:
        author.save_english(ORIGINAL)
        author.post("submit")
        reviewer.post("publish")
    assert ORIGINAL in answer_text(stack, f"{sender}-restored")
