"""Content endpoints: answers, topics and sources."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from ..deps import LanguageDep, RulesDep, ServiceAuth, SessionDep
from . import service
from .responses import AnswerOut, SourceOut, TopicOut

router = APIRouter(prefix="/v1", tags=["content"], dependencies=[ServiceAuth])


@router.get("/answers/{topic}", response_model=AnswerOut)
def get_answer(
    session: SessionDep,
    rules: RulesDep,
    topic: Annotated[str, Path(max_length=60)],
    language: LanguageDep,
    municipality: Annotated[str | None, Query(max_length=60)] = None,
    jobseeker: Literal["yes", "no", "unknown"] = "unknown",
) -> AnswerOut:
    """The answer on a topic for a user's municipality and jobseeker status, with its sources."""
    return service.compose_answer(
        session,
        topic_id=topic,
        language=language,
        municipality_id=municipality or None,
        jobseeker=jobseeker,
        rules=rules,
    )


@router.get("/topics", response_model=list[TopicOut])
def list_topics(session: SessionDep, language: LanguageDep) -> list[TopicOut]:
    """Every topic, with its title in the asked language."""
    return service.list_topics(session, language)


@router.get("/sources", response_model=list[SourceOut])
def list_sources(session: SessionDep) -> list[SourceOut]:
    """The registry of the documents the answers are based on."""
    return service.list_sources(session)
