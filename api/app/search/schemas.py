"""Response models of the search endpoint."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    topic: str
    title: str = Field(description="The topic's title in the asked language.")
    score: float = Field(description="BM25 score of the best-matching text of the topic.")


class SearchResults(BaseModel):
    results: list[SearchHit]
