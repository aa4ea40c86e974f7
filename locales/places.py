"""Municipality and provider names in the user's language, and the buttons that offer the covered
municipalities: names and forms from `placenames` (their one owner), which municipalities are
covered from the API (the one owner of coverage: its answers list them, argument
``municipalities``). Without that list, no place buttons are offered: the user types the place.
"""

from __future__ import annotations

from collections.abc import Iterable

from placenames.gazetteer import default_gazetteer

from .response_types import payload


def _humanise(identifier: str) -> str:
    text = identifier.replace("_", " ")
    return text[:1].upper() + text[1:]


def municipality_name(municipality: str, language: str) -> str:
    """A municipality's name in ``language`` (English, then Finnish, when it has none)."""
    found = default_gazetteer().municipality(municipality)
    return found.display_name(language) if found else _humanise(municipality)


def provider_name(provider: str, language: str) -> str:
    """A service provider's name ("City of Porvoo", "Porvoo employment area") in ``language``."""
    found = default_gazetteer().provider(provider)
    return found.display_name(language) if found else _humanise(provider)


def in_finnish_order(municipalities: Iterable[str]) -> list[str]:
    """One order for every language: that of the Finnish names (no collation per script)."""
    return sorted(municipalities, key=lambda item: municipality_name(item, "fi").casefold())


def covered_ids(arguments: dict) -> list[str]:
    """The covered municipalities the API's answer listed (argument ``municipalities``)."""
    raw = arguments.get("municipalities")
    return [m for m in raw if isinstance(m, str) and m.isidentifier()] if isinstance(raw, (list, tuple)) else []


def municipality_buttons(arguments: dict, language: str) -> list[tuple[str, str]]:
    """(title, payload) of each covered municipality the arguments list, in Finnish order."""
    return [(municipality_name(item, language), payload("inform", {"municipality": item}))
            for item in in_finnish_order(covered_ids(arguments))]
