"""Language codes of requests, checked against the one registry (``locales/languages.yml``)."""

from __future__ import annotations

from locales.languages import CONTENT_FALLBACKS, DEFAULT, SUPPORTED

from .errors import UnsupportedLanguage

__all__ = ["CONTENT_FALLBACKS", "DEFAULT", "SUPPORTED", "check_language", "language_or_default"]


def _base_code(code: str) -> str:
    # "sv-FI", "sv_FI" and "SV" all mean Swedish here.
    return code.strip().replace("_", "-").split("-")[0].lower()


def check_language(code: str) -> str:
    """The supported language ``code`` names; raises UnsupportedLanguage otherwise."""
    base = _base_code(code)
    if base not in SUPPORTED:
        raise UnsupportedLanguage(
            f"Unsupported language {code[:20]!r}; supported: {', '.join(SUPPORTED)}."
        )
    return base


def language_or_default(code: object) -> str:
    """The supported language ``code`` names, else the default language (never raises)."""
    if isinstance(code, str) and _base_code(code) in SUPPORTED:
        return _base_code(code)
    return DEFAULT
