"""Search endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from ..answers.router import IndexDep
from ..content import models
from ..deps import LanguageDep, ServiceAuth, SessionDep
from . import service
from .schemas import SearchResults

router = APIRouter(prefix="/v1", tags=["search"], dependencies=[ServiceAuth])


@router.get("/search", response_model=SearchResults)
def search(
    index: IndexDep,
    session: SessionDep,
    language: LanguageDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="What the user wrote.")],
    limit: Annotated[int, Query(ge=1, le=10)] = 3,
) -> SearchResults:
    """Topics whose content best matches a text, best first, with BM25 scores."""
    titles = {t.id: t for t in session.scalars(select(models.Topic))}
    return SearchResults(results=service.search(index, q, language, limit, titles))
