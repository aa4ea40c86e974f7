"""Search: the topics whose content best matches a text, from the answer index's retrieval.

The same BM25 per language (``api/app/answers/retrieval.py``) that chooses answers ranks the
topics here, by their best-matching statement, example question or keyword list; it is rebuilt
with the index whenever the content's revision changes.
"""

from __future__ import annotations

from locales.languages import CONTENT_FALLBACKS

from ..answers.index import ContentIndex
from ..answers.retrieval import tokenize
from ..content import models
from .schemas import SearchHit

__all__ = ["search", "tokenize"]


def search(index: ContentIndex, query: str, language: str, limit: int,
           titles: dict[str, models.Topic]) -> list[SearchHit]:
    """Topics ranked by their best-matching text; only topics that match at all."""
    best: dict[str, float] = {}
    for key, score in index.retriever(language).scores(query).items():
        topic = key[1] if isinstance(key, tuple) else index.statements[key].topic
        if score > best.get(topic, 0.0):
            best[topic] = score
    ranked = sorted((t for t in best if t in titles), key=lambda t: (-best[t], index.topics[t].position))
    return [
        SearchHit(topic=t, title=titles[t].title(language, CONTENT_FALLBACKS), score=round(best[t], 4))
        for t in ranked[:limit]
    ]
