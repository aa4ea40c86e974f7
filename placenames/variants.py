"""Spelling variants derived from a municipality's names, so the data need not list them.

See the gazetteer's module doc for what is derived and why; every function takes and returns
normalised text (`placenames.normalize`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import combinations

TOKEN = re.compile(r"[^\W_]+")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")

_CYRILLIC_SUBSTITUTIONS = (
    ("і", "и"),
    ("и", "і"),
    ("ї", "і"),
    ("й", "и"),
    ("э", "е"),
    ("є", "е"),
    ("ґ", "г"),
    ("ъ", ""),
    ("ь", ""),
)
_CYRILLIC_FINALS = "аяоиі"
_CYRILLIC_ENDINGS = ("е", "і", "и", "у", "ю", "ой", "ей", "ы", "ою", "ею", "ом", "ем")
_ARABIC_SUBSTITUTIONS = (
    ("پ", "ب"),
    ("ب", "پ"),
    ("ڤ", "ف"),
    ("ف", "ڤ"),
    ("گ", "ك"),
    ("چ", "ج"),
    ("ژ", "ز"),
)
_ARABIC_PREFIXES = ("ب", "و", "ل", "ف", "وب", "ول", "في")
# Persian glues the copula to a name ending in a vowel: "خونه‌مون لوویزاست" (our home is Loviisa).
_PERSIAN_COPULA = "ست"
# Spoken Finnish clips case endings: "Lapinjärvel(lä)", "Loviisas(sa)", "Porvoost(a)",
# "Loviisaa(n)". Normalised, so ä is a.
_COLLOQUIAL_FINNISH = (
    (re.compile(r"(?<=[a-z])lla$"), "l"),
    (re.compile(r"(?<=[a-z])ssa$"), "s"),
    (re.compile(r"(?<=[a-z])sta$"), "st"),
    (re.compile(r"(?<=[a-z])lta$"), "lt"),
    (re.compile(r"(?<=[aeiouy]{2})n$"), ""),
)


def _closure(word: str, substitutions: Iterable[tuple[str, str]]) -> set[str]:
    """`word` with every combination of whole-word letter substitutions applied."""
    variants = {word}
    frontier = [word]
    while frontier:
        current = frontier.pop()
        for old, new in substitutions:
            if old in current:
                changed = current.replace(old, new)
                if changed not in variants and len(variants) < 64:
                    variants.add(changed)
                    frontier.append(changed)
    return variants


def _single_letter_variants(word: str) -> set[str]:
    """`word` with one, or every, doubled letter written once ("kirkkonummi" → "kirkonummi")."""
    if len(word) < 5:
        return set()
    positions = [i for i in range(1, len(word)) if word[i] == word[i - 1] and word[i].isalpha()]
    variants = set()
    for count in range(1, len(positions) + 1):
        if len(variants) > 32:
            break
        for chosen in combinations(positions, count):
            variants.add("".join(ch for i, ch in enumerate(word) if i not in chosen))
    return variants


def _cyrillic_variants(word: str) -> set[str]:
    variants = set()
    for spelling in _closure(word, _CYRILLIC_SUBSTITUTIONS):
        variants.add(spelling)
        if len(spelling) >= 5 and spelling[-1] in _CYRILLIC_FINALS:
            stem = spelling[:-1]
            variants.update(stem + ending for ending in _CYRILLIC_ENDINGS)
    variants.discard(word)
    return variants


def _arabic_variants(word: str) -> set[str]:
    variants = set()
    for spelling in _closure(word, _ARABIC_SUBSTITUTIONS):
        variants.add(spelling)
        if len(spelling) >= 3:
            variants.update(prefix + spelling for prefix in _ARABIC_PREFIXES)
            if spelling[-1] in "اوی":
                variants.add(spelling + _PERSIAN_COPULA)
    variants.discard(word)
    return variants


def derived(form: str, *, latin_name: bool, covered: bool) -> set[str]:
    """Variants of one normalised single- or multi-token form (see the module doc)."""
    words = form.split(" ")
    if len(words) != 1:
        return set()  # multi-word names are matched as written
    word = words[0]
    out: set[str] = set()
    if _CYRILLIC.search(word):
        out |= _cyrillic_variants(word)
        if covered:
            for variant in _single_letter_variants(word):
                out.add(variant)
                out |= _cyrillic_variants(variant)
    elif _ARABIC_SCRIPT.search(word):
        out |= _arabic_variants(word)
    elif _LATIN.search(word):
        if covered:
            out |= _single_letter_variants(word)
            out |= {pattern.sub(short, word) for pattern, short in _COLLOQUIAL_FINNISH if pattern.search(word)}
        if latin_name and not word.endswith("s"):
            out.add(word + "s")
    out.discard(word)
    return out
