"""The advisor's JSON API and inbox page: authorisation, claim, reply (canned answers in the
user's language), hand back, close, and the inbox stream."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import audit
from api.app.config import Settings
from api.app.main import create_app
from tests.api.conftest import AUTH
from tests.api.handoff.conftest import Staff
from tests.api.staff.conftest import log_in

_CSRF = re.compile(r'data-csrf="([^"]+)"')
BODY = {
    "channel": "web",
    "municipality": "porvoo",
    "share_transcript": True,
    "transcript": [{"sender": "user", "text": "Haluan puhua ihmisen kanssa"}],
}


class Advisor:
    def __init__(self, client: TestClient) -> None:
        self.http = client
        self.csrf = ""

    def log_in(self, username: str) -> Advisor:
        assert log_in(self.http, username).status_code == 303
        page = self.http.get("/staff/inbox")
        assert page.status_code == 200, page.text
        self.csrf = _CSRF.search(page.text).group(1)
        return self

    def post(self, path: str, json: object | None = None):
        return self.http.post(f"/staff/api/handoffs{path}", json=json or {}, headers={"X-CSRF-Token": self.csrf})

    def get(self, path: str = "", **params: object):
        return self.http.get(f"/staff/api/handoffs{path}", params=params)


@pytest.fixture
def app(booking_settings: Settings, staff: Staff):
    return create_app(booking_settings)


@pytest.fixture
def bot(app) -> Iterator[TestClient]:
    with TestClient(app, headers=AUTH) as client:
        yield client


def browser(app) -> TestClient:
    return TestClient(app, follow_redirects=False).__enter__()


def start(bot: TestClient, conversation: str, language: str = "so") -> int:
    response = bot.post("/v1/handoffs", json=BODY | {"conversation_id": conversation, "language": language})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_anonymous_gets_401_and_no_page(app, bot: TestClient) -> None:
    handoff = start(bot, "c1")
    anonymous = browser(app)
    assert anonymous.get("/staff/api/handoffs").status_code == 401
    assert anonymous.get(f"/staff/api/handoffs/{handoff}").status_code == 401
    assert anonymous.post(f"/staff/api/handoffs/{handoff}/claim").status_code in (401, 403)
    assert anonymous.get("/staff/inbox").status_code == 303  # to the log-in page


def test_another_providers_advisor_gets_404(app, bot: TestClient) -> None:
    handoff = start(bot, "c1")
    lotta = Advisor(browser(app)).log_in("lotta")
    assert lotta.get().json() == {"waiting": [], "mine": [], "others": []}
    assert lotta.get(f"/{handoff}").status_code == 404
    assert lotta.post(f"/{handoff}/claim").status_code == 404
    admin = Advisor(browser(app)).log_in("admin")
    assert [chat["id"] for chat in admin.get().json()["waiting"]] == [handoff]


@pytest.mark.parametrize("handoff_id", ["0", "2147483648", "9223372036854775808"])
def test_an_id_no_row_can_have_is_refused_at_the_edge(app, bot: TestClient, handoff_id: str) -> None:
    anna = Advisor(browser(app)).log_in("anna")
    assert anna.get(f"/{handoff_id}").status_code == 422
    assert anna.post(f"/{handoff_id}/claim").status_code == 422
    assert bot.post(f"/v1/handoffs/{handoff_id}/messages", json={"text": "hei"}).status_code == 422


def test_writes_need_the_csrf_header(app, bot: TestClient) -> None:
    handoff = start(bot, "c1")
    anna = Advisor(browser(app)).log_in("anna")
    anna.csrf = "wrong"
    assert anna.post(f"/{handoff}/claim").status_code == 403


def test_claim_reply_canned_hand_back(app, bot: TestClient, db: Session) -> None:
    somali = start(bot, "c-so", "so")
    arabic = start(bot, "c-ar", "ar")
    bashir = Advisor(browser(app)).log_in("bashir")  # speaks Arabic, not Somali
    waiting = bashir.get().json()["waiting"]
    assert [chat["id"] for chat in waiting] == [arabic, somali]  # the language he speaks first
    assert waiting[0]["rtl"] is True and waiting[1]["rtl"] is False

    anna = Advisor(browser(app)).log_in("anna")
    claimed = anna.post(f"/{somali}/claim")
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["status"] == "claimed" and claimed.json()["mine"] is True
    assert [e["kind"] for e in claimed.json()["events"]] == ["transcript", "joined"]
    assert bashir.post(f"/{somali}/claim").status_code == 409
    assert bashir.post(f"/{somali}/messages", {"text": "hello"}).status_code == 409  # not his

    canned = anna.get("/canned", language="so").json()
    call = next(a for a in canned["answers"] if a["key"] == "call_tomorrow")
    assert call["text"] != "I will call you tomorrow." and call["label"]  # Somali, and the page's language
    sent = anna.post(f"/{somali}/messages", {"canned": "call_tomorrow"})
    assert sent.status_code == 201 and sent.json()["text"] == call["text"]
    assert anna.post(f"/{somali}/messages", {"canned": "no_such"}).status_code == 422
    assert anna.post(f"/{somali}/messages", {"text": "Hei!"}).json()["seq"] == 4

    later = anna.get(f"/{somali}", after=2).json()
    assert [(e["seq"], e["sender"], e["text"]) for e in later["events"]] == [
        (3, "advisor", call["text"]),
        (4, "advisor", "Hei!"),
    ]
    assert anna.get().json()["mine"][0]["id"] == somali

    back = anna.post(f"/{somali}/hand-back").json()
    assert (back["status"], back["closed_reason"]) == ("closed", "handed_back")
    assert back["events"][-1]["kind"] == "left" and back["events"][-1]["label"]
    assert anna.post(f"/{somali}/hand-back").status_code == 409

    entries = reversed(audit.recent(db))
    actions = [(e.action, e.username, e.record_id) for e in entries if e.action.startswith("handoff")]
    assert actions == [("handoff.claim", "anna", str(somali)), ("handoff.hand_back", "anna", str(somali))]
    closed = bashir.post(f"/{arabic}/close").json()  # a waiting chat can be closed by anyone of the provider
    assert closed["closed_reason"] == "closed_by_advisor"
    assert bashir.get().json() == {"waiting": [], "mine": [], "others": []}


def test_the_inbox_page_has_no_inline_script(app, bot: TestClient) -> None:
    anna = Advisor(browser(app)).log_in("anna")
    page = anna.http.get("/staff/inbox")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert re.findall(r"<script[^>]*>", page.text) == ['<script src="/staff/static/inbox.js" defer>']
    assert anna.http.get("/staff/static/inbox.js").status_code == 200
    assert 'href="/staff/inbox"' in anna.http.get("/staff/").text


def test_the_inbox_stream_sends_the_list(app, bot: TestClient, db: Session) -> None:
    handoff = start(bot, "c1", "fa")
    anna = Advisor(browser(app)).log_in("anna")
    with anna.http.stream("GET", "/staff/api/handoffs/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        event = next(line for line in lines if line.startswith("event:"))
        data = next(lines)
    assert event == "event: inbox"
    [waiting] = json.loads(data.removeprefix("data: "))["waiting"]
    assert (waiting["id"], waiting["rtl"]) == (handoff, True)


def test_the_api_is_documented(bot: TestClient) -> None:
    paths = bot.get("/openapi.json").json()["paths"]
    for path in (
        "/staff/api/handoffs",
        "/staff/api/handoffs/{handoff_id}/claim",
        "/staff/api/handoffs/canned",
        "/v1/handoffs",
        "/v1/chat/sessions/{session_id}/events",
    ):
        assert path in paths, path
    assert paths["/staff/api/handoffs/{handoff_id}/claim"]["post"]["tags"] == ["handoff"]


def test_duty_hours_an_advisor_sets_their_own(app, staff: Staff) -> None:
    anna = Advisor(browser(app)).log_in("anna")
    week = {
        "hours": [{"weekday": 0, "start": "08:00", "end": "16:00"}, {"weekday": 4, "start": "12:30", "end": "24:00"}]
    }
    response = anna.http.put(f"/staff/api/duty/{staff.porvoo.id}", json=week, headers={"X-CSRF-Token": anna.csrf})
    assert response.status_code == 200, response.text
    assert response.json()["hours"] == week["hours"]
    listed = {a["name"]: a["hours"] for a in anna.http.get("/staff/api/duty").json()}
    assert set(listed) == {"Anna", "Bashir"} and listed["Anna"] == week["hours"] and len(listed["Bashir"]) == 7

    def put(who: Advisor, advisor_id: int, body: object) -> int:
        return who.http.put(f"/staff/api/duty/{advisor_id}", json=body, headers={"X-CSRF-Token": who.csrf}).status_code

    assert put(anna, staff.porvoo_2.id, week) == 403  # a colleague's: no
    assert put(Advisor(browser(app)).log_in("lotta"), staff.porvoo.id, week) == 404  # another provider's
    assert put(Advisor(browser(app)).log_in("admin"), staff.porvoo_2.id, {"hours": []}) == 200
    assert put(anna, staff.porvoo.id, {"hours": [{"weekday": 0, "start": "16:00", "end": "08:00"}]}) == 422
    assert put(anna, staff.porvoo.id, {"hours": [{"weekday": 7, "start": "08:00", "end": "09:00"}]}) == 422
    assert put(anna, staff.porvoo.id, {"hours": [{"weekday": 1, "start": "08:00", "end": "24:01"}]}) == 422
    anna.csrf = "wrong"
    assert put(anna, staff.porvoo.id, week) == 403
