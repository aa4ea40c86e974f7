"""Rasa's NLG protocol (Rasa 3.6 ``CallbackNaturalLanguageGenerator``), and a compact form."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class NlgRequest(BaseModel):
    """Rasa sends ``{response, id, arguments, tracker, channel}``; the bot's own generator may
    send the compact ``{response, arguments, language}``. Unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")

    response: str = Field(
        min_length=1, max_length=200, validation_alias=AliasChoices("response", "template")
    )
    id: str | None = None
    arguments: dict[str, Any] | None = None
    tracker: dict[str, Any] | None = None
    channel: dict[str, Any] | None = None
    language: str | None = Field(None, max_length=35)


class Button(BaseModel):
    title: str
    payload: str


class NlgResponse(BaseModel):
    """What the renderer gives; further keys Rasa knows (image, custom, ...) pass through."""

    model_config = ConfigDict(extra="allow")

    text: str | None = None
    buttons: list[Button] | None = None
