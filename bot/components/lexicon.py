"""Per-language phrase lists (`bot/lexicon/<lang>.yml`) matched on normalised text.

A phrase matches when it occurs at a word start of the normalised message, so "työnhakija" also
finds "työnhakijana" (Finnish inflects) while "ei" does not match inside "eilen".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from .paths import LEXICON_DIR
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

    def find(self, normalised_text: str) -> list[str]:
        return self._regex.findall(normalised_text) if self._regex else []


@dataclass
class Lexicon:
    """One language's lexicon."""

    language: str
    jobseeker_yes: PhraseSet
    jobseeker_no: PhraseSet
    language_names: dict[str, PhraseSet]
    language_request: PhraseSet
    short_words: set[str]


def _load(path) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Lexicon(
        language=raw.get("language", path.stem),
        jobseeker_yes=PhraseSet(raw.get("jobseeker_yes") or []),
        jobseeker_no=PhraseSet(raw.get("jobseeker_no") or []),
        language_names={code: PhraseSet(names or []) for code, names in (raw.get("language_names") or {}).items()},
        language_request=PhraseSet(raw.get("language_request") or []),
        short_words={normalize(w) for w in raw.get("short_words") or [] if normalize(w)},
    )


@lru_cache(maxsize=1)
def lexicons() -> dict[str, Lexicon]:
    """All lexicons by language code, loaded once per process."""
    return {path.stem: _load(path) for path in sorted(LEXICON_DIR.glob("*.yml"))}


def jobseeker_status(normalised_text: str) -> str | None:
    """'yes', 'no' or None: a negation ("I'm not looking for work") wins over the positive phrase."""
    found_yes = False
    for lexicon in lexicons().values():
        if lexicon.jobseeker_no.search(normalised_text):
            return "no"
        found_yes = found_yes or lexicon.jobseeker_yes.search(normalised_text)
    return "yes" if found_yes else None


def requested_language(normalised_text: str) -> tuple[str | None, bool]:
    """The language a message names ("på finska" → fi) and whether it is worded as a request."""
    named: str | None = None
    longest = 0
    is_request = False
    for lexicon in lexicons().values():
        for code, names in lexicon.language_names.items():
            for hit in names.find(normalised_text):
                if len(hit) > longest:
                    named, longest = code, len(hit)
        is_request = is_request or lexicon.language_request.search(normalised_text)
    return named, bool(is_request)
