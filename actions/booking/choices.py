"""A typed choice among the buttons a question showed (CONTRACT.md §6): whatever a button does,
typing its title or its number does too."""
from __future__ import annotations

from placenames.normalize import normalize

from .reading import normalise


def option_number(text: str) -> int | None:
    """1-based number of a typed "2", "٢", "۲" or "2." (CONTRACT.md §6: typing the number)."""
    stripped = normalize(text).rstrip(".)")
    if not stripped or len(stripped) > 3:
        return None
    try:
        return int(stripped)
    except ValueError:
        return None


def match_option(text: str, options: list[dict[str, str]] | None) -> str | None:
    """The payload of the button whose number or title the user typed; None when none matches."""
    if not options or text.startswith("/"):
        return None
    number = option_number(text)
    if number is not None:
        return options[number - 1]["payload"] if 1 <= number <= len(options) else None
    typed = normalise(text)
    if not typed:
        return None
    titles = [(normalise(option.get("title", "")), option["payload"]) for option in options]
    exact = [payload for title, payload in titles if title == typed]
    if exact:
        return exact[0]
    # "porvoo" for "Porvoo", "9.00" for "ti 1.12. 9.00": a unique partial match, long enough.
    partial = [payload for title, payload in titles if len(typed) >= 4 and f" {typed} " in f" {title} "]
    return partial[0] if len(partial) == 1 else None
