"""Request and response of ``POST /v1/answer``: one conversation turn's answer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..content.responses import SourceRef

PlaceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,60}$")]
TopicName = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,60}$")]
StatementId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,120}$")]
Jobseeker = Literal["yes", "no", "unknown"]
Status = Literal[
    "answer", "needs_municipality", "out_of_coverage", "out_of_scope", "unclear", "no_answer"
]


class IntentScore(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: Annotated[str, StringConstraints(max_length=80)]
    confidence: float = Field(ge=0.0, le=1.0)


class Context(BaseModel):
    """What the conversation has established before this message."""

    model_config = ConfigDict(extra="forbid")

    topic: TopicName | None = Field(None, description="The topic of the last answer.")
    pending: TopicName | None = Field(
        None,
        description="What the bot asked the place for: a topic, or `first_steps`.",
    )
    shown: list[StatementId] = Field(
        default_factory=list, max_length=50, description="Statements shown in the last answer."
    )


class AnswerRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Annotated[str, StringConstraints(max_length=2000)] = Field(
        description="The user's message as typed (a button's payload: empty)."
    )
    language: Annotated[str, StringConstraints(max_length=35)] = Field(
        description="The conversation language."
    )
    intents: list[IntentScore] = Field(
        default_factory=list,
        max_length=30,
        description="The intent classifier's ranking, best first: a prior, not the decision.",
    )
    places: list[PlaceId] = Field(
        default_factory=list, max_length=10, description="Municipalities this message names, in order."
    )
    place_only: bool = Field(False, description="The message names a place and little else.")
    municipality: PlaceId | None = Field(
        None, description="The conversation's place so far (covered or not)."
    )
    jobseeker: Jobseeker = "unknown"
    jobseeker_named: bool = Field(False, description="This message told the jobseeker status.")
    context: Context = Field(default_factory=Context)
    more: TopicName | None = Field(
        None, description="Show the rest of this topic (the \"More about ...\" button)."
    )


class AnswerOut(BaseModel):
    status: Status = Field(
        description=(
            "answer: text and sources follow; needs_municipality: ask for the place first "
            "(`covered` lists the choices); out_of_coverage: the place is not covered; "
            "out_of_scope: the programme does not cover the subject (`subject`, and `text` where "
            "a statement says where such questions go); unclear: not sure what is asked "
            "(`suggestions` lists topics); no_answer: the content says nothing for this user."
        )
    )
    topic: str | None
    first_steps: bool = Field(False, description="The answer to \"I just moved here, what now?\".")
    language: str = Field(description="The language asked for.")
    statements: list[str] = Field(description="The ids of the statements shown, in order.")
    text: str | None = Field(
        description="The statements shown, joined by a blank line (one chat bubble each)."
    )
    text_language: str | None = Field(description="The language of `text`.")
    fallback_language: str | None = Field(
        description="Set when `text` is not in the asked language: the language used instead."
    )
    outdated: bool = Field(description="A newer version of the text exists in `source_language`.")
    source_language: str | None = Field(
        description="The language the texts are translated from; set when `outdated`."
    )
    not_stated: str | None = Field(
        description="A kind of question (`cost`, `duration`, ...) the documents do not answer."
    )
    more: bool = Field(description="Other statements of the topic apply to this user.")
    municipality: str | None = Field(description="The user's covered municipality, if known.")
    place: str | None = Field(description="The place the answer is about, covered or not.")
    coverage: Literal["full", "partial", "none"] | None
    provider: str | None = Field(
        description="Who provides the service, when the topic says so and the place is known."
    )
    sources: list[SourceRef] = Field(description="The sources of the statements shown.")
    covered: list[str] = Field(description="The covered municipalities (choices for the place).")
    subject: str | None = Field(description="The out-of-scope subject (`housing`, `health`, ...).")
    suggestions: list[str] = Field(description="Topics that may be what was meant.")
    pending: str | None = Field(description="What to answer once the place is known.")
    valid_from: dt.date | None = Field(description="The latest valid-from date of the statements.")
    revision: int = Field(description="The content revision the answer was chosen from.")
    updating: bool = Field(
        False,
        description=(
            "Statements that would answer are out of their validity (e.g. a programme period "
            "ended): `text` ends with a sentence saying the information is being updated."
        ),
    )
