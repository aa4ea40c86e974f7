"""Entity extractor for `municipality` (spaCy PhraseMatcher) and `jobseeker` (lexicons).

It is the only owner of both entities: the intent classifier extracts none. Places are matched on
normalised text (see `placenames.normalize`), so "LAPINJARVELLA", "Лапін'ярві" and "بسيونتيو" are
found as well as "Lapinjärvellä". Every form comes from `data/municipalities.yml` through
`placenames`, the same table the API's resolver uses; uncovered municipalities are extracted too
(with their own ids), so the dialogue can say honestly that Opas does not cover them.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import spacy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message
from spacy.matcher import PhraseMatcher

from placenames.gazetteer import Gazetteer, default_gazetteer
from placenames.normalize import normalize_with_offsets

from .annotator import MessageAnnotator
from .lexicon import entity_at, jobseeker_status


class PlaceMatcher:
    """A spaCy PhraseMatcher over every surface form of every municipality."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.nlp = spacy.blank("xx")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        by_id: Dict[str, List[str]] = {}
        # Guarded forms (names that are also ordinary words) are matched too, then kept only
        # when the user wrote them as a name (see Gazetteer.written_as_name).
        for form, municipality_id in gazetteer.surface_forms(include_guarded=True).items():
            by_id.setdefault(municipality_id, []).append(form)
        for municipality_id, forms in by_id.items():
            self.matcher.add(municipality_id, [self.nlp.make_doc(form) for form in forms])

    def find(self, text: str) -> List[Dict[str, Any]]:
        """Longest non-overlapping matches as Rasa entities, with offsets into `text`."""
        normalised, origin = normalize_with_offsets(text)
        doc = self.nlp.make_doc(normalised)
        spans = [
            span for span in self.matcher(doc, as_spans=True)
            if self.gazetteer.written_as_name(span.text, self._original(text, origin, span))
        ]
        entities = []
        for span in sorted(spacy.util.filter_spans(spans), key=lambda s: s.start_char):
            start = origin[span.start_char]
            end = origin[span.end_char - 1] + 1
            entities.append({
                "entity": "municipality",
                "value": span.label_,
                "start": start,
                "end": end,
                "text": text[start:end],
                "confidence_entity": 1.0,
            })
        return entities

    @staticmethod
    def _original(text: str, origin: List[int], span) -> str:
        return text[origin[span.start_char]:origin[span.end_char - 1] + 1]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class MunicipalityExtractor(MessageAnnotator, EntityExtractorMixin):
    """Adds `municipality` and `jobseeker` entities to each message."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self.places = PlaceMatcher(default_gazetteer())  # the one the actions use too

    def annotate(self, message: Message, text: str) -> None:
        found = self.extract(text)
        if found:
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)

    def extract(self, text: str) -> List[Dict[str, Any]]:
        """The entities of one text, with this component's name as their extractor."""
        entities = self.places.find(text)
        normalised, origin = normalize_with_offsets(text)
        status = jobseeker_status(normalised)
        if status:
            value, (start, end) = status
            entities.append(entity_at("jobseeker", value, text, origin, start, end))
        for entity in entities:
            entity["extractor"] = self.__class__.__name__
        return entities
