"""Loading the compiled catalogs, and checking the catalogs' health.

Two gettext domains: ``messages`` (the bot, the widget and the chat gateway; the default of every
function here) and ``pages`` (the staff pages, the cancel page and the calendar file, see
``api/app/templating.py``), each with its own template (``<domain>.pot``) and catalogs.

Where the compiled catalogs live: ``locales/<lang>/LC_MESSAGES/<domain>.mo``, next to their
``.po``, built by ``scripts/i18n.sh`` (``make i18n``) and not committed (``locales/.gitignore``).
``translations(lang)`` uses that ``.mo`` when it is at least as new as the ``.po``; otherwise it
compiles the ``.po`` in memory (Babel, fuzzy entries left out) and never writes a file, so a fresh
clone, a read-only container and two processes starting at once all work without a build step.
Without a ``.po`` the English msgids are shown.

``python -m locales.catalogs check [DOMAIN]`` prints every problem of the ``.po`` files
(untranslated, fuzzy, wrong plural count, placeholders that do not match, header language) and
exits 1 if any.
"""

from __future__ import annotations

import gettext
import io
import logging
import re
import string
import sys
import threading
import time
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from .languages import SUPPORTED

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent
DOMAIN = "messages"
#: Every gettext domain of locales/ (scripts/i18n.sh extracts, updates and checks each).
DOMAINS = (DOMAIN, "pages")
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"

#: Placeholders a translation may leave out (its grammar may put the value in the text itself).
OPTIONAL_PLACEHOLDERS = frozenset({"count", "language_native"})

_lock = threading.Lock()
_translations: dict[str, gettext.NullTranslations] = {}  # the messages domain, by language
_caches: dict[str, dict[str, gettext.NullTranslations]] = {DOMAIN: _translations}


def template_path(domain: str = DOMAIN) -> Path:
    return LOCALES_DIR / f"{domain}.pot"


def po_path(language: str, domain: str = DOMAIN) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def mo_path(language: str, domain: str = DOMAIN) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.mo"


def _load(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    po, mo = po_path(language, domain), mo_path(language, domain)
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        if po.exists():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    except Exception:  # a broken catalog must not silence the bot: show English instead
        log.exception("cannot load the %s catalog of %s; showing English", language, domain)
        return gettext.NullTranslations()
    if language != "en":
        log.warning("no catalog for %s (%s); showing English", language, po)
    return gettext.NullTranslations()


#: How often a process looks whether a loaded catalog changed on disk (a few stat calls).
CHANGE_CHECK_SECONDS = 2.0
_stamps: dict[tuple[str, str], tuple[float, float]] = {}  # (domain, language) -> (.po, .mo) mtimes
_next_check = [0.0]


def _stamp(language: str, domain: str) -> tuple[float, float]:
    def mtime(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    return mtime(po_path(language, domain)), mtime(mo_path(language, domain))


def _forget_changed() -> None:
    """Forget the loaded catalogs whose files changed: an edited .po (or a recompiled .mo) shows
    without a restart, in every process, within CHANGE_CHECK_SECONDS."""
    now = time.monotonic()
    if now < _next_check[0]:
        return
    _next_check[0] = now + CHANGE_CHECK_SECONDS
    for (domain, language), stamp in list(_stamps.items()):
        if _stamp(language, domain) != stamp:
            with _lock:
                _caches.get(domain, {}).pop(language, None)
                _stamps.pop((domain, language), None)
            log.info("the %s catalog of %s changed on disk; reloading it", domain, language)


def translations(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The (cached) translations of a supported language, in ``domain``; reloaded when its files
    change."""
    _forget_changed()
    cache = _caches.get(domain)
    if cache is None:
        with _lock:
            cache = _caches.setdefault(domain, {})
    loaded = cache.get(language)
    if loaded is None:
        stamp = _stamp(language, domain)
        loaded = _load(language, domain)
        with _lock:
            cache[language] = loaded
            _stamps[(domain, language)] = stamp
    return loaded


def reload() -> None:
    """Forget the loaded catalogs of every domain (after editing or recompiling them)."""
    with _lock:
        for cache in _caches.values():
            cache.clear()
        _stamps.clear()


# --- checks --------------------------------------------------------------------------------------

_FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    """The ``{named}`` placeholders of a text; ValueError if it is malformed."""
    return {name for _, name, _, _ in _FORMATTER.parse(text) if name is not None}


def _plural_count(catalog: Catalog) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", catalog.plural_forms or "")
    return int(match.group(1)) if match else None


def check_catalog(
    language: str, template_ids: set[str] | None = None, domain: str = DOMAIN
) -> list[str]:
    """Problems of one language's ``.po`` (empty when it is complete and sound)."""
    path = po_path(language, domain)
    if not path.exists():
        return [f"{language}: {path.name} is missing (scripts/i18n.sh init {language})"]
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    problems = []
    if str(catalog.locale) != language:
        problems.append(f"{language}: header Language is {catalog.locale}")
    expected_plurals = get_plural(language).num_plurals
    if _plural_count(catalog) != expected_plurals:
        problems.append(
            f"{language}: Plural-Forms {catalog.plural_forms!r}, CLDR has {expected_plurals} forms"
        )
    suffix = "" if domain == DOMAIN else f" ({domain})"
    ids = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        ids.add(key)
        label = f"{language}: {key[:60]!r}{suffix}"
        if message.fuzzy:
            problems.append(f"{label} is fuzzy")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"{label} is untranslated")
            continue
        if isinstance(message.id, tuple) and len(strings) != expected_plurals:
            problems.append(
                f"{label} has {len(strings)} plural forms, {language} needs {expected_plurals}"
            )
        try:
            sources = message.id if isinstance(message.id, tuple) else (message.id,)
            wanted = set().union(*(placeholders(text) for text in sources))
            allowed = wanted | ({"count"} if isinstance(message.id, tuple) else set())
            for text in strings:
                found = placeholders(text)
                if found - allowed:
                    problems.append(f"{label}: unknown placeholder(s) {sorted(found - allowed)}")
                left_out = (wanted - OPTIONAL_PLACEHOLDERS) - found
                if left_out:
                    problems.append(f"{label}: placeholder(s) {sorted(left_out)} left out")
        except ValueError as error:
            problems.append(f"{label}: malformed placeholder ({error})")
    if template_ids is not None:
        problems += [
            f"{language}: {key[:60]!r}{suffix} is missing (run scripts/i18n.sh)"
            for key in sorted(template_ids - ids)
        ]
    return problems


def template_ids(domain: str = DOMAIN) -> set[str] | None:
    template = template_path(domain)
    if not template.exists():
        return None
    with template.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}


def check_all(domain: str = DOMAIN) -> list[str]:
    """Problems of every supported language's catalog, and catalogs of unsupported languages."""
    ids = template_ids(domain)
    template = template_path(domain)
    problems = [] if ids is not None else [f"{template.name} is missing (run scripts/i18n.sh)"]
    for language in SUPPORTED:
        problems += check_catalog(language, ids, domain)
    for po in sorted(LOCALES_DIR.glob(f"*/LC_MESSAGES/{domain}.po")):
        language = po.parent.parent.name
        if language not in SUPPORTED:
            problems.append(f"{language}: has a catalog but is not listed in languages.yml")
    return problems


def main(argv: list[str]) -> int:
    if argv[1:] == ["languages"]:
        print(" ".join(SUPPORTED))
        return 0
    if argv[1:2] != ["check"] or len(argv) > 3 or (len(argv) == 3 and argv[2] not in DOMAINS):
        print(f"usage: python -m locales.catalogs languages|check [{'|'.join(DOMAINS)}]", file=sys.stderr)
        return 2
    problems = check_all(argv[2] if len(argv) == 3 else DOMAIN)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
