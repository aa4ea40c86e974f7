"""Response models of the content endpoints (the data files' schema is in ``schemas.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class SourceRef(BaseModel):
    id: str
    title: str
    url: str | None


class SourceOut(SourceRef):
    publisher: str
    date: dt.date | None = Field(description="The document's own date, when it gives one.")
    language: str = Field(description="Language of the original document.")


class TopicOut(BaseModel):
    id: str
    title: str = Field(description="In the asked language (button title).")
    needs_municipality: bool
    states_provider: bool


class AnswerOut(BaseModel):
    status: Literal["answer", "needs_municipality", "out_of_coverage", "no_answer"] = Field(
        description=(
            "answer: text and sources follow; needs_municipality: ask for the place first; "
            "out_of_coverage: the place is not covered; no_answer: the content says nothing "
            "for this user (say so and offer an advisor)."
        )
    )
    topic: str
    language: str = Field(description="The language asked for.")
    text: str | None = Field(
        description="Statements joined by a blank line (a blank line starts a new chat bubble)."
    )
    text_language: str | None = Field(description="The language of `text`.")
    fallback_language: str | None = Field(
        description="Set when `text` is not in the asked language: the language used instead."
    )
    outdated: bool = Field(description="A newer version of the text exists in `source_language`.")
    source_language: str | None = Field(
        description="The language the texts are translated from; set when `outdated`."
    )
    municipality: str | None
    coverage: Literal["full", "partial", "none"] | None
    provider: str | None = Field(
        description="Who provides the service, when the topic says so and the place is known."
    )
    sources: list[SourceRef]
    valid_from: dt.date | None = Field(description="The latest valid-from date of the statements.")
