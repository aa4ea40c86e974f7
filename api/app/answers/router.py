"""Answer endpoints: the answer to one message of a conversation, and a whole topic."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..deps import LanguageDep, ServiceAuth
from ..languages import check_language
from . import service
from .index import ContentIndex
from .schemas import AnswerOut, AnswerRequest

router = APIRouter(prefix="/v1", tags=["answers"], dependencies=[ServiceAuth])


async def content_index(request: Request) -> ContentIndex:
    """The published content as of its current revision (rebuilt when a change is published).

    Async, so that an answer runs on the event loop without a thread hop; the database is read
    (in a thread) only when the revision is due to be checked again.
    """
    cache = request.app.state.answers
    return cache.fresh() or await asyncio.to_thread(cache.current, request.app.state.session_factory)


IndexDep = Annotated[ContentIndex, Depends(content_index)]


@router.post("/answer", response_model=AnswerOut)
async def answer_message(index: IndexDep, body: AnswerRequest, request: Request, response: Response) -> AnswerOut:
    """The answer to one message: the statements that answer it, or what is needed first."""
    body = body.model_copy(update={"language": check_language(body.language)})
    started = time.perf_counter()
    answer = service.answer(index, body)
    # The selection's own cost, for `make bench` and browsers' developer tools (no message text).
    response.headers["Server-Timing"] = f"select;dur={1000 * (time.perf_counter() - started):.2f}"
    # Counted in memory for the coordinators' analytics (api/app/analytics): microseconds.
    request.app.state.analytics.record_answer(body, answer)
    return answer


@router.get("/answers/{topic}", response_model=AnswerOut)
def topic_answer(
    index: IndexDep,
    topic: Annotated[str, Path(max_length=60)],
    language: LanguageDep,
    municipality: Annotated[str | None, Query(max_length=60)] = None,
    jobseeker: Literal["yes", "no", "unknown"] = "unknown",
) -> AnswerOut:
    """Every statement of a topic for a user's municipality and jobseeker status, with sources."""
    return service.topic_answer(index, topic, language, municipality or None, jobseeker)
