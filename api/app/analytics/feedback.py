"""``POST /v1/chat/sessions/{session_id}/feedback``: thumbs up or down on an answer in the widget.

Public like the rest of the chat gateway. The session id only shows that the rating comes from a
live chat (a forged or expired one is unknown: 404); it is not stored, and neither is anything
else of the session: the rating adds one to a count per week, language, municipality, topic and
the sources of the answer rated.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from locales.languages import SUPPORTED
from locales.topics import TOPICS
from locales.widget import chat_error

from ..chat.schemas import error_responses
from ..chat.service import ChatGateway
from ..errors import TooManyRequests, UnknownChatSession
from ..limits import SlidingWindowLimiter

# A person rates a handful of answers a minute at most; the limit keeps scripts from skewing counts.
RATINGS_PER_MINUTE_PER_SESSION = 10
RATINGS_PER_MINUTE_PER_ADDRESS = 120

SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,59}$")]
PlaceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,59}$")]

router = APIRouter(prefix="/v1/chat", tags=["chat"])


class FeedbackIn(BaseModel):
    """What the widget knows of the answer rated: its `custom.opas` (CONTRACT.md §2)."""

    model_config = ConfigDict(extra="forbid")

    rating: Literal["up", "down"]
    # Enumerated in the schema, so that a client (and a schema-driven test) knows every valid value.
    topic: Literal[TOPICS] = Field(description="The answer's topic (CONTRACT.md §3).")  # type: ignore[valid-type]
    language: Literal[SUPPORTED] = Field(description="The conversation language of the answer.")  # type: ignore[valid-type]
    municipality: PlaceId | None = Field(None, description="The answer's municipality, if any.")
    sources: list[SourceId] = Field(default_factory=list, max_length=10,
                                    description="The ids of the sources the answer showed.")


class FeedbackLimits:
    def __init__(self) -> None:
        self.per_session = SlidingWindowLimiter(RATINGS_PER_MINUTE_PER_SESSION)
        self.per_address = SlidingWindowLimiter(RATINGS_PER_MINUTE_PER_ADDRESS)

    def check(self, session_id: str, address: str, language: str) -> None:
        wait = max(self.per_session.retry_after(session_id), self.per_address.retry_after(address))
        if wait > 0:
            raise TooManyRequests(chat_error("too_many_requests", language),
                                  headers={"Retry-After": str(math.ceil(wait))})
        self.per_session.record(session_id)
        self.per_address.record(address)


@router.post(
    "/sessions/{session_id}/feedback",
    status_code=204,
    response_class=Response,
    responses=error_responses(404, 422, 429),
)
async def rate_answer(
    request: Request,
    session_id: Annotated[str, Path(max_length=200, description="From `POST /v1/chat/sessions`.")],
    feedback: FeedbackIn,
    accept_language: Annotated[str | None, Header(max_length=500)] = None,
) -> Response:
    """Counts a thumbs up or down on an answer; nothing of the session is kept."""
    gateway: ChatGateway = request.app.state.chat
    address = request.client.host if request.client else "unknown"
    language = gateway.error_language(session_id, accept_language)
    if not gateway.ids.is_valid(session_id):
        raise UnknownChatSession(chat_error("unknown_chat_session", language))
    request.app.state.feedback_limits.check(session_id, address, language)
    request.app.state.analytics.record_feedback(
        feedback.language, feedback.municipality, feedback.topic, feedback.sources, feedback.rating
    )
    return Response(status_code=204)
