"""Text normalisation for matching place names and lexicon phrases.

`normalize(text)` is what every matcher in Opas compares: the bot's municipality extractor, its
lexicons (jobseeker phrases, language requests) and the API's resolver. The choices, in order:

1. Removed outright: apostrophes (' ’ ʼ ‘ ` ´ ʹ ′; so "Лапін'ярві" = "Лапінярві" and "la'aan" =
   "laaan"), zero-width space / (non-)joiners (Persian writes ZWNJ inside words, users often do
   not), word joiner, BOM, soft hyphen, bidi marks (RTL text pasted from apps carries them), the
   Arabic tatweel (ـ, "بـسيونتيو" = "بسيونتيو") and every free-standing combining mark (Arabic
   harakat, shadda, sukun, Quranic marks; decomposed Latin accents).
2. NFKC, then casefold: presentation forms (ﻻ, ﺑ...) become letters, full-width Latin becomes ASCII,
   "ß" becomes "ss".
3. Latin and Arabic-script letters lose their marks (NFD, marks dropped): ä ö å é → a o a e, so
   "Lapinjarvella" = "Lapinjärvellä" and "Borga" = "Borgå"; أ إ آ ٱ → ا, ؤ → و, ئ → ي, ۀ → ه.
   Cyrillic letters keep theirs (й ё ї stay): they tell Ukrainian from Russian; the gazetteer adds
   the Cyrillic spelling variants itself.
4. Arabic-script letter variants get one canonical code point, the Arabic one: ى (alef maksura)
   and ی (Persian yeh) → ي; ک (keheh) → ك; ة (teh marbuta) → ه. Persian-only letters (پ چ ژ گ)
   are kept: they identify Persian, and the gazetteer spells names both ways instead.
5. Digits of every script (Arabic-Indic ٠-٩, Persian ۰-۹, ...) become ASCII digits, so a phone
   number typed with Persian digits matches "044 055 5435".
6. Runs of whitespace become one space; leading and trailing whitespace goes.

Every step works on one input character at a time (its output may be empty or longer), so
`normalize("".join(chars))` equals the concatenation of `normalize(c)` apart from whitespace, and
`normalize_with_offsets` can map each output character back to the character it came from.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["normalize", "normalize_char", "normalize_with_offsets"]

APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4\u02b9\u2032"
INVISIBLE = (
    # zero-width space, ZWNJ, ZWJ, word joiner, BOM, soft hyphen
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"  # bidi controls
)
TATWEEL = "\u0640"
_REMOVED = frozenset(APOSTROPHES + INVISIBLE + TATWEEL)

# Arabic-script letter variants → one canonical letter (after NFKC and the mark removal).
_LETTERS = {
    "\u0649": "\u064a",  # ى alef maksura → ي
    "\u06cc": "\u064a",  # ی Persian yeh → ي
    "\u06d2": "\u064a",  # ے yeh barree → ي
    "\u06a9": "\u0643",  # ک keheh → ك
    "\u06aa": "\u0643",  # ڪ swash kaf → ك
    "\u0629": "\u0647",  # ة teh marbuta → ه
    "\u06c0": "\u0647",  # ۀ heh with yeh above → ه
    "\u06c1": "\u0647",  # ہ heh goal → ه
    "\u0671": "\u0627",  # ٱ alef wasla → ا
}


def _strips_marks(char: str) -> bool:
    """Whether a letter's diacritics are dropped: Latin and Arabic script, not Cyrillic."""
    name = unicodedata.name(char, "")
    return name.startswith(("LATIN", "ARABIC"))


@lru_cache(maxsize=8192)
def normalize_char(char: str) -> str:
    """The normalised form of one character (may be empty or several characters, or a space)."""
    if char in _REMOVED or unicodedata.category(char) == "Mn":
        return ""
    if char.isspace():
        return " "
    out: list[str] = []
    for part in unicodedata.normalize("NFKC", char).casefold():
        if part in _REMOVED or unicodedata.category(part) == "Mn":
            continue
        if part.isspace():
            out.append(" ")
            continue
        pieces = unicodedata.normalize("NFD", part) if _strips_marks(part) else part
        for piece in pieces:
            if unicodedata.category(piece) == "Mn" or piece in _REMOVED:
                continue
            piece = _LETTERS.get(piece, piece)
            if not piece.isascii():
                digit = unicodedata.decimal(piece, None)
                if digit is not None:
                    piece = str(digit)
            out.append(piece)
    return "".join(out)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalize(text)` and, for each of its characters, the index in `text` it came from."""
    out: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        for piece in normalize_char(char):
            if piece == " ":
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                origin.append(index)
                pending_space = False
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


def normalize(text: str) -> str:
    """Case-folded text without diacritics, joiners or letter variants (see the module doc)."""
    if not text:
        return ""
    return normalize_with_offsets(text)[0]
