"""``/v1/handoffs``: the bot and the messaging connectors start, follow and leave a live handoff.

Service token, like every ``/v1`` route but the widget's chat gateway.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from ..deps import ServiceAuth, SessionDep
from ..edge import RowId
from ..errors import NotFound, error_body
from ..languages import check_language
from . import service
from .models import Handoff
from .schemas import (
    AvailabilityOut,
    HandoffCreated,
    HandoffIn,
    HandoffOut,
    MessageCreated,
    NoAdvisorBody,
    UserMessageIn,
)
from .sweep import sweep_lifespan

router = APIRouter(prefix="/v1/handoffs", tags=["handoff"], dependencies=[ServiceAuth], lifespan=sweep_lifespan)


def _jobseeker(value: str | None) -> str:
    return value if value in ("yes", "no") else "unknown"


def handoff_out(session: Session, handoff: Handoff) -> HandoffOut:
    position, estimate = service.position_and_estimate(session, handoff)
    return HandoffOut(
        id=handoff.id,
        conversation_id=handoff.conversation_id,
        channel=handoff.channel,
        status=handoff.status,
        closed_reason=handoff.closed_reason,
        language=handoff.language,
        topic=handoff.topic,
        municipality=handoff.municipality,
        provider=handoff.provider_id,
        position=position,
        estimate_seconds=estimate,
        created_at=handoff.created_at,
        claimed_at=handoff.claimed_at,
        closed_at=handoff.closed_at,
    )


def _handoff(session: Session, handoff_id: int) -> Handoff:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise NotFound("No such handoff.")
    return handoff


@router.get("/availability", response_model=AvailabilityOut)
def get_availability(
    session: SessionDep,
    municipality: Annotated[str | None, Query(max_length=60)] = None,
    jobseeker: Annotated[str | None, Query(max_length=10)] = None,
    language: Annotated[str | None, Query(max_length=35)] = None,
) -> AvailabilityOut:
    """Whether an advisor of the provider serving ``municipality`` is on duty, and the queue."""
    found = service.availability(
        session, municipality or None, _jobseeker(jobseeker), check_language(language) if language else None
    )
    return AvailabilityOut(**found.__dict__)


@router.post(
    "",
    response_model=HandoffCreated,
    status_code=201,
    responses={
        200: {"model": HandoffCreated, "description": "The conversation's open handoff (none was created)."},
        409: {"model": NoAdvisorBody, "description": "Nobody is on duty: offer a booking instead."},
    },
)
def start_handoff(session: SessionDep, body: HandoffIn, response: Response) -> HandoffCreated | JSONResponse:
    """Queues the conversation for an advisor of the provider serving the user's municipality."""
    request = service.HandoffRequest(
        conversation_id=body.conversation_id,
        channel=body.channel,
        channel_user=body.channel_user,
        language=check_language(body.language),
        topic=body.topic,
        municipality=body.municipality,
        jobseeker=_jobseeker(body.jobseeker),
        share_transcript=body.share_transcript,
        transcript=tuple((line.sender, line.text) for line in body.transcript),
    )
    try:
        handoff, created = service.start_handoff(session, request)
    except service.NobodyOnDuty as error:
        content = error_body(error.code, error.message) | {"detail": error.message, "available": False}
        return JSONResponse(content, status_code=409)
    if not created:
        response.status_code = 200
    position, estimate = service.position_and_estimate(session, handoff)
    return HandoffCreated(
        id=handoff.id, status=handoff.status, position=position, estimate_seconds=estimate, provider=handoff.provider_id
    )


@router.get("/active", response_model=HandoffOut, responses={404: {"description": "No open handoff."}})
def get_active(session: SessionDep, conversation_id: Annotated[str, Query(max_length=200)]) -> HandoffOut:
    """The conversation's queued or claimed handoff."""
    handoff = service.active_handoff(session, conversation_id)
    if handoff is None:
        raise NotFound("This conversation has no open handoff.")
    return handoff_out(session, handoff)


@router.post("/{handoff_id}/leave", response_model=HandoffOut)
def leave_handoff(session: SessionDep, handoff_id: RowId) -> HandoffOut:
    """The user leaves the queue or the chat (closed, `user_left`); the same again changes nothing."""
    handoff = _handoff(session, handoff_id)
    service.leave(session, handoff)
    return handoff_out(session, handoff)


@router.post(
    "/{handoff_id}/messages",
    response_model=MessageCreated,
    status_code=201,
    responses={409: {"description": "`handoff_not_active`: the chat is closed."}},
)
def post_user_message(session: SessionDep, handoff_id: RowId, body: UserMessageIn) -> MessageCreated:
    """A user's message arriving through a channel the chat gateway does not front (Telegram, WhatsApp)."""
    handoff = _handoff(session, handoff_id)
    event = service.user_message(session, handoff, body.text)
    return MessageCreated(seq=event.seq)
