"""Bodies of the advisor's JSON API (``/staff/api/handoffs``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from .schemas import MAX_TEXT


class HandoffSummary(BaseModel):
    id: int
    status: str = Field(description="`queued`, `claimed` or `closed`.")
    closed_reason: str | None
    channel: str
    language: str = Field(description="The user's language (ISO 639-1).")
    language_name: str = Field(description="Its name in the staff page's language.")
    rtl: bool = Field(description="The user's language is written right to left.")
    topic: str | None
    topic_title: str | None
    municipality: str | None
    municipality_name: str | None
    provider: str
    waiting_seconds: int = Field(description="Since the user asked for an advisor.")
    created_at: datetime
    claimed_at: datetime | None
    advisor: str | None = Field(description="Who took it.")
    mine: bool = Field(description="Taken by the logged-in user.")
    speaks_language: bool = Field(description="The logged-in advisor speaks the user's language.")
    share_transcript: bool
    last_seq: int = Field(description="The seq of its latest event: fetch what is newer with `?after=`.")


class Inbox(BaseModel):
    waiting: list[HandoffSummary] = Field(description="Queued: those in a language you speak first, then the oldest.")
    mine: list[HandoffSummary] = Field(description="Claimed by you.")
    others: list[HandoffSummary] = Field(description="Claimed by someone else of the provider.")


class EventOut(BaseModel):
    seq: int
    kind: str = Field(description="`message`, `transcript`, `joined`, `left`, `timeout`, `closed`.")
    sender: str = Field(description="`user`, `advisor`, `system` or `bot` (in the transcript).")
    text: str = Field(description="What was written (for system events: what the user was shown).")
    label: str | None = Field(description="For system events: what happened, in the staff page's language.")
    transcript: bool
    created_at: datetime


class HandoffDetail(HandoffSummary):
    events: list[EventOut] = Field(description="The events after `after`, in order (the transcript if shared).")


class ReplyIn(BaseModel):
    """Either the advisor's own text or the key of a canned answer (sent in the user's language)."""

    text: str | None = Field(None, min_length=1, max_length=MAX_TEXT)
    canned: str | None = Field(None, max_length=40, description="A key of `GET .../canned`.")

    @model_validator(mode="after")
    def _exactly_one(self) -> ReplyIn:
        if (self.text is None) == (self.canned is None):
            raise ValueError("send either text or canned")
        return self


class ReplyOut(BaseModel):
    seq: int
    text: str = Field(description="What the user was sent.")


class CannedAnswer(BaseModel):
    key: str
    text: str = Field(description="In the user's language: what is sent.")
    label: str = Field(description="The same in the staff page's language.")


class CannedAnswers(BaseModel):
    language: str
    rtl: bool
    answers: list[CannedAnswer]
