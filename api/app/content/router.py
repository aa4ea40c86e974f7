"""Content endpoints: topics and sources (answers: ``api/app/answers``)."""

from __future__ import annotations

from fastapi import APIRouter

from ..deps import LanguageDep, ServiceAuth, SessionDep
from . import service
from .responses import SourceOut, TopicOut

router = APIRouter(prefix="/v1", tags=["content"], dependencies=[ServiceAuth])


@router.get("/topics", response_model=list[TopicOut])
def list_topics(session: SessionDep, language: LanguageDep) -> list[TopicOut]:
    """Every topic, with its title in the asked language."""
    return service.list_topics(session, language)


@router.get("/sources", response_model=list[SourceOut])
def list_sources(session: SessionDep) -> list[SourceOut]:
    """The registry of the documents the answers are based on."""
    return service.list_sources(session)
