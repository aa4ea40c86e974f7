"""Response models of the content endpoints (the data files' schema is in ``schemas.py``)."""

from __future__ import annotations

import datetime as dt

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
