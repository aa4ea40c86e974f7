"""BM25 over short texts of one language: the statements' texts and example questions.

Tokens are normalised like place names (``placenames.normalize``: case-folded, no diacritics,
Arabic-script variants unified), so that a question typed without ä/ö or with Arabic letters in
Persian still matches, then stemmed with Snowball (PyStemmer) where it has the language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Sequence

import bm25s
import Stemmer

from placenames.normalize import normalize

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
# Ukrainian has no Snowball stemmer: a light suffix cut keeps case forms of one word together.
_UKRAINIAN_ENDING = re.compile(
    r"(ами|ями|ого|ому|ими|ій|ої|ою|ею|ах|ях|ам|ям|ом|ем|ів|ей|ий|ий|а|я|у|ю|і|и|о|е|ь)$"
)


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
    if language == "uk":
        return [_UKRAINIAN_ENDING.sub("", w) if len(w) > 4 else w for w in words]
    stem = _stemmer(language)
    return [t for t in (stem(w) if stem else w for w in words) if t]


#: BM25's term saturation and length normalisation. Statements are a few sentences and example
#: questions a few words: a lower ``b`` than the usual 0.75 keeps a statement's own text, where
#: the rare words are, from losing to short questions that share only common ones.
BM25_K1 = 1.0
BM25_B = 0.3


class Retriever:
    """BM25 over documents that each belong to a key (a statement id, a topic id).

    ``scores`` gives every key its best document's score: a statement matches as well as its
    text or its best example question does.
    """

    def __init__(self, documents: Sequence[tuple[Hashable, str]], language: str) -> None:
        self.language = language
        corpus, keys = [], []
        for key, text in documents:
            tokens = tokenize(text, language)
            if tokens:
                corpus.append(tokens)
                keys.append(key)
        self.keys = keys
        self._bm25: bm25s.BM25 | None = None
        if corpus:
            self._bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
            self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str) -> dict[Hashable, float]:
        if self._bm25 is None:
            return {}
        ids = self._bm25.get_tokens_ids(tokenize(query, self.language))
        if not ids:
            return {}
        best: dict[Hashable, float] = {}
        for key, score in zip(self.keys, self._bm25.get_scores_from_ids(ids), strict=True):
            if score > best.get(key, 0.0):
                best[key] = float(score)
        return best
