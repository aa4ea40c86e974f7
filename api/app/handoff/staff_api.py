"""``/staff/api/handoffs``: the advisor's JSON API (the inbox page is built on it, and so could a
municipality's own service desk be). Cookie log-in like the staff pages; every write also sends
the session's CSRF token in the ``X-CSRF-Token`` header. An advisor sees only their provider's
chats (another provider's is "not found"); an admin sees every provider's.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from locales.handoff import CANNED, canned_text
from locales.languages import language_name, text_direction
from locales.pages import PageMessage, PageTexts
from locales.places import municipality_name
from locales.programme_data import topic_title

from .. import audit
from ..channels.outbound import window_open
from ..content.models import utcnow
from ..deps import SessionDep
from ..edge import RowId
from ..errors import Forbidden, InvalidInput
from ..languages import check_language
from ..staff.auth import AdvisorUser, StaffSessionDep
from ..staff.models import StaffUser
from ..staff.texts import staff_language
from . import service
from .delivery import deliver_after_response, last_user_message_at
from .models import ACTIVE, CLAIMED, QUEUED, Handoff, HandoffEvent
from .staff_schemas import (
    CannedAnswer,
    CannedAnswers,
    EventOut,
    HandoffDetail,
    HandoffSummary,
    Inbox,
    ReplyIn,
    ReplyOut,
)
from .streams import json_frame

INBOX_POLL_SECONDS = 1.0
KEEPALIVE_SECONDS = 15.0


def verify_csrf_header(
    staff: StaffSessionDep,
    x_csrf_token: Annotated[str | None, Header(max_length=200, description="The session's CSRF token.")] = None,
) -> None:
    if not staff.stored or not x_csrf_token or not secrets.compare_digest(x_csrf_token.encode(), staff.csrf.encode()):
        raise Forbidden(
            PageMessage("This form has expired or did not come from this site: reload the page and try again.")
        )


CsrfHeader = Depends(verify_csrf_header)
router = APIRouter(prefix="/staff/api/handoffs", tags=["handoff"])


# --- views -------------------------------------------------------------------------------------


# Translators (for the msgids below): what happened in a live chat, shown to the advisor.
def _labels(texts: PageTexts) -> dict[str, str]:
    # The msgids are spelled out here so that the extraction finds them.
    return {
        "joined": texts.gettext("{name} took the chat."),
        "left": texts.gettext("The chat was handed back to Opas."),
        "timeout": texts.gettext("Nobody took the chat in time; the user was offered a booking."),
        "user_left": texts.gettext("The user left the chat."),
        "closed": texts.gettext("The chat was closed."),
    }


def summary(handoff: Handoff, user: StaffUser, staff_lang: str) -> HandoffSummary:
    now = utcnow()
    speaks = user.advisor is not None and handoff.language in user.advisor.languages
    return HandoffSummary(
        id=handoff.id,
        status=handoff.status,
        closed_reason=handoff.closed_reason,
        channel=handoff.channel,
        language=handoff.language,
        language_name=language_name(handoff.language, staff_lang),
        rtl=text_direction(handoff.language) == "rtl",
        topic=handoff.topic,
        topic_title=topic_title(handoff.topic, staff_lang) if handoff.topic else None,
        municipality=handoff.municipality,
        municipality_name=municipality_name(handoff.municipality, staff_lang) if handoff.municipality else None,
        provider=handoff.provider_id,
        waiting_seconds=max(0, int(((handoff.closed_at or now) - handoff.created_at).total_seconds())),
        created_at=handoff.created_at,
        claimed_at=handoff.claimed_at,
        advisor=handoff.advisor.name if handoff.advisor is not None else None,
        mine=handoff.claimed_by_id == user.id,
        speaks_language=speaks,
        share_transcript=handoff.share_transcript,
        last_seq=handoff.last_seq,
    )


def _event_out(handoff: Handoff, event: HandoffEvent, labels: dict[str, str]) -> EventOut:
    label = None
    if event.sender == "system":
        key = "user_left" if event.kind == "closed" and handoff.closed_reason == "user_left" else event.kind
        label = labels.get(key)
        if label and event.kind == "joined":
            label = label.format(name=handoff.advisor.name if handoff.advisor else "—")
    return EventOut(
        seq=event.seq,
        kind=event.kind,
        sender=event.sender,
        text=event.text,
        label=label,
        transcript=event.transcript,
        created_at=event.created_at,
    )


def detail(session: Session, handoff: Handoff, user: StaffUser, staff_lang: str, after: int = 0) -> HandoffDetail:
    session.refresh(handoff)
    events = session.scalars(
        select(HandoffEvent)
        # "queue" events only tell the user their new place: nothing for the advisor.
        .where(HandoffEvent.handoff_id == handoff.id, HandoffEvent.seq > after, HandoffEvent.kind != "queue")
        .order_by(HandoffEvent.seq)
    )
    labels = _labels(PageTexts(staff_lang))
    return HandoffDetail(
        **summary(handoff, user, staff_lang).model_dump(),
        events=[_event_out(handoff, event, labels) for event in events],
    )


def inbox(session: Session, user: StaffUser, staff_lang: str) -> Inbox:
    query = select(Handoff).where(Handoff.status.in_(ACTIVE)).order_by(Handoff.created_at, Handoff.id)
    if user.provider_id is not None:
        query = query.where(Handoff.provider_id == user.provider_id)
    rows = [summary(h, user, staff_lang) for h in session.scalars(query)]
    waiting = [s for s in rows if s.status == QUEUED]
    # Those the advisor can answer in the user's own language first; the oldest first within each.
    waiting.sort(key=lambda s: not s.speaks_language)
    return Inbox(
        waiting=waiting,
        mine=[s for s in rows if s.status == CLAIMED and s.mine],
        others=[s for s in rows if s.status == CLAIMED and not s.mine],
    )


# --- routes ------------------------------------------------------------------------------------


@router.get("", response_model=Inbox, responses={401: {"description": "Not logged in."}})
def list_handoffs(request: Request, session: SessionDep, user: AdvisorUser) -> Inbox:
    """The waiting chats of your provider (an admin: of every provider), yours and your colleagues'."""
    return inbox(session, user, staff_language(request))


@router.get("/canned", response_model=CannedAnswers)
def canned_answers(
    request: Request,
    user: AdvisorUser,
    language: Annotated[str, Query(max_length=35, description="The user's language.")],
) -> CannedAnswers:
    """Ready answers in the user's language, each with the same text in the staff page's language."""
    language = check_language(language)
    staff_lang = staff_language(request)
    answers = [
        CannedAnswer(key=key, text=canned_text(key, language), label=canned_text(key, staff_lang)) for key in CANNED
    ]
    return CannedAnswers(language=language, rtl=text_direction(language) == "rtl", answers=answers)


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
    description="Server-sent events: `inbox`, the whole list as `GET /staff/api/handoffs` returns it, "
    "whenever a chat arrives, is taken, gets a message or closes; the first event is the current list.",
)
async def inbox_events(request: Request, user: AdvisorUser) -> StreamingResponse:
    """Server-sent events: `inbox` (the whole list, as `GET /staff/api/handoffs` returns it)
    whenever a chat arrives, is taken, gets a message or closes. Read from the database, so any
    worker serves it; after a dropped connection the first event is the current list again."""
    factory = request.app.state.session_factory
    staff_lang = staff_language(request)
    user_id = user.id

    def snapshot() -> Inbox:
        with factory() as session:
            return inbox(session, session.get(StaffUser, user_id), staff_lang)

    async def frames() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        last, idle = None, 0.0
        while not await request.is_disconnected():
            current = await run_in_threadpool(snapshot)
            # Changes only: waiting seconds grow on their own and are not news.
            key = json.dumps(
                [(s.id, s.status, s.last_seq, s.advisor) for s in current.waiting + current.mine + current.others]
            )
            if key != last:
                last, idle = key, 0.0
                yield json_frame("inbox", current.model_dump(mode="json"))
            await asyncio.sleep(INBOX_POLL_SECONDS)
            idle += INBOX_POLL_SECONDS
            if idle >= KEEPALIVE_SECONDS:
                idle = 0.0
                yield ": keep-alive\n\n"

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(frames(), media_type="text/event-stream", headers=headers)


@router.get("/{handoff_id}", response_model=HandoffDetail, responses={404: {"description": "Not yours to see."}})
def get_handoff(
    request: Request,
    session: SessionDep,
    user: AdvisorUser,
    handoff_id: RowId,
    after: Annotated[int, Query(ge=0, description="Only the events after this seq.")] = 0,
) -> HandoffDetail:
    """One chat with its events (the shared transcript first)."""
    return detail(session, service.visible_handoff(session, user, handoff_id), user, staff_language(request), after)


@router.post(
    "/{handoff_id}/claim",
    response_model=HandoffDetail,
    dependencies=[CsrfHeader],
    responses={409: {"description": "`handoff_claimed`: another advisor was first."}, 404: {}},
)
def claim_handoff(
    request: Request, session: SessionDep, user: AdvisorUser, handoff_id: RowId, background: BackgroundTasks
) -> HandoffDetail:
    """Takes a waiting chat; of advisors claiming at once exactly one succeeds, the others get 409."""
    handoff = service.claim(session, user, handoff_id)
    audit.record(session, user, "handoff.claim", "handoff", handoff.id)
    joined = session.scalar(
        select(HandoffEvent).where(HandoffEvent.handoff_id == handoff.id, HandoffEvent.kind == "joined")
    )
    if joined is not None:
        deliver_after_response(background, handoff, joined)
    return detail(session, handoff, user, staff_language(request))


@router.post(
    "/{handoff_id}/messages",
    response_model=ReplyOut,
    status_code=201,
    dependencies=[CsrfHeader],
    responses={409: {"description": "Not claimed by you, closed, or `whatsapp_window_closed`: WhatsApp's 24 "
                          "hours since the user's last message are over."}, 404: {}},
)
def reply(
    request: Request,
    session: SessionDep,
    user: AdvisorUser,
    handoff_id: RowId,
    body: ReplyIn,
    background: BackgroundTasks,
) -> ReplyOut:
    """Writes to the user; a canned answer goes in the user's language."""
    handoff = service.visible_handoff(session, user, handoff_id)
    if handoff.channel == "whatsapp" and not window_open(last_user_message_at(handoff)):
        # Told now, while the advisor is writing, rather than written and silently not sent.
        raise service.WhatsAppWindowClosed(PageMessage(
            "WhatsApp takes replies only within 24 hours of the user's last message: this one would not "
            "reach them. You can answer when they write again."))
    if body.canned is not None:
        if body.canned not in CANNED:
            raise InvalidInput("Unknown canned answer.")
        text = canned_text(body.canned, handoff.language)
    else:
        text = body.text or ""
    event = service.advisor_message(session, user, handoff, text)
    deliver_after_response(background, handoff, event)
    return ReplyOut(seq=event.seq, text=text)


@router.post(
    "/{handoff_id}/hand-back", response_model=HandoffDetail, dependencies=[CsrfHeader], responses={404: {}, 409: {}}
)
def hand_back(
    request: Request, session: SessionDep, user: AdvisorUser, handoff_id: RowId, background: BackgroundTasks
) -> HandoffDetail:
    """Gives the conversation back to the bot: the user is told, and Opas answers again."""
    handoff = service.visible_handoff(session, user, handoff_id)
    deliver_after_response(background, handoff, service.hand_back(session, user, handoff))
    audit.record(session, user, "handoff.hand_back", "handoff", handoff.id)
    return detail(session, handoff, user, staff_language(request))


@router.post(
    "/{handoff_id}/close", response_model=HandoffDetail, dependencies=[CsrfHeader], responses={404: {}, 409: {}}
)
def close(
    request: Request, session: SessionDep, user: AdvisorUser, handoff_id: RowId, background: BackgroundTasks
) -> HandoffDetail:
    """Ends the chat (yours, or a waiting one); the user is told and talks to Opas again."""
    handoff = service.visible_handoff(session, user, handoff_id)
    deliver_after_response(background, handoff, service.close_by_advisor(session, user, handoff))
    audit.record(session, user, "handoff.close", "handoff", handoff.id)
    return detail(session, handoff, user, staff_language(request))
