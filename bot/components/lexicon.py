"""Per-language phrase lists (`bot/lexicon/<lang>.yml`, read by `locales.lexicon`) matched on
normalised text.

A phrase matches when it occurs at a word start of the normalised message, so "työnhakija" also
finds "työnhakijana" (Finnish inflects) while "ei" does not match inside "eilen".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List

from locales.lexicon import read_lexicons
from placenames.normalize import normalize


@dataclass
class PhraseSet:
    """Normalised phrases compiled into one regular expression anchored at word starts."""

    phrases: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        cleaned = sorted({normalize(p) for p in self.phrases if p and normalize(p)}, key=len, reverse=True)
        self.phrases = cleaned
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cleaned)) + ")") if cleaned else None

    def search(self, normalised_text: str) -> bool:
        return bool(self._regex and self._regex.search(normalised_text))

    def spans(self, normalised_text: str) -> list[tuple[int, int]]:
        """(start, end) of every match in the normalised text, in text order."""
        return [m.span() for m in self._regex.finditer(normalised_text)] if self._regex else []


@dataclass
class Lexicon:
    """One language's lexicon."""

    language: str
    jobseeker_yes: PhraseSet
    jobseeker_no: PhraseSet
    language_names: dict[str, PhraseSet]
    language_request: PhraseSet
    short_words: set[str]


def _load(language: str, raw: dict[str, Any]) -> Lexicon:
    return Lexicon(
        language=raw.get("language", language),
        jobseeker_yes=PhraseSet(raw.get("jobseeker_yes") or []),
        jobseeker_no=PhraseSet(raw.get("jobseeker_no") or []),
        language_names={code: PhraseSet(names or []) for code, names in (raw.get("language_names") or {}).items()},
        language_request=PhraseSet(raw.get("language_request") or []),
        short_words={normalize(w) for w in raw.get("short_words") or [] if normalize(w)},
    )


@lru_cache(maxsize=1)
def lexicons() -> dict[str, Lexicon]:
    """All lexicons by language code, loaded once per process."""
    return {language: _load(language, raw) for language, raw in read_lexicons().items()}


def jobseeker_status(normalised_text: str) -> tuple[str, tuple[int, int]] | None:
    """('yes' | 'no', span in the normalised text), or None.

    A negation ("I'm not looking for work") wins over the positive phrase it contains.
    """
    for answer, attribute in (("no", "jobseeker_no"), ("yes", "jobseeker_yes")):
        spans = [span for lexicon in lexicons().values()
                 for span in getattr(lexicon, attribute).spans(normalised_text)]
        if spans:
            return answer, min(spans)
    return None


def requested_language(normalised_text: str) -> tuple[str | None, tuple[int, int] | None, bool]:
    """The language a message names first ("svara på finska" → fi), where, and whether the
    message is worded as a request ("answer in", "svara på")."""
    named: list[tuple[tuple[int, int], str]] = []
    is_request = False
    for lexicon in lexicons().values():
        for code, names in lexicon.language_names.items():
            named += [(span, code) for span in names.spans(normalised_text)]
        is_request = is_request or lexicon.language_request.search(normalised_text)
    if not named:
        return None, None, bool(is_request)
    # The first language named is the one asked for: "answer in Russian, my English is weak".
    span, code = min(named, key=lambda item: (item[0][0], -item[0][1]))
    return code, span, bool(is_request)


def entity_at(name: str, value: str, text: str, origin: List[int], start: int, end: int) -> Dict[str, Any]:
    """An entity whose span [start, end) in the normalised text is mapped back to `text`."""
    first, last = origin[start], origin[end - 1] + 1
    return {"entity": name, "value": value, "start": first, "end": last, "text": text[first:last],
            "confidence_entity": 1.0}
