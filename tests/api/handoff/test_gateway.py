"""The chat gateway during a live handoff: messages go to the advisor and not to Rasa, the queue
turn, ``/handoff_leave``, and the user's event stream (order, resume, concurrent writers)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.chat.service import ChatGateway
from api.app.config import Settings
from api.app.db import create_db_engine, create_session_factory
from api.app.handoff import service
from api.app.handoff.models import Handoff
from api.app.handoff.streams import read_user_batch
from api.app.handoff.target import HandoffTarget
from api.app.main import create_app
from api.app.staff.models import StaffUser
from tests.api.chat.conftest import FakeBot
from tests.api.conftest import AUTH
from tests.api.handoff.conftest import Staff


@dataclass
class Widget:
    http: TestClient
    bot: FakeBot
    session_id: str

    def say(self, **body: object):
        response = self.http.post(f"/v1/chat/sessions/{self.session_id}/messages", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def start_handoff(self, language: str = "en") -> int:
        body = {
            "conversation_id": self.session_id,
            "channel": "web",
            "language": language,
            "municipality": "porvoo",
            "share_transcript": False,
        }
        response = self.http.post("/v1/handoffs", json=body, headers=AUTH)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def events(self, last_event_id: str | None = None) -> list[tuple[str, str, dict]]:
        """The stream read to its end (the handoff must be closed): (id, event, data) each."""
        headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
        response = self.http.get(f"/v1/chat/sessions/{self.session_id}/events", headers=headers)
        if response.status_code == 204:
            return []
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        return parse_sse(response.text)


def parse_sse(text: str) -> list[tuple[str, str, dict]]:
    frames = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "data" in fields:
            frames.append((fields["id"], fields["event"], json.loads(fields["data"])))
    return frames


@pytest.fixture
def widget(booking_settings: Settings, staff: Staff) -> Iterator[Widget]:
    app = create_app(booking_settings)
    bot = FakeBot()
    app.state.chat = ChatGateway(booking_settings, bot=bot, handoffs=HandoffTarget(app.state.session_factory))
    with TestClient(app) as http:
        session = http.post("/v1/chat/sessions", json={"language": "en"}).json()["session_id"]
        yield Widget(http, bot, session)


def test_rasa_hears_nothing_during_a_handoff_and_everything_after(widget: Widget, db: Session, staff: Staff) -> None:
    widget.say(text="hello")
    assert len(widget.bot.received) == 1
    handoff_id = widget.start_handoff()

    queued = widget.say(text="Is anyone there?")
    assert widget.bot.received[1:] == []  # the bot heard nothing
    assert queued["opas"]["kind"] == "handoff" and queued["opas"]["topic"] == "human_handoff"
    assert queued["handoff"] == {"id": handoff_id, "status": "queued", "position": 1, "estimate_seconds": None}
    assert queued["messages"] == [
        {
            "text": "You are number 1 in the queue for an advisor.",
            "buttons": [{"title": "Leave the queue", "payload": "/handoff_leave"}],
        }
    ]

    service.claim(db, staff.porvoo_user, handoff_id)
    claimed = widget.say(text="My question is about the plan.")
    assert claimed["messages"] == [] and claimed["handoff"]["status"] == "claimed"
    assert widget.bot.received[1:] == []

    handoff = db.get(Handoff, handoff_id)
    service.hand_back(db, db.get(StaffUser, staff.porvoo_user.id), handoff)
    widget.say(text="thanks")
    assert [message for _, message, _ in widget.bot.received] == ["hello", "thanks"]


def test_leaving_the_queue(widget: Widget, db: Session) -> None:
    handoff_id = widget.start_handoff()
    left = widget.say(payload="/handoff_leave")
    assert left["messages"][0]["text"] == "You left the queue: you are talking to Opas again."
    assert left["opas"]["kind"] == "handoff" and left["handoff"]["id"] == handoff_id
    handoff = db.get(Handoff, handoff_id)
    db.refresh(handoff)
    assert (handoff.status, handoff.closed_reason) == ("closed", "user_left")
    widget.say(text="what is the integration plan?")
    assert widget.bot.received[-1][1] == "what is the integration plan?"
    # Leaving again, with nothing open, still answers (and the bot is not asked what it means).
    assert widget.say(payload="/handoff_leave")["messages"][0]["text"].startswith("You left the queue")
    assert all(message != "/handoff_leave" for _, message, _ in widget.bot.received)


def test_the_stream_in_order_and_resumed(widget: Widget, db: Session, staff: Staff) -> None:
    assert widget.events() == []  # nothing open: 204, the browser stops asking
    assert widget.events(last_event_id="99:1") == []
    handoff_id = widget.start_handoff(language="en")
    user = db.get(StaffUser, staff.porvoo_user.id)
    service.claim(db, user, handoff_id)
    handoff = db.get(Handoff, handoff_id)
    widget.say(text="hello")  # the user's own message is not sent back to them
    for n in range(3):
        service.advisor_message(db, user, handoff, f"answer {n}")
    service.hand_back(db, user, handoff)

    events = widget.events()
    assert [(i, e) for i, e, _ in events] == [
        (f"{handoff_id}:1", "joined"),
        (f"{handoff_id}:3", "message"),
        (f"{handoff_id}:4", "message"),
        (f"{handoff_id}:5", "message"),
        (f"{handoff_id}:6", "left"),
    ]
    joined, *_, left = (data for _, _, data in events)
    assert joined["messages"][0]["text"] == "An advisor (Anna) joined the chat."
    assert joined["handoff"]["status"] == "claimed" and left["handoff"]["status"] == "closed"
    assert [data["messages"][0]["text"] for _, kind, data in events if kind == "message"] == [
        "answer 0",
        "answer 1",
        "answer 2",
    ]
    assert left["messages"][0]["text"] == "The advisor left. You are talking to Opas again."
    # Resumed after the second event: the rest, once each, in order.
    assert [i for i, _, _ in widget.events(last_event_id=f"{handoff_id}:3")] == [i for i, _, _ in events[2:]]
    assert widget.events(last_event_id=f"{handoff_id}:6") == []


def test_the_queue_moving_up_reaches_those_behind(widget: Widget, db: Session, staff: Staff) -> None:
    ahead, _ = service.start_handoff(db, service.HandoffRequest("ahead", "web", "en", False, municipality="porvoo"))
    mine = widget.start_handoff()
    assert widget.say(text="waiting")["handoff"]["position"] == 2
    service.leave(db, ahead)
    service.sweep(db, timeout_seconds=0.000001)  # closes mine too: the stream ends after it
    events = widget.events()
    assert [(i, e) for i, e, _ in events] == [(f"{mine}:3", "timeout")]  # the stale place is not sent
    assert widget.events(last_event_id=f"{mine}:1") == events


def test_a_queue_event_shows_the_new_place(widget: Widget, db: Session, staff: Staff) -> None:
    ahead, _ = service.start_handoff(db, service.HandoffRequest("ahead", "web", "en", False, municipality="porvoo"))
    mine = widget.start_handoff()
    service.claim(db, db.get(StaffUser, staff.porvoo_user.id), ahead.id)
    _, _, [queue] = read_user_batch(create_session_factory(db.get_bind()), widget.session_id, None)
    data = json.loads(queue.data)
    assert (queue.kind, queue.seq, data["handoff"]["position"]) == ("queue", 1, 1)
    assert data["messages"][0]["text"].startswith("You are number 1 in the queue")
    assert data["messages"][0]["buttons"][0]["payload"] == "/handoff_leave"
    assert mine == queue.handoff_id


def test_a_timeout_reaches_the_stream_with_a_booking_button(widget: Widget, db: Session) -> None:
    handoff_id = widget.start_handoff(language="sv")
    service.sweep(db, timeout_seconds=0.000001)
    [(event_id, kind, data)] = widget.events()
    assert (event_id, kind) == (f"{handoff_id}:1", "timeout")
    [message] = data["messages"]
    assert message["buttons"][0]["payload"] == "/book_appointment"
    assert data["opas"]["language"] == "sv" and message["text"] != service.handoff_text("timeout", "en")


def test_a_reader_resuming_under_concurrent_writers_loses_and_repeats_nothing(
    booking_settings: Settings, db: Session, staff: Staff
) -> None:
    """Writers (the advisor, the user, the sweep's peers) write while a reader reads in small
    steps from where it stopped, as a reconnecting browser does; it must see every event the user
    is shown exactly once, in seq order."""
    handoff, _ = service.start_handoff(db, service.HandoffRequest("busy", "web", "en", False, municipality="porvoo"))
    user = db.get(StaffUser, staff.porvoo_user.id)
    service.claim(db, user, handoff.id)
    engine = create_db_engine(booking_settings.database_url)
    factory = create_session_factory(engine)
    writers, per_writer = 4, 15
    done = threading.Event()

    def write(n: int) -> None:
        with factory() as session:
            stored = session.get(Handoff, handoff.id)
            me = session.get(StaffUser, staff.porvoo_user.id)
            for k in range(per_writer):
                if n % 2:
                    service.advisor_message(session, me, stored, f"{n}.{k}")
                else:
                    service.user_message(session, stored, f"{n}.{k}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    seen: list[tuple[int, int]] = []
    cursor = (handoff.id, 0)

    def read() -> None:
        nonlocal cursor
        while True:
            finished = done.is_set()
            _, _, batch = read_user_batch(factory, "busy", cursor)
            for item in batch[:3]:  # a few at a time, then "reconnect" after the last one seen
                seen.append((item.handoff_id, item.seq))
                cursor = (item.handoff_id, item.seq)
            if finished and not batch:
                return

    reader = threading.Thread(target=read)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join(timeout=60)
    engine.dispose()
    advisor_seqs = [
        seq
        for (seq,) in db.execute(
            service.select(service.HandoffEvent.seq)
            .where(
                service.HandoffEvent.handoff_id == handoff.id,
                service.HandoffEvent.sender != "user",
            )
            .order_by(service.HandoffEvent.seq)
        )
    ]
    assert [seq for _, seq in seen] == advisor_seqs
    assert len(advisor_seqs) == 1 + (writers // 2) * per_writer  # "joined" and the advisor's messages


def test_a_poll_skips_the_users_own_messages_once(widget: Widget, db: Session, staff: Staff) -> None:
    handoff_id = widget.start_handoff()
    service.claim(db, db.get(StaffUser, staff.porvoo_user.id), handoff_id)
    for n in range(3):
        widget.say(text=f"user {n}")
    factory = create_session_factory(db.get_bind())
    cursor, is_open, batch = read_user_batch(factory, widget.session_id, (handoff_id, 1))
    # Nothing to send, and the next poll starts after the user's messages (no rescan every 0.5 s).
    assert (cursor, is_open, batch) == ((handoff_id, 4), True, [])
    service.advisor_message(db, db.get(StaffUser, staff.porvoo_user.id), db.get(Handoff, handoff_id), "hi")
    _, _, [reply] = read_user_batch(factory, widget.session_id, cursor)
    assert (reply.seq, reply.kind) == (5, "message")


def test_a_session_opens_only_so_many_streams_at_once(widget: Widget, db: Session) -> None:
    """A conversation open in a few tabs streams in each; one more is a 429 in the user's
    language until one of them closes (each stream holds a connection and polls the database)."""
    import asyncio

    from api.app.handoff.streams import OpenStreams

    widget.start_handoff(language="en")
    app = widget.http.app
    app.state.open_streams = streams = OpenStreams(per_session=2)

    async def waiting():
        while True:
            yield ": keep-alive\n\n"

    async def scenario() -> None:
        tabs = [streams.held(widget.session_id, waiting()) for _ in range(2)]
        for tab in tabs:
            await tab.__anext__()  # open, as a browser tab holds it
        assert streams.count(widget.session_id) == 2
        url = f"/v1/chat/sessions/{widget.session_id}/events"
        refused = await asyncio.to_thread(widget.http.get, url)  # a third tab of this English session
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "5"
        assert refused.json()["error"]["message"] == (
            "This conversation is already open in other windows. Please close one of them and try again.")
        other = await asyncio.to_thread(widget.http.post, "/v1/chat/sessions", json={"language": "fi"})
        assert streams.count(other.json()["session_id"]) == 0  # another conversation is not counted
        await tabs[0].aclose()  # a tab closed: its stream is no longer counted
        assert streams.count(widget.session_id) == 1 and not streams.full(widget.session_id)
        await tabs[1].aclose()
        assert streams.count(widget.session_id) == 0

    asyncio.run(scenario())


def test_a_finished_stream_is_no_longer_counted() -> None:
    import asyncio

    from api.app.handoff.streams import OpenStreams

    streams = OpenStreams(per_session=1)

    async def two_frames():
        yield "a"
        yield "b"

    async def read() -> list[str]:
        return [frame async for frame in streams.held("s", two_frames())]

    assert asyncio.run(read()) == ["a", "b"]
    assert streams.count("s") == 0 and not streams.full("s")
