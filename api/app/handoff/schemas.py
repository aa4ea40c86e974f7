"""Request and response bodies of ``/v1/handoffs`` (the bot and the channel connectors)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TRANSCRIPT_ITEMS = 50
MAX_TEXT = 2000


class AvailabilityOut(BaseModel):
    available: bool = Field(description="Someone of the provider is on duty now.")
    provider: str | None = Field(description="Who serves the user (null: the place is not covered or not given).")
    advisors_on_duty: int
    queue_length: int = Field(description="Chats already waiting for this provider.")
    estimate_seconds: int | None = Field(description="About how long a new chat waits; null: no honest estimate.")
    speaks_language: bool = Field(description="An advisor on duty speaks the user's language.")


class TranscriptLine(BaseModel):
    sender: Literal["user", "bot"]
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class HandoffIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    conversation_id: str = Field(min_length=1, max_length=200, description="Rasa's sender id.")
    channel: Literal["web", "rest", "telegram", "whatsapp"]
    channel_user: str | None = Field(None, max_length=200, description="The platform's user id (Telegram, WhatsApp).")
    language: str = Field(max_length=35)
    topic: str | None = Field(None, max_length=60)
    municipality: str | None = Field(None, max_length=60)
    jobseeker: Literal["yes", "no", "unknown", ""] | None = None
    share_transcript: bool = Field(description="The user agreed to show the conversation so far to the advisor.")
    transcript: list[TranscriptLine] = Field(default_factory=list, max_length=MAX_TRANSCRIPT_ITEMS)


class HandoffCreated(BaseModel):
    id: int
    status: str
    position: int = Field(description="Place in the queue, 1 = next; 0 once claimed.")
    estimate_seconds: int | None
    provider: str


class HandoffOut(BaseModel):
    id: int
    conversation_id: str
    channel: str
    status: str = Field(description="`queued`, `claimed` or `closed`.")
    closed_reason: str | None
    language: str
    topic: str | None
    municipality: str | None
    provider: str
    position: int
    estimate_seconds: int | None
    created_at: datetime
    claimed_at: datetime | None
    closed_at: datetime | None


class UserMessageIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class MessageCreated(BaseModel):
    seq: int = Field(description="The message's place among the handoff's events.")


class NoAdvisorBody(BaseModel):
    error: dict[str, str]
    detail: str
    available: Literal[False]
