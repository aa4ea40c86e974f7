"""Per-language phrase lists (`bot/lexicon/<lang>.yml`, read by `locales.lexicon`) matched on
normalised text.

A phrase matches when it occurs at a word start of the normalised message, so "työnhakija" also
finds "työnhakijana" (Finnish inflects) while "ei" does not match inside "eilen".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List

from locales.lexicon import read_lexicons
from placenames.normalize import normalize
from placenames.phrases import PhraseSet


@dataclass
class Lexicon:
    """One language's lexicon."""

    language: str
    jobseeker_yes: PhraseSet
    jobseeker_no: PhraseSet
    language_names: dict[str, PhraseSet]
    language_request: PhraseSet
    #: Words of asking about learning a language ("can I study Finnish?"): then a language named
    #: is the subject of the question, not a request to switch.
    language_learning: PhraseSet
    #: Official programme terms of this language that users borrow into other languages
    #: ("kotoutumiskoulutus" in an English question): no evidence of this language.
    programme_terms: PhraseSet
    short_words: set[str]


def _load(language: str, raw: dict[str, Any]) -> Lexicon:
    return Lexicon(
        language=raw.get("language", language),
        jobseeker_yes=PhraseSet(raw.get("jobseeker_yes") or []),
        jobseeker_no=PhraseSet(raw.get("jobseeker_no") or []),
        language_names={code: PhraseSet(names or []) for code, names in (raw.get("language_names") or {}).items()},
        language_request=PhraseSet(raw.get("language_request") or []),
        language_learning=PhraseSet(raw.get("language_learning") or []),
        programme_terms=PhraseSet(raw.get("programme_terms") or []),
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
    message is worded as a request ("answer in", "svara på").

    A question about learning a language ("can I study Finnish?", "где учить шведский?",
    "haluan oppia puhumaan suomea") names no language to switch to: the request words ("puhu",
    "speak") occur in such questions too, so learning words decide. The language menu and the
    widget's picker still switch.
    """
    named: list[tuple[tuple[int, int], str]] = []
    is_request = False
    for lexicon in lexicons().values():
        for code, names in lexicon.language_names.items():
            named += [(span, code) for span in names.spans(normalised_text)]
        is_request = is_request or lexicon.language_request.search(normalised_text)
    if named and asks_about_learning(normalised_text):
        return None, None, False
    if not named:
        return None, None, bool(is_request)
    # The first language named is the one asked for: "answer in Russian, my English is weak".
    span, code = min(named, key=lambda item: (item[0][0], -item[0][1]))
    return code, span, bool(is_request)


def asks_about_learning(normalised_text: str) -> bool:
    """Whether the message asks about studying or learning a language, in any language."""
    return any(lexicon.language_learning.search(normalised_text) for lexicon in lexicons().values())


def programme_term_spans(normalised_text: str) -> list[tuple[int, int]]:
    """Where the message borrows official programme terms (of any language), in text order."""
    return sorted(span for lexicon in lexicons().values() for span in lexicon.programme_terms.spans(normalised_text))


def entity_at(name: str, value: str, text: str, origin: List[int], start: int, end: int) -> Dict[str, Any]:
    """An entity whose span [start, end) in the normalised text is mapped back to `text`."""
    first, last = origin[start], origin[end - 1] + 1
    return {"entity": name, "value": value, "start": first, "end": last, "text": text[first:last],
            "confidence_entity": 1.0}
