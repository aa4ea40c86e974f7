"""The one registry of supported conversation languages (``locales/languages.yml``).

Names, text direction and plural rules come from Babel's CLDR data, never from a hand-kept list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from babel import Locale, negotiate_locale

REGISTRY_FILE = Path(__file__).with_name("languages.yml")


def _load_registry() -> dict:
    with REGISTRY_FILE.open(encoding="utf-8") as handle:
        registry = yaml.safe_load(handle)
    codes = registry["languages"]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{REGISTRY_FILE}: a language is listed twice")
    for code in codes:
        # Fails early on a code CLDR does not know (a typo would otherwise show up as a raw code).
        Locale.parse(code)
    if registry["default"] not in codes:
        raise ValueError(
            f"{REGISTRY_FILE}: default {registry['default']!r} is not a listed language"
        )
    return registry


_REGISTRY = _load_registry()

#: Supported language codes, in the order of the language menu.
SUPPORTED: tuple[str, ...] = tuple(_REGISTRY["languages"])
#: The language of a conversation that has shown none (and of ``negotiate`` without a match).
DEFAULT: str = _REGISTRY["default"]
#: Where an answer missing in the conversation language is taken from, in order (CONTRACT.md §5).
CONTENT_FALLBACKS: tuple[str, ...] = tuple(_REGISTRY.get("content_fallbacks", ["en", "fi"]))


def is_supported(code: object) -> bool:
    return isinstance(code, str) and code in SUPPORTED


def _check(code: str) -> str:
    if code not in SUPPORTED:
        raise ValueError(f"unsupported language {code!r}; supported: {', '.join(SUPPORTED)}")
    return code


@functools.cache
def native_name(code: str) -> str:
    """The language's name in itself, as CLDR writes it mid-sentence ("suomi", "English")."""
    return Locale.parse(_check(code)).display_name


@functools.cache
def menu_title(code: str) -> str:
    """The language's name in itself as a button or picker title: first letter capitalised."""
    name = native_name(code)
    return name[:1].upper() + name[1:]


@functools.cache
def text_direction(code: str) -> str:
    """'ltr' or 'rtl', from CLDR."""
    return Locale.parse(_check(code)).text_direction


@functools.cache
def language_name(code: str, in_language: str) -> str:
    """The name of language ``code`` in ``in_language`` ("Somali" in English, "somali" in Finnish).

    For frames such as "This answer is not yet available in Somali". ``code`` may be any language
    CLDR knows (a content source may be in a language Opas does not chat in); ``in_language`` must
    be supported.
    """
    _check(in_language)
    name = Locale.parse(code).get_display_name(Locale.parse(in_language))
    return name or code


_TAG_SEPARATOR = re.compile(r"[-_]")


def _parse_accept_language(header: str) -> list[str]:
    """Language tags of an Accept-Language header, best first; q=0 and '*' dropped."""
    weighted = []
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*":
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(preferred: str | Iterable[str] | None, default: str = DEFAULT) -> str:
    """The supported language that best matches an Accept-Language header or a list of tags.

    ``negotiate("ar,en;q=0.5") == "ar"``, ``negotiate(["sv-FI"]) == "sv"``,
    ``negotiate("de") == "fi"``.
    """
    if not preferred:
        return default
    tags = (
        _parse_accept_language(preferred)
        if isinstance(preferred, str)
        else [tag for tag in preferred if isinstance(tag, str) and tag]
    )
    normalised = [_TAG_SEPARATOR.sub("-", tag.strip()) for tag in tags]
    match = negotiate_locale(normalised, SUPPORTED, sep="-", aliases=None)
    if match is None:
        return default
    code = match.lower()
    return code if code in SUPPORTED else default
