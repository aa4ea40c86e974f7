"""Phrase lists matched on normalised text: the one phrase matcher of Opas.

A phrase matches where it starts at a word start of the normalised text, so a stem finds its
inflected forms ("työnhakija" finds "työnhakijana", "maks" finds "maksaa" and "maksuton") while
"ei" is not found inside "eilen". A phrase written with a final "$" must end a word too ("koe$"
finds "koe", not "koetaan"). Phrases and text are compared after `normalize` (case, diacritics,
Arabic-script letter variants), the same folding the place names get.

Used by the bot's lexicons (jobseeker status, language requests) and by the API's answer
selection (question kinds, out-of-scope subjects).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .normalize import normalize

__all__ = ["PhraseSet"]


class PhraseSet:
    """Normalised phrases compiled into one regular expression anchored at word starts."""

    def __init__(self, phrases: Iterable[str] = ()) -> None:
        patterns: dict[str, str] = {}
        for phrase in phrases:
            whole_word = isinstance(phrase, str) and phrase.endswith("$")
            folded = normalize(phrase[:-1] if whole_word else phrase or "")
            if folded:
                patterns[folded + ("$" if whole_word else "")] = re.escape(folded) + (
                    r"(?!\w)" if whole_word else ""
                )
        self.phrases: list[str] = sorted(patterns, key=len, reverse=True)
        alternatives = [patterns[p] for p in self.phrases]
        self._regex = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")") if alternatives else None
        )

    def __bool__(self) -> bool:
        return self._regex is not None

    def search(self, normalised_text: str) -> bool:
        """Whether a phrase occurs in an already normalised text."""
        return bool(self._regex and self._regex.search(normalised_text))

    def spans(self, normalised_text: str) -> list[tuple[int, int]]:
        """(start, end) of every match in the normalised text, in text order."""
        return [m.span() for m in self._regex.finditer(normalised_text)] if self._regex else []

    def __repr__(self) -> str:
        return f"PhraseSet({len(self.phrases)} phrases)"
