"""The chat gateway's request and response bodies (the web widget's side of CONTRACT.md §1)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_PAYLOAD_BYTES = 64  # CONTRACT.md §6
# The button payload grammar of CONTRACT.md §6: `/intent` with an optional JSON object of ids.
_PAYLOAD = re.compile(r"^/[A-Za-z][A-Za-z0-9_]*(\{.*\})?$", re.DOTALL)
_MUNICIPALITY_ID = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


class SessionCreate(BaseModel):
    """Everything is optional: an empty body (or none) starts a session too."""

    model_config = ConfigDict(extra="ignore")

    language: str | None = Field(
        None,
        max_length=35,
        description="The language the widget shows; else negotiated from Accept-Language.",
    )
    municipality: str | None = Field(
        None,
        description="Id of the municipality whose website embeds the widget (data-municipality).",
    )

    @field_validator("municipality")
    @classmethod
    def _municipality_id(cls, value: str | None) -> str | None:
        if value is not None and not _MUNICIPALITY_ID.fullmatch(value):
            raise ValueError("must be a municipality id such as 'porvoo'")
        return value


class ChatSession(BaseModel):
    session_id: str = Field(description="Unguessable id; send it with every message.")
    language: str = Field(description="The negotiated interface language (ISO 639-1).")
    municipality: str | None = Field(None, description="The embedding site's municipality.")
    expires_at: datetime = Field(description="When the gateway stops accepting the id.")


class MessageIn(BaseModel):
    """Either what the user typed (``text``) or a pressed button's ``payload``."""

    model_config = ConfigDict(extra="ignore")

    # Longer texts are refused by the gateway with a localized 413 (its limit is a setting); this
    # bound only keeps absurd bodies out of validation.
    text: str | None = Field(None, max_length=100_000, description="What the user typed.")
    payload: str | None = Field(
        None, description='A button payload, e.g. `/inform{"municipality":"askola"}`.'
    )
    language: str | None = Field(
        None,
        max_length=35,
        description="Only when the user has just picked a language: forwarded to the bot as "
        "`metadata.language`, which sets the conversation language (CONTRACT.md §5).",
    )

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be blank")
        return value.strip() if value is not None else None

    @field_validator("payload")
    @classmethod
    def _payload_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value.encode("utf-8")) > MAX_PAYLOAD_BYTES or not _PAYLOAD.fullmatch(value):
            raise ValueError(f"must be a button payload: /intent{{...}}, at most {MAX_PAYLOAD_BYTES} bytes")
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> MessageIn:
        if (self.text is None) == (self.payload is None):
            raise ValueError("send either text or payload")
        return self

    @property
    def message(self) -> str:
        """What the bot receives as the user's message."""
        return self.payload if self.payload is not None else (self.text or "")


class ReplyButton(BaseModel):
    title: str
    payload: str


class ReplyMessage(BaseModel):
    """One chat bubble: plain text (blank lines already split into bubbles) and its buttons."""

    text: str = ""
    buttons: list[ReplyButton] = Field(default_factory=list)


class Source(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    title: str | None = None
    url: str | None = None


class OpasInfo(BaseModel):
    """The turn's ``custom.opas`` object (CONTRACT.md §2), passed through as the bot sent it."""

    model_config = ConfigDict(extra="allow")

    kind: str | None = None
    topic: str | None = None
    language: str | None = None
    municipality: str | None = None
    provider: str | None = None
    sources: list[Source] = Field(default_factory=list)
    fallback_language: str | None = None


class HandoffInfo(BaseModel):
    """The live handoff a turn belongs to (turns of kind ``handoff``)."""

    id: int
    status: str = Field(description="`queued`, `claimed` or `closed`.")
    position: int = Field(0, description="Place in the queue (1 = next); 0 once not queued.")
    estimate_seconds: int | None = Field(
        None, description="About how long the wait is; null when there is no honest estimate."
    )


class Turn(BaseModel):
    """The bot's reply to one message, regrouped for the widget; during a live handoff, the
    gateway's own turn (``opas.kind == "handoff"``) or an event of the handoff's stream."""

    messages: list[ReplyMessage]
    opas: OpasInfo | None = Field(
        None, description="What the bot did (CONTRACT.md §2); null if the bot sent none."
    )
    handoff: HandoffInfo | None = Field(
        None,
        description="Set while the conversation is with (or waiting for) a human advisor: open "
        "`GET /v1/chat/sessions/{session_id}/events` to receive the advisor's messages.",
    )


class ErrorDetail(BaseModel):
    code: str
    message: str = Field(description="In the conversation's language for the chat errors.")


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route answers with."""
    return {status: {"model": ErrorBody} for status in statuses}
