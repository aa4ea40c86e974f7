"""Every language has a lexicon of the documented shape (docs/intents.md)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

LEXICONS = Path(__file__).resolve().parents[2] / "bot" / "lexicon"
LANGUAGES = ["fi", "sv", "en", "uk", "ru", "ar", "so", "fa"]
LISTS = ["jobseeker_yes", "jobseeker_no", "language_request", "short_words"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lexicon_shape(lang):
    lexicon = yaml.safe_load((LEXICONS / f"{lang}.yml").read_text(encoding="utf-8"))
    for key in LISTS:
        entries = lexicon.get(key)
        assert entries, f"{lang}: {key} is empty"
        # An unquoted yes/no/on/off is read by YAML as a boolean, not as the word.
        not_text = [e for e in entries if not isinstance(e, str)]
        assert not not_text, f"{lang}: {key} has entries that are not text (quote them): {not_text}"
    names = lexicon.get("language_names") or {}
    assert set(names) == set(LANGUAGES), f"{lang}: language_names must name all eight languages"
    for code, entries in names.items():
        assert entries and all(isinstance(e, str) for e in entries), f"{lang}: names of {code}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phrases_are_long_enough_not_to_match_ordinary_words(lang):
    # Phrases match at word starts: a two- or three-letter phrase ("aan") would fire on common
    # words of any language. (Short words for language detection are a separate, exact list.)
    lexicon = yaml.safe_load((LEXICONS / f"{lang}.yml").read_text(encoding="utf-8"))
    phrases = [p for key in ("jobseeker_yes", "jobseeker_no") for p in lexicon[key]]
    phrases += [p for names in lexicon["language_names"].values() for p in names]
    short = [p for p in phrases if len(p.replace(" ", "")) < 4]
    assert not short, f"{lang}: phrases too short to be safe: {short}"
