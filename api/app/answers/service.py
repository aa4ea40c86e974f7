"""From a selection to the answer the bot shows: texts in the user's language, sources, provider."""

from __future__ import annotations

import datetime as dt

from locales import answer_texts
from locales.catalogs import translations
from locales.languages import DEFAULT

from ..content.responses import SourceRef
from ..content.schemas import SOURCE_LANGUAGE
from ..errors import UnknownMunicipality, UnknownTopic
from .index import ContentIndex, PlaceEntry, StatementEntry, content_languages, helsinki_today
from .schemas import AnswerOut, AnswerRequest
from .selection import Selection, select


def answer(index: ContentIndex, request: AnswerRequest, today: dt.date | None = None) -> AnswerOut:
    """The answer to one message of a conversation (``POST /v1/answer``) on ``today`` (Finland's)."""
    return render_selection(index, request, select(index, request), today)


def being_updated(language: str) -> str:
    """The sentence said instead of statements whose validity ended, in ``language``."""
    return translations(language).gettext(answer_texts.BEING_UPDATED)


def topic_answer(index: ContentIndex, topic: str, language: str, municipality: str | None,
                 jobseeker: str) -> AnswerOut:
    """Every statement of a topic for this user (``GET /v1/answers/{topic}``)."""
    if topic not in index.topics:
        raise UnknownTopic(f"Unknown topic {topic[:60]!r}.")
    if municipality and municipality not in index.places:
        raise UnknownMunicipality(f"Unknown municipality {municipality[:60]!r}.")
    request = AnswerRequest(question="", language=language, municipality=municipality,
                            jobseeker=jobseeker, more=topic)
    return answer(index, request)


def render_selection(index: ContentIndex, request: AnswerRequest, selection: Selection,
                     today: dt.date | None = None) -> AnswerOut:
    language = request.language
    place = selection.place
    covered = place is not None and place.covered
    today = today or helsinki_today()
    # A statement out of its validity (a programme period ended) is not shown: it is being updated.
    shown = [s for s in selection.statements if s.in_force(today)]
    updating = len(shown) < len(selection.statements)
    text_language, texts, outdated = _texts(shown, language)
    if updating:
        texts = [*texts, being_updated(language)]
        text_language = text_language if shown else language
    topic = index.topics.get(selection.topic) if selection.topic else None
    provider = None
    if shown and covered and (selection.first_steps or (topic is not None and topic.states_provider)):
        provider = place.provider(request.jobseeker)
    status = selection.status
    if status == "answer" and not texts:
        status = "no_answer"  # a coordinator removed every text in reach: say so honestly
    refer: list[StatementEntry] = []
    if status == "out_of_scope" and selection.subject:
        refer = _referral(index, selection.subject, selection.place, request.jobseeker, today)
        text_language, texts, outdated = _texts(refer, language)
    sources = _sources([*shown, *refer], language)
    return AnswerOut(
        status=status,
        topic=selection.topic,
        first_steps=selection.first_steps,
        language=language,
        statements=[s.id for s in (shown or refer)],
        text="\n\n".join(texts) or None,
        text_language=text_language if texts else None,
        fallback_language=text_language if texts and text_language != language else None,
        outdated=outdated,
        source_language=SOURCE_LANGUAGE if outdated else None,
        not_stated=selection.not_stated,
        more=selection.more,
        municipality=place.id if covered else None,
        place=place.id if place is not None else None,
        coverage=place.coverage if place is not None else None,
        provider=provider,
        sources=sources,
        covered=index.covered_ids() if status in ("needs_municipality", "out_of_coverage") else [],
        subject=selection.subject,
        suggestions=selection.suggestions,
        pending=selection.pending,
        valid_from=max((s.valid_from for s in shown), default=None),
        revision=index.revision,
        updating=updating,
    )


def _texts(statements: list[StatementEntry], language: str) -> tuple[str, list[str], bool]:
    """The statements' texts in the first language of reach that has them all (else the best
    one's), and whether any is outdated."""
    candidates = content_languages(language)
    for code in (*candidates, DEFAULT):
        found = [s.texts.get(code) for s in statements]
        if statements and all(found):
            return code, [t.text for t in found], any(t.outdated for t in found)
    found_any = [s.text_in(candidates) for s in statements]
    present = [item for item in found_any if item is not None]
    if not present:
        return language, [], False
    return present[0][0], [item[1].text for item in present], any(item[1].outdated for item in present)


def _referral(index: ContentIndex, subject_id: str, place: PlaceEntry | None,
              jobseeker: str, today: dt.date) -> list[StatementEntry]:
    """The first statement that says where questions on this subject go and applies to the user
    (in the place the selection resolved)."""
    subject = next((s for s in index.subjects if s.id == subject_id), None)
    if subject is None:
        return []
    municipality = place.id if place is not None and place.covered else None
    for statement_id in subject.refer_to:
        statement = index.statements.get(statement_id)
        if statement is not None and statement.matches(municipality, jobseeker) and statement.in_force(today):
            return [statement]
    return []


def _sources(statements: list[StatementEntry], language: str) -> list[SourceRef]:
    """The statements' sources, deduplicated, in the order the statements cite them, each titled
    in the answer's language where the title is translated."""
    seen: dict[str, SourceRef] = {}
    languages = content_languages(language)
    for statement in statements:
        for source in statement.sources:
            if source.id not in seen:
                seen[source.id] = source.ref(languages)
    return list(seen.values())
