"""NLU component that annotates each message with the language it is written in.

It only annotates (`language_detection` in the parse data, and a `requested_language` entity for
"answer in English"); the conversation language is a slot decided by the custom actions
(`actions/slots.py`), because NLU components never see the conversation.

Short messages are where statistical detectors err ("hey" → Somali, "سلام" → Arabic or Persian),
so the decision combines three signals on the text with place names removed:
1. letters that only one supported language uses (Persian پ چ ژ گ, Ukrainian і ї є ґ, Russian ы э ъ ё),
   which narrow the candidates by script;
2. the bot's own per-language vocabulary: words that occur in only one language's training data
   (`bot/data/nlu/<lang>/`) and each lexicon's `short_words`;
3. lingua, restricted to the supported languages and preloaded once per process.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

import yaml
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from locales.languages import SUPPORTED
from placenames.normalize import normalize, normalize_with_offsets

from .annotator import MessageAnnotator
from .lexicon import entity_at, lexicons, programme_term_spans, requested_language
from .paths import NLU_DIR

DETECTION = "language_detection"
WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
SCRIPTS = {
    "latin": re.compile(r"[a-zA-Z\u00c0-\u024f]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
}
# Letters that decide between languages sharing a script. A decisive letter settles it; a hint
# only adds weight (Persian keyboards type ی ک, Arabic ones ي ك, but people mix them).
DECISIVE_LETTERS = {"fa": "پچژگ", "uk": "іїєґІЇЄҐ", "ru": "ыэъёЫЭЪЁ"}
HINT_LETTERS = {"fa": "یک", "ar": "يكةىأإ"}


def _lingua_language(code: str) -> Optional[Language]:
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except (AttributeError, ValueError):
        return None  # a language lingua does not know is decided by vocabulary and script only


@lru_cache(maxsize=1)
def _detector():
    languages = [lang for lang in (_lingua_language(c) for c in SUPPORTED) if lang is not None]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


@lru_cache(maxsize=1)
def vocabulary() -> Dict[str, Dict[str, float]]:
    """word → {language: weight} for words typical of exactly one supported language."""
    seen: Dict[str, Counter] = {}
    for lang_dir in sorted(p for p in NLU_DIR.iterdir() if p.is_dir()):
        words: Counter = Counter()
        for path in sorted(lang_dir.glob("*.yml")):
            for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
                for line in str(block.get("examples", "")).splitlines():
                    words.update(WORD.findall(normalize(line.lstrip("- "))))
        seen[lang_dir.name] = words
    owners: Dict[str, Counter] = {}
    for lang, words in seen.items():
        for word, count in words.items():
            owners.setdefault(word, Counter())[lang] += count
    vocab = {w: {next(iter(c)): 1.0} for w, c in owners.items() if len(c) == 1 and len(w) > 1}
    for lang, lexicon in lexicons().items():
        for phrase in lexicon.short_words:
            # "iska warran" counts word by word; one-letter words ("i" of "i caawi") tell nothing.
            for word in (w for w in WORD.findall(phrase) if len(w) > 1):
                vocab.setdefault(word, {})[lang] = vocab.get(word, {}).get(lang, 0.0) + 2.0
    return vocab


def _candidates(text: str) -> List[str]:
    """The supported languages the text's script allows, narrowed by decisive letters."""
    for lang, letters in DECISIVE_LETTERS.items():
        if any(ch in letters for ch in text):
            return [lang]
    if SCRIPTS["arabic"].search(text):
        return [c for c in ("ar", "fa") if c in SUPPORTED]
    if SCRIPTS["cyrillic"].search(text):
        return [c for c in ("uk", "ru") if c in SUPPORTED]
    return [c for c in SUPPORTED if c not in ("ar", "fa", "uk", "ru")]


def detect(text: str) -> Dict[str, Any]:
    """{"language", "confidence", "words", "method"} for a text whose place names are removed."""
    words = WORD.findall(normalize(text))
    if not words:
        return {"language": None, "confidence": 0.0, "words": 0, "method": "none"}
    candidates = _candidates(text)
    if len(candidates) == 1:
        return {"language": candidates[0], "confidence": 1.0, "words": len(words), "method": "script"}
    scores = {c: 0.0 for c in candidates}
    vocab = vocabulary()
    for word in words:
        for lang, weight in vocab.get(word, {}).items():
            if lang in scores:
                scores[lang] += weight
    for lang, letters in HINT_LETTERS.items():
        if lang in scores:
            scores[lang] += 1.5 * sum(ch in letters for ch in text) / max(1, len(words))
    vocab_total = sum(scores.values())
    if len(words) <= 3 and vocab_total > 0:
        best = max(scores, key=scores.get)
        return {"language": best, "confidence": scores[best] / vocab_total, "words": len(words),
                "method": "vocabulary"}
    values = {}
    for cv in _detector().compute_language_confidence_values(text):
        code = cv.language.iso_code_639_1.name.lower()
        if code in scores:
            values[code] = cv.value
    total = sum(values.values()) or 1.0
    # lingua's probability weighs most; vocabulary and letters break near ties.
    combined = {c: 2.0 * values.get(c, 0.0) / total + 0.5 * scores[c] / (vocab_total or 1.0) for c in candidates}
    best = max(combined, key=combined.get)
    return {"language": best, "confidence": combined[best] / (sum(combined.values()) or 1.0),
            "words": len(words), "method": "lingua"}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class LanguageDetector(MessageAnnotator):
    """Sets `language_detection` on every message and extracts `requested_language`."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        _detector()  # preload lingua's models once, at start-up rather than on the first message
        vocabulary()
        return cls(config)

    def annotate(self, message: Message, text: str) -> None:
        entities = message.get(ENTITIES, [])
        normalised, origin = normalize_with_offsets(text)
        detection = detect(without_borrowed_words(text, entities, normalised, origin))
        code, span, detection["request"] = requested_language(normalised)
        message.set(DETECTION, detection, add_to_output=True)
        if code:
            found = entity_at("requested_language", code, text, origin, *span)
            found["extractor"] = self.__class__.__name__
            message.set(ENTITIES, [*entities, found], add_to_output=True)


# Markup, code and addresses: a line of HTML is no Swedish, a URL no English.
_NOT_LANGUAGE = re.compile(
    r"<[^<>]{0,200}>|&[a-z]{2,8};|`[^`]*`|\S+@\S+|(?:https?://|www\.)\S+|\S+\.(?:fi|com|org|net)\S*|\d+"
)


def without_borrowed_words(text: str, entities: List[Dict[str, Any]], normalised: Optional[str] = None,
                           origin: Optional[List[int]] = None) -> str:
    """The text without what tells nothing of its language: place names (the entities), official
    programme terms borrowed from Finnish or Swedish ("kotoutumiskoulutus" in an English question),
    markup, code, e-mail and web addresses, and numbers."""
    cuts = [(e["start"], e["end"]) for e in entities if "start" in e and e.get("entity") == "municipality"]
    if normalised is None or origin is None:
        normalised, origin = normalize_with_offsets(text)
    for start, end in programme_term_spans(normalised):
        while end < len(normalised) and (normalised[end].isalnum() or normalised[end] == "-"):
            end += 1  # the whole word: a term is listed by its stem ("kotoutumiskoulutu")
        cuts.append((origin[start], origin[end - 1] + 1))
    for start, end in sorted(cuts, reverse=True):
        text = text[:start] + " " + text[end:]
    return _NOT_LANGUAGE.sub(" ", text)
