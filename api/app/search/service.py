"""BM25 search over the statements and topic titles and keywords, one index per language.

Tokens are normalised like place names (``placenames.normalize``: case-folded, no diacritics,
Arabic-script variants unified), so that a query typed without ä/ö or with Arabic letters in
Persian still matches, then stemmed with Snowball (PyStemmer) where it has the language.
Indexes are built on first use and rebuilt when the content's revision changes.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import bm25s
import Stemmer
from sqlalchemy import select
from sqlalchemy.orm import Session

from placenames.normalize import normalize

from ..content import models
from ..content.service import get_revision
from ..languages import CONTENT_FALLBACKS
from .schemas import SearchHit

SNOWBALL = {
    "fi": "finnish",
    "sv": "swedish",
    "en": "english",
    "ru": "russian",
    "ar": "arabic",
    "fa": "persian",
}
_WORD = re.compile(r"\w+")
# "and the ..." / "so the ...": Snowball's Arabic stemmer leaves و and ف before the article.
_ARABIC_CONJUNCTION = re.compile(r"^[وف](?=ال..)")


@functools.cache
def _stemmer(language: str) -> Callable[[str], str] | None:
    algorithm = SNOWBALL.get(language)
    if algorithm is None or algorithm not in Stemmer.algorithms():
        return None
    return Stemmer.Stemmer(algorithm).stemWord


def tokenize(text: str, language: str) -> list[str]:
    """The index terms of ``text`` in ``language``.

    Normalised before stemming: Finnish stems then agree whether or not ä/ö were typed.
    """
    words = _WORD.findall(normalize(text))
    if language == "ar":
        words = [_ARABIC_CONJUNCTION.sub("", w) for w in words]
    stem = _stemmer(language)
    return [t for t in (stem(w) if stem else w for w in words) if t]


@dataclass
class LanguageIndex:
    retriever: bm25s.BM25 | None
    topics: list[str]  # the topic of each document

    @classmethod
    def build(cls, documents: list[tuple[str, str]], language: str) -> LanguageIndex:
        corpus, topics = [], []
        for topic, text in documents:
            tokens = tokenize(text, language)
            if tokens:
                corpus.append(tokens)
                topics.append(topic)
        if not corpus:
            return cls(None, [])
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        return cls(retriever, topics)

    def topic_scores(self, query: str, language: str) -> dict[str, float]:
        if self.retriever is None:
            return {}
        ids = self.retriever.get_tokens_ids(tokenize(query, language))
        if not ids:
            return {}
        best: dict[str, float] = {}
        for topic, score in zip(self.topics, self.retriever.get_scores_from_ids(ids), strict=True):
            if score > best.get(topic, 0.0):
                best[topic] = float(score)
        return best


def _documents(session: Session, language: str) -> list[tuple[str, str]]:
    documents = []
    for topic in session.scalars(select(models.Topic)):
        for title in topic.titles:
            if title.language == language:
                documents.append((topic.id, " ".join([title.title, *title.keywords])))
    rows = session.execute(
        select(models.Statement.topic_id, models.StatementTranslation.text)
        .join(models.StatementTranslation)
        .where(
            models.StatementTranslation.language == language,
            models.StatementTranslation.status != "missing",
        )
    )
    documents += [(topic_id, text) for topic_id, text in rows if text]
    return documents


class SearchService:
    """Indexes of one database, cached until its content revision changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._indexes: dict[str, LanguageIndex] = {}

    def _index(self, session: Session, language: str) -> LanguageIndex:
        revision = get_revision(session)
        with self._lock:
            if revision != self._revision:
                self._indexes, self._revision = {}, revision
            index = self._indexes.get(language)
            if index is None:
                index = LanguageIndex.build(_documents(session, language), language)
                self._indexes[language] = index
            return index

    def search(self, session: Session, query: str, language: str, limit: int) -> list[SearchHit]:
        """Topics ranked by their best-matching text; only topics that match at all."""
        scores = self._index(session, language).topic_scores(query, language)
        if not scores:
            return []
        topics = {
            t.id: t
            for t in session.scalars(select(models.Topic).where(models.Topic.id.in_(scores)))
        }
        ranked = sorted(
            (t for t in scores if t in topics), key=lambda t: (-scores[t], topics[t].position)
        )
        return [
            SearchHit(
                topic=t,
                title=topics[t].title(language, CONTENT_FALLBACKS),
                score=round(scores[t], 4),
            )
            for t in ranked[:limit]
        ]
