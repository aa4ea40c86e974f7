"""The user's control, for the bot and the messaging channels (service token): delete a
conversation, erase a booking (api/app/privacy.py). The widget deletes its own conversation
through the chat gateway (`DELETE /v1/chat/sessions/{session_id}`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from .booking import service as booking
from .booking.router import ReferencePath
from .booking.schemas import ContactIn
from .deps import ServiceAuth, SessionDep, SettingsDep
from .privacy import delete_conversation, erase_appointment

router = APIRouter(prefix="/v1", tags=["privacy"], dependencies=[ServiceAuth])


class ConversationDeleted(BaseModel):
    events: int = Field(description="Tracker store events removed (a Redis conversation counts one).")
    handoffs: int = Field(description="Live handoffs removed, with their messages and transcripts.")


class AppointmentErased(BaseModel):
    reference: str
    status: str = Field(description="`cancelled` if it had not begun; else what it was.")


@router.delete("/conversations/{conversation_id}", response_model=ConversationDeleted)
def delete_a_conversation(
    session: SessionDep,
    settings: SettingsDep,
    conversation_id: Annotated[str, Path(min_length=1, max_length=200, description="Rasa's sender id.")],
) -> ConversationDeleted:
    """Deletes a conversation from the tracker store, with its live handoffs (again: no error)."""
    deleted = delete_conversation(session, settings, conversation_id)
    return ConversationDeleted(events=deleted.events, handoffs=deleted.handoffs)


@router.post(
    "/appointments/{reference}/erase",
    response_model=AppointmentErased,
    responses={404: {"description": "`appointment_not_found`: unknown reference or wrong contact."}},
)
def erase_an_appointment(session: SessionDep, reference: ReferencePath, body: ContactIn) -> AppointmentErased:
    """Cancels the appointment if it has not begun and removes its contact data now."""
    appointment = erase_appointment(session, booking.find(session, reference, body.contact))
    return AppointmentErased(reference=appointment.reference, status=appointment.status)
