"""The bot's training data: every language has every intent, enough examples, no copied test set."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
NLU = REPO / "bot" / "data" / "nlu"
#: Evaluation sets: the project's own (always here) and the shared ones next to the checkout.
EVAL_SETS = (REPO / "eval" / "conversations.jsonl", REPO.parent / "shared" / "eval" / "dev.jsonl",
             REPO.parent / "shared" / "eval" / "conversations-dev.jsonl")
LANGUAGES = ["fi", "sv", "en", "uk", "ru", "ar", "so", "fa"]
MIN_EXAMPLES = 15


def domain_intents() -> set[str]:
    intents: set[str] = set()
    for path in (REPO / "bot" / "domain").glob("*.yml"):
        intents.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("intents", []) or [])
    return intents - {"nlu_fallback"}


def examples(lang: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((NLU / lang).glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            lines = [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]
            found.setdefault(block["intent"], []).extend(lines)
    return found


def normalised(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" ?!.")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_intent_with_enough_examples(lang):
    found = examples(lang)
    missing = sorted(domain_intents() - set(found))
    assert not missing, f"{lang} lacks intents {missing}"
    thin = {intent: len(lines) for intent, lines in found.items() if len(lines) < MIN_EXAMPLES}
    assert not thin, f"{lang} has too few examples: {thin}"
    unknown = sorted(set(found) - domain_intents())
    assert not unknown, f"{lang} has intents the domain does not declare: {unknown}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_example_is_given_to_two_intents(lang):
    owners: dict[str, set[str]] = {}
    for intent, lines in examples(lang).items():
        for line in lines:
            owners.setdefault(normalised(line), set()).add(intent)
    clashes = {text: intents for text, intents in owners.items() if len(intents) > 1}
    assert not clashes, f"{lang}: same example under several intents: {clashes}"


def test_no_training_example_copies_the_evaluation_sets():
    present = [path for path in EVAL_SETS if path.exists()]
    assert EVAL_SETS[0] in present  # the project's own set is always there
    evaluation = {normalised(turn["user"]) for path in present
                  for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip() for turn in json.loads(line)["turns"]}
    # Bare place names ("Lovisa") are fine to share; whole questions are not.
    evaluation = {text for text in evaluation if len(text.split()) > 2}
    copied = [(lang, line) for lang in LANGUAGES for lines in examples(lang).values()
              for line in lines if normalised(line) in evaluation]
    assert not copied, f"training examples copied from the evaluation set: {copied}"


def test_training_data_has_no_entity_markup():
    # The extractors own the entities; DIET-style [text](entity) markup would make two owners.
    marked = [(lang, line) for lang in LANGUAGES for lines in examples(lang).values()
              for line in lines if "](" in line]
    assert not marked, marked
