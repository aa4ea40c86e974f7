"""The published content as the answer selection reads it: built once per content revision.

One snapshot of the database (statements with their conditions, kinds, texts and sources; topics;
municipalities and who serves them; question kinds; out-of-scope subjects), kept in memory and
rebuilt when the content's revision changes (read at most once a second, `IndexCache`): a turn
reads no table, and a coordinator's published edit is answered within a second, without a restart.
The statement tables hold published versions only (drafts live in ``statement_versions``), so a
draft never reaches the index. Validity is checked per answer (``in_force``), not per index: a
statement's last day ends without a change of revision.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from locales.languages import CONTENT_FALLBACKS, SUPPORTED
from locales.topics import FLOW_TOPICS as FLOW_TOPIC_IDS
from placenames.phrases import PhraseSet

from ..clock import helsinki_today
from ..content import models
from ..content.responses import SourceRef
from ..content.service import get_revision
from .retrieval import Retriever

#: Topics the answer selection never picks: their flows are the booking and handoff forms.
FLOW_TOPICS = FLOW_TOPIC_IDS


@dataclass(frozen=True)
class Text:
    text: str
    outdated: bool




@dataclass(frozen=True)
class SourceEntry:
    id: str
    title: str
    titles: dict[str, str]
    url: str | None

    def ref(self, languages: tuple[str, ...]) -> SourceRef:
        """The source with its title in the first of ``languages`` that has one, else the
        document's own title."""
        title = next((self.titles[code] for code in languages if self.titles.get(code)), self.title)
        return SourceRef(id=self.id, title=title, url=self.url)


@dataclass(frozen=True)
class StatementEntry:
    id: str
    topic: str
    position: int
    municipalities: frozenset[str] | None
    jobseeker: frozenset[str] | None
    municipality_known: bool | None
    valid_from: dt.date
    valid_until: dt.date | None
    answers: frozenset[str]
    sources: tuple[SourceEntry, ...]
    texts: dict[str, Text]
    questions: dict[str, tuple[str, ...]]

    def matches(self, municipality: str | None, jobseeker: str) -> bool:
        """Whether the statement applies to a user of this (covered) municipality and status."""
        if self.municipality_known is not None and self.municipality_known != (municipality is not None):
            return False
        if self.municipalities is not None and municipality not in self.municipalities:
            return False
        return self.jobseeker is None or jobseeker in self.jobseeker

    def in_force(self, today: dt.date) -> bool:
        """Whether the statement is valid on ``today`` (its validity ended: it is being updated)."""
        return self.valid_from <= today and (self.valid_until is None or today <= self.valid_until)

    def specificity(self, municipality: str | None, jobseeker: str) -> float:
        """How much more this statement is about this very user than a general one."""
        score = 0.0
        if municipality is not None and self.municipalities is not None and municipality in self.municipalities:
            score += 0.5 / len(self.municipalities) ** 0.5
        if jobseeker in ("yes", "no") and self.jobseeker == frozenset({jobseeker}):
            score += 0.3
        return score

    def text_in(self, languages: tuple[str, ...]) -> tuple[str, Text] | None:
        for code in languages:
            found = self.texts.get(code)
            if found is not None:
                return code, found
        return None


@dataclass(frozen=True)
class TopicEntry:
    id: str
    position: int
    needs_municipality: bool
    states_provider: bool
    keywords: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    coverage: str
    integration_provider: str | None
    jobseeker_provider: str | None

    @property
    def covered(self) -> bool:
        return self.coverage != "none"

    def provider(self, jobseeker: str) -> str | None:
        """Who serves this user (CONTRACT.md §4): jobseekers the employment authority, everyone
        else, and anyone whose status is not known, the municipal integration services."""
        if not self.covered:
            return None
        return self.jobseeker_provider if jobseeker == "yes" else self.integration_provider


@dataclass(frozen=True)
class Kind:
    id: str
    states_absence: bool
    cues: dict[str, PhraseSet]

    def asked(self, normalised_question: str, language: str) -> bool:
        """Whether the question shows this kind: its own language's cues (question words are
        the speaker's own, unlike the programme terms they borrow)."""
        cues = self.cues.get(language)
        return bool(cues and cues.search(normalised_question))


@dataclass(frozen=True)
class Subject:
    id: str
    refer_to: tuple[str, ...]
    cues: dict[str, PhraseSet]

    def named(self, normalised_question: str, language: str) -> bool:
        """Whether the question names this subject, in its language or in Finnish, Swedish or
        English (the official words newcomers borrow: "neuvola", "Kela", "Migri")."""
        return any(
            self.cues[code].search(normalised_question)
            for code in dict.fromkeys((language, "fi", "sv", "en"))
            if code in self.cues
        )


@dataclass
class ContentIndex:
    revision: int
    statements: dict[str, StatementEntry]
    topics: dict[str, TopicEntry]
    places: dict[str, PlaceEntry]
    kinds: list[Kind]
    subjects: list[Subject]
    #: Words that name the programme in any language: a message with one is about the programme.
    programme_terms: PhraseSet
    _retrievers: dict[str, Retriever] = field(default_factory=dict)
    _topics_by_kind: dict[str, frozenset[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def by_topic(self, topic: str, today: dt.date | None = None) -> list[StatementEntry]:
        """The topic's statements in force or past (a past one is "being updated"); one whose
        validity has not begun yet (next year's programme, published ahead) is not there yet."""
        today = today or helsinki_today()
        return [s for s in self.statements.values() if s.topic == topic and s.valid_from <= today]

    def topics_answering(self, kind: str) -> frozenset[str]:
        """The content topics with a statement that answers this kind of question."""
        found = self._topics_by_kind.get(kind)
        if found is None:
            found = frozenset(s.topic for s in self.statements.values()
                              if kind in s.answers and s.topic not in FLOW_TOPICS)
            self._topics_by_kind[kind] = found  # the index never changes: computed once per kind
        return found

    def covered_ids(self) -> list[str]:
        return [p.id for p in self.places.values() if p.covered]

    def retriever(self, language: str) -> Retriever:
        """BM25 over every statement's text and example questions in ``language``, and each
        topic's title keywords (keys: statement ids, and ``("topic", id)`` for the keywords)."""
        with self._lock:
            found = self._retrievers.get(language)
            if found is None:
                found = Retriever(self._documents(language), language)
                self._retrievers[language] = found
            return found

    def _documents(self, language: str) -> list[tuple[Hashable, str]]:
        documents: list[tuple[Hashable, str]] = []
        for statement in self.statements.values():
            text = statement.texts.get(language)
            if text is not None:
                documents.append((statement.id, text.text))
            documents += [(statement.id, question) for question in statement.questions.get(language, ())]
        for topic in self.topics.values():
            if topic.keywords.get(language):
                # The title (first) twice: it names the topic, a keyword only touches it.
                title, *keywords = topic.keywords[language]
                documents.append((("topic", topic.id), " ".join([title, title, *keywords])))
        return documents


def build_index(session: Session) -> ContentIndex:
    """Reads the content tables into a ContentIndex (a few milliseconds for today's content)."""
    revision = get_revision(session)
    sources = {
        row.id: SourceEntry(row.id, row.title, dict(row.titles or {}), row.url)
        for row in session.scalars(select(models.Source))
    }
    texts: dict[str, dict[str, Text]] = {}
    for row in session.scalars(select(models.StatementTranslation)):
        if row.usable and row.language in SUPPORTED:
            texts.setdefault(row.statement_id, {})[row.language] = Text(row.text, row.status == "outdated")
    cited: dict[str, list[tuple[int, str]]] = {}
    for row in session.scalars(select(models.StatementSource)):
        cited.setdefault(row.statement_id, []).append((row.position, row.source_id))
    topic_rows = {row.id: row for row in session.scalars(select(models.Topic))}
    topic_order = {topic_id: row.position for topic_id, row in topic_rows.items()}
    statements: dict[str, StatementEntry] = {}
    rows = session.scalars(select(models.Statement)).all()
    for row in sorted(rows, key=lambda r: (topic_order.get(r.topic_id, 99), r.position, r.id)):
        refs = tuple(sources[source_id] for _, source_id in sorted(cited.get(row.id, [])) if source_id in sources)
        statements[row.id] = StatementEntry(
            id=row.id,
            topic=row.topic_id,
            position=row.position,
            municipalities=frozenset(row.when_municipalities) if row.when_municipalities is not None else None,
            jobseeker=frozenset(row.when_jobseeker) if row.when_jobseeker is not None else None,
            municipality_known=row.when_municipality_known,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            answers=frozenset(row.answers or ()),
            sources=refs,
            texts=texts.get(row.id, {}),
            questions={code: tuple(items) for code, items in (row.questions or {}).items()},
        )
    topics = {
        row.id: TopicEntry(
            id=row.id,
            position=row.position,
            needs_municipality=row.needs_municipality,
            states_provider=row.states_provider,
            keywords={t.language: (t.title, *t.keywords) for t in row.titles},
        )
        for row in topic_rows.values()
    }
    places = {
        row.id: PlaceEntry(row.id, row.coverage, row.integration_provider_id, row.jobseeker_provider_id)
        for row in session.scalars(select(models.Municipality))
    }
    kinds_doc = _document(session, "question_kinds") or {"kinds": []}
    scope_doc = _document(session, "out_of_scope") or {"programme_terms": {}, "subjects": []}
    return ContentIndex(
        revision=revision,
        statements=statements,
        topics=topics,
        places=places,
        kinds=[
            Kind(k["id"], bool(k["states_absence"]), _cues(k["cues"])) for k in kinds_doc["kinds"]
        ],
        subjects=[
            Subject(s["id"], tuple(s.get("refer_to") or ()), _cues(s["cues"]))
            for s in scope_doc["subjects"]
        ],
        programme_terms=PhraseSet(
            term for terms in scope_doc["programme_terms"].values() for term in terms
        ),
    )


def _document(session: Session, key: str) -> dict | None:
    row = session.get(models.ContentMeta, key)
    return row.value if row is not None and isinstance(row.value, dict) else None


def _cues(cues: dict[str, list[str]]) -> dict[str, PhraseSet]:
    return {code: PhraseSet(phrases) for code, phrases in cues.items()}


def content_languages(language: str) -> tuple[str, ...]:
    """Where a statement's text is taken from for ``language``, in order (CONTRACT.md §5)."""
    return tuple(dict.fromkeys((language, *CONTENT_FALLBACKS)))


class IndexCache:
    """The index of one database, rebuilt when its content revision changes (one per app).

    The revision is read at most every ``check_seconds``: a turn usually reads no table at all,
    and a published change still shows within that time.
    """

    def __init__(self, check_seconds: float = 1.0) -> None:
        self.check_seconds = check_seconds
        self._lock = threading.Lock()
        self._index: ContentIndex | None = None
        self._checked_at = float("-inf")

    def get(self, session: Session) -> ContentIndex:
        """The index as of the database's revision now (for writers that just changed it)."""
        revision = get_revision(session)
        with self._lock:
            if self._index is None or self._index.revision != revision:
                self._index = build_index(session)
            self._checked_at = time.monotonic()
            return self._index

    def fresh(self) -> ContentIndex | None:
        """The index if its revision was checked within ``check_seconds``, else None."""
        index = self._index
        if index is not None and time.monotonic() - self._checked_at < self.check_seconds:
            return index
        return None

    def current(self, open_session: Callable[[], Session]) -> ContentIndex:
        """The index, its revision checked if the last check is older than ``check_seconds``."""
        index = self.fresh()
        if index is not None:
            return index
        with open_session() as session:
            return self.get(session)
