"""Search endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from ..deps import LanguageDep, ServiceAuth, SessionDep
from .schemas import SearchResults

router = APIRouter(prefix="/v1", tags=["search"], dependencies=[ServiceAuth])


@router.get("/search", response_model=SearchResults)
def search(
    request: Request,
    session: SessionDep,
    language: LanguageDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="What the user wrote.")],
    limit: Annotated[int, Query(ge=1, le=10)] = 3,
) -> SearchResults:
    """Topics whose content best matches a text, best first, with BM25 scores."""
    hits = request.app.state.search.search(session, q, language, limit)
    return SearchResults(results=hits)
