"""Request and response bodies of the booking endpoints (the bot's booking form uses them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from locales.topics import MEETING_TOPICS as MEETING_TOPIC_IDS

from ..edge import BoundedDateTime, RowId
from .models import MODES, STATUSES

#: What a user can book a meeting about: the programme's topics, or something else.
MEETING_TOPICS: tuple[str, ...] = MEETING_TOPIC_IDS

Mode = Literal[MODES]  # type: ignore[valid-type]
Jobseeker = Literal["yes", "no", "unknown"]
Coverage = Literal["full", "partial", "none"]
Status = Literal[STATUSES]  # type: ignore[valid-type]
MeetingTopic = Literal[MEETING_TOPICS]  # type: ignore[valid-type]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
ContactText = Annotated[
    str,
    Field(
        min_length=3,
        max_length=254,
        description="A phone number (Finnish, or international with +) or an e-mail address.",
    ),
]
Reference = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 -]{4,12}$")]


class SlotOut(BaseModel):
    id: int
    starts_at: datetime = Field(description="UTC.")
    ends_at: datetime = Field(description="UTC.")
    starts_at_local: datetime = Field(description="The same time in Europe/Helsinki.")
    duration_minutes: int
    mode: Mode
    place: str | None = Field(description="Where to meet in person; null for phone and video.")
    provider: str
    advisor_name: str
    advisor_languages: list[str]
    interpreter_needed: bool = Field(
        description="The advisor does not speak the asked language: an interpreter is booked."
    )


class SlotList(BaseModel):
    slots: list[SlotOut]
    provider: str | None = Field(
        description="Whose times these are: the provider asked for, or the one that serves the "
        "municipality asked for (CONTRACT.md §4); null for a place Opas does not cover."
    )
    municipality: str | None = Field(description="The municipality asked for, if one was.")
    coverage: Coverage | None = Field(
        description="The municipality's coverage (`none`: not covered, no times); null when a "
        "provider was asked for."
    )


class BookingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    idempotency_key: str = Field(
        min_length=8,
        max_length=100,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Unique per booking the user confirmed (e.g. a UUID); a retry sends it again.",
    )
    slot_id: RowId
    topic: MeetingTopic = Field(description="The subject of the meeting (`meeting_topic`).")
    language: str = Field(max_length=35, description="The user's language (a supported code).")
    interpreter_needed: bool = Field(False, description="Set anyway when the advisor does not speak `language`.")
    interpreter_language: LanguageCode | None = Field(
        None, description="ISO 639 code; defaults to `language` when an interpreter is needed."
    )
    mode: Mode | None = Field(None, description="If given, must be the slot's mode.")
    contact: ContactText
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    privacy_accepted_at: BoundedDateTime = Field(
        description="When the user accepted the privacy notice (UTC if no offset is given)."
    )


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact: ContactText


class RescheduleIn(ContactIn):
    slot_id: RowId = Field(description="The new time; must be of the same provider.")


class AppointmentOut(BaseModel):
    reference: str = Field(description="Six characters, no 0/O/1/I; what the user quotes.")
    status: Status
    slot: SlotOut
    topic: MeetingTopic
    language: str
    interpreter_needed: bool
    interpreter_language: str | None
    mode: Mode
    contact_kind: Literal["phone", "email"]
    contact_masked: str | None = Field(description="Enough to recognise it; null once purged.")
    name: str | None
    cancel_url: str | None = Field(
        None,
        description="The user's cancel link; only in the answers to booking and rescheduling "
        "(the token is stored hashed; a repeated request issues new links, the old stop working).",
    )
    calendar_url: str | None = Field(None, description="The .ics file; same rule as `cancel_url`.")
