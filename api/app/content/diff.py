"""The differences between two versions of a statement, word by word, for the staff pages."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from locales.languages import SUPPORTED

_WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    field: str  # a language code, "sources" or "validity"
    pieces: list[Piece]


def words_diff(old: str, new: str) -> list[Piece]:
    """``old`` to ``new`` as unchanged, removed and added runs of words."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def _sources_text(content: dict[str, Any]) -> str:
    return "; ".join(f"{s['id']}{' ' + s['section'] if s.get('section') else ''}" for s in content["sources"])


def _validity_text(content: dict[str, Any]) -> str:
    return f"{content['valid_from']} – {content['valid_until'] or '…'}"


def version_diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """The fields that differ between two versions' contents, each as word pieces."""
    fields: list[FieldDiff] = []
    languages = [code for code in SUPPORTED if code in old["texts"] or code in new["texts"]]
    for code in languages:
        before = (old["texts"].get(code) or {}).get("text") or ""
        after = (new["texts"].get(code) or {}).get("text") or ""
        if before != after:
            fields.append(FieldDiff(code, words_diff(before, after)))
    for name, render in (("sources", _sources_text), ("validity", _validity_text)):
        if render(old) != render(new):
            fields.append(FieldDiff(name, words_diff(render(old), render(new))))
    return fields
