"""The municipality gazetteer: every Finnish municipality by every name Opas knows.

Built once from ``data/municipalities.yml`` (docs/data-format.md). Each municipality contributes

* explicit surface forms: its names in all languages and its ``forms`` (Finnish case forms,
  Swedish genitives, other spellings and scripts);
* derived variants, generated here so the data need not list them:
  - Latin names + "s" (English possessive, Swedish genitive: "Porvoos", "Lovisas");
  - for covered municipalities, Latin and Cyrillic spellings with one or all doubled letters
    single ("Porvo", "Kirkonummi", "Pukila", "Ловиса"), and spoken Finnish's clipped case forms
    ("Lapinjärvel", "Loviisas", "Porvoost", "Askolaa");
  - Cyrillic spelling variants (і↔и, ї→і, й→и, э→е, є→е, ґ→г, without ъ/ь) and case endings
    (final а/я/о/и/і replaced by е і и у ю ой ей ы ою ею ом ем: "Ловийсе", "у Ловійсі");
  - Arabic-script spelling variants (پ↔ب, ڤ↔ف, گ→ك, چ→ج, ژ→ز), the one-letter prefixes
    glued to a name (ب و ل ف, وب ول, في: "بسيونتيو", "وبورفو") and the Persian copula glued to
    a name that ends in a vowel ("لوویزاست").

All forms are compared after `normalize` (case, diacritics, letter variants), as whole tokens:
"Askolassa" and "Pukkilan" are found, "Ii" is never found inside a word, and a multi-word name
("Koski Tl", "S:t Michel") must appear as its token sequence.

One owner per form: two municipalities with the same explicit form is a data error and raises
`GazetteerError` at load time. A *derived* variant that collides with another municipality's form
is dropped (explicit forms win), and one derived for two municipalities is dropped for both (see
`dropped_forms`).

A few names are also ordinary words ("Ingå" ~ Swedish "inga", "Vanda" ~ "vända", "Storå" ~
"stora", Russian "сало"). Those forms, `GUARDED`, match only when written capitalised and with
the name's own letters (diacritics included). A form that is too common even so (`DROPPED`: "Ii",
Somali "ii" = "to me") is left out; the municipality is still found by its other forms.
`find_all` applies the guard; `surface_forms()` leaves guarded forms out by default, so a matcher
built from it cannot trip over them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .normalize import normalize, normalize_with_offsets
from .variants import TOKEN as _TOKEN
from .variants import derived as _derived

__all__ = [
    "DROPPED",
    "GUARDED",
    "Gazetteer",
    "GazetteerError",
    "Match",
    "Municipality",
    "Provider",
]

COVERAGES = ("full", "partial", "none")
PROVIDER_KINDS = ("municipality", "employment_authority")

# Normalised forms that are also ordinary words in a supported language: they match only when
# written capitalised and spelt as in the data. Keep the reason beside each.
GUARDED: Mapping[str, str] = {
    "ijo": "too short to trust in lower case",
    "vanda": "Swedish 'vända' (to turn: 'vart ska jag vända mig'); Vanda",
    "inga": "Swedish 'inga' (none); Ingå",
    "stora": "Swedish 'stora' (big); Storå",
    "kokar": "Swedish 'kokar' (boils); Kökar",
    "kasko": "Finnish 'kasko' (car insurance); Kaskö",
    "vora": "Swedish 'vore/vora'; Vörå",
    "abo": "Åbo without its ring",
    "sund": "Swedish 'sund' (healthy)",
    "geta": "Swedish 'geta'",
    "aura": "English and Finnish 'aura'",
    "kolari": "Finnish 'kolari' (crash)",
    "salon": "English 'salon'; Finnish genitive of 'salo'",
    "saloon": "English 'saloon'",
    "сало": "Russian and Ukrainian 'сало' (lard)",
    "porista": "Finnish verb 'porista' (to chat)",
    "simo": "a first name",
    "nokia": "the brand",
}

# Normalised forms deliberately left out of the index (they stay in the data as names).
DROPPED: Mapping[str, str] = {
    "ii": "Somali 'ii' (to me: 'Ii sheeg') and the numeral II; Ii is found by its case forms",
}



class GazetteerError(ValueError):
    """The municipality data is malformed or ambiguous."""


@dataclass(frozen=True)
class Provider:
    id: str
    kind: str
    name: Mapping[str, str]
    sources: tuple[str, ...] = ()

    def display_name(self, language: str) -> str:
        return _pick(self.name, language, self.id)


@dataclass(frozen=True)
class Municipality:
    id: str
    coverage: str
    name: Mapping[str, str]
    forms: tuple[str, ...] = ()
    integration_provider: str | None = None
    jobseeker_provider: str | None = None
    employment_area: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return self.coverage in ("full", "partial")

    def display_name(self, language: str) -> str:
        return _pick(self.name, language, self.id)


@dataclass(frozen=True)
class Match:
    """One municipality found in a text; `start`/`end`/`text` refer to the original string."""

    id: str
    start: int
    end: int
    text: str
    coverage: str
    form: str = field(default="", compare=False)  # the normalised form that matched

    @property
    def surface(self) -> str:
        return self.text

    @property
    def covered(self) -> bool:
        return self.coverage in ("full", "partial")


def _pick(names: Mapping[str, str], language: str, fallback: str) -> str:
    for code in (language, "en", "fi"):
        value = names.get(code)
        if value:
            return value
    return fallback


def tokens(normalised: str) -> tuple[str, ...]:
    """The word tokens of an already normalised text."""
    return tuple(_TOKEN.findall(normalised))


def default_path() -> Path:
    """``$OPAS_DATA_DIR/municipalities.yml``, else ``data/municipalities.yml`` of this repo."""
    configured = os.environ.get("OPAS_DATA_DIR")
    base = Path(configured) if configured else Path(__file__).resolve().parent.parent / "data"
    return base / "municipalities.yml"


# --- the gazetteer ---------------------------------------------------------------------------


class Gazetteer:
    """Municipalities and providers with a token index of every surface form."""

    def __init__(self, municipalities: list[Municipality], providers: list[Provider]) -> None:
        self._municipalities = {m.id: m for m in municipalities}
        self._providers = {p.id: p for p in providers}
        self._index: dict[tuple[str, ...], str] = {}
        self._surface: dict[str, str] = {}
        self._guard_spellings: dict[tuple[str, ...], set[str]] = {}
        self._dropped: dict[str, tuple[str, ...]] = {}
        self._max_tokens = 1
        self._build()

    # loading ------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Gazetteer:
        """Read ``municipalities.yml`` (default: `default_path()`) and build the index."""
        file = Path(path) if path is not None else default_path()
        with file.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle) or {}
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: Mapping) -> Gazetteer:
        providers = [_provider(item) for item in raw.get("providers") or []]
        municipalities = [_municipality(item) for item in raw.get("municipalities") or []]
        _check_references(municipalities, providers)
        return cls(municipalities, providers)

    def _build(self) -> None:
        owners: dict[tuple[str, ...], str] = {}
        surfaces: dict[tuple[str, ...], str] = {}
        collisions: list[str] = []
        for municipality in self._municipalities.values():
            for raw_form in _explicit_forms(municipality):
                form = normalize(raw_form)
                key = tokens(form)
                if not key or " ".join(key) in DROPPED:
                    continue
                owner = owners.get(key)
                if owner is not None and owner != municipality.id:
                    collisions.append(f"{' '.join(key)!r}: {owner} and {municipality.id}")
                    continue
                owners[key] = municipality.id
                surfaces.setdefault(key, form)
                if len(key) == 1 and key[0] in GUARDED:
                    spelling = unicodedata.normalize("NFC", raw_form).casefold()
                    self._guard_spellings.setdefault(key, set()).add(spelling)
        if collisions:
            raise GazetteerError("forms with two owners: " + "; ".join(sorted(collisions)))

        derived: dict[tuple[str, ...], set[str]] = {}
        for municipality in self._municipalities.values():
            latin_names = {
                normalize(v) for k, v in municipality.name.items() if k in ("fi", "sv", "en", "so")
            }
            for raw_form in _explicit_forms(municipality):
                form = normalize(raw_form)
                if not tokens(form) or tokens(form)[0] in GUARDED or form in DROPPED:
                    continue
                for variant in _derived(
                    form, latin_name=form in latin_names, covered=municipality.covered
                ):
                    key = tokens(variant)
                    if key and key not in owners:
                        derived.setdefault(key, set()).add(municipality.id)
                        surfaces.setdefault(key, variant)
        for key, ids in derived.items():
            if len(ids) > 1:
                self._dropped[" ".join(key)] = tuple(sorted(ids))
                continue
            owners[key] = next(iter(ids))

        self._index = owners
        self._surface = {surfaces[key]: owner for key, owner in owners.items()}
        self._max_tokens = max((len(key) for key in owners), default=1)

    # queries --------------------------------------------------------------------------------

    def surface_forms(self, *, include_guarded: bool = False) -> dict[str, str]:
        """Normalised surface form → municipality id (explicit and derived forms).

        Guarded forms (`GUARDED`) are left out unless asked for: only `find_all` can check
        that they are written as names.
        """
        if include_guarded:
            return dict(self._surface)
        return {
            form: owner
            for form, owner in self._surface.items()
            if tokens(form) not in self._guard_spellings
        }

    def find_all(self, text: str) -> list[Match]:
        """Municipalities named in `text`: longest matches first, non-overlapping, in text order."""
        if not text:
            return []
        normalised, origin = normalize_with_offsets(text)
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(normalised)]
        words = [normalised[a:b] for a, b in spans]
        candidates: list[tuple[int, int, str, tuple[str, ...]]] = []
        for i in range(len(words)):
            for n in range(min(self._max_tokens, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                owner = self._index.get(key)
                if owner is None:
                    continue
                start = origin[spans[i][0]]
                end = origin[spans[i + n - 1][1] - 1] + 1
                if key in self._guard_spellings and not self._guard_ok(key, text[start:end]):
                    continue
                candidates.append((i, n, owner, key))
                break
        candidates.sort(key=lambda c: (-c[1], -len(" ".join(c[3])), c[0]))
        taken: set[int] = set()
        matches: list[Match] = []
        for i, n, owner, key in candidates:
            positions = set(range(i, i + n))
            if positions & taken:
                continue
            taken |= positions
            start = origin[spans[i][0]]
            end = origin[spans[i + n - 1][1] - 1] + 1
            matches.append(
                Match(
                    owner,
                    start,
                    end,
                    text[start:end],
                    self._municipalities[owner].coverage,
                    " ".join(key),
                )
            )
        matches.sort(key=lambda m: m.start)
        return matches

    def find(self, text: str) -> Match | None:
        """The first municipality named in `text`, preferring a covered one."""
        found = self.find_all(text)
        covered = [m for m in found if m.covered]
        return (covered or found or [None])[0]

    def written_as_name(self, form: str, original: str) -> bool:
        """Whether `original` (the user's own spelling of the normalised `form`) may be taken as
        a place: always, unless the form is also an ordinary word ("Vanda" / "vända"), which then
        counts only when written like the name."""
        key = tokens(form)
        return key not in self._guard_spellings or self._guard_ok(key, original)

    def _guard_ok(self, key: tuple[str, ...], original: str) -> bool:
        written = unicodedata.normalize("NFC", original)
        if written != written[:1].upper() + written[1:].lower():
            return False
        return written.casefold() in self._guard_spellings[key]

    def municipality(self, municipality_id: str) -> Municipality | None:
        return self._municipalities.get(municipality_id)

    def provider(self, provider_id: str) -> Provider | None:
        return self._providers.get(provider_id)

    def municipalities(self) -> list[Municipality]:
        return list(self._municipalities.values())

    def providers(self) -> list[Provider]:
        return list(self._providers.values())

    def covered_ids(self) -> frozenset[str]:
        """Municipalities Opas covers: fully, or partly (Kirkkonummi)."""
        return frozenset(m.id for m in self._municipalities.values() if m.covered)

    def dropped_forms(self) -> dict[str, tuple[str, ...]]:
        """Derived variants left out because they would name two municipalities."""
        return dict(self._dropped)


@lru_cache(maxsize=4)
def _cached(path: str) -> Gazetteer:
    return Gazetteer.load(path)


def default_gazetteer() -> Gazetteer:
    """The gazetteer of `default_path()`, built once per process."""
    return _cached(str(default_path()))


# --- parsing and validation ------------------------------------------------------------------


def _names(item: Mapping, what: str) -> dict[str, str]:
    names = item.get("name")
    if not isinstance(names, Mapping) or not names.get("fi") or not names.get("sv"):
        raise GazetteerError(f"{what}: name needs at least fi and sv")
    return {str(k): str(v) for k, v in names.items() if v}


def _provider(item: Mapping) -> Provider:
    pid = str(item.get("id") or "")
    if not pid or item.get("kind") not in PROVIDER_KINDS:
        raise GazetteerError(
            f"provider {pid or '?'}: id and kind ({', '.join(PROVIDER_KINDS)}) required"
        )
    return Provider(
        pid, str(item["kind"]), _names(item, f"provider {pid}"), tuple(item.get("sources") or ())
    )


def _municipality(item: Mapping) -> Municipality:
    mid = str(item.get("id") or "")
    if not mid or not re.fullmatch(r"[a-z0-9_]+", mid):
        raise GazetteerError(f"municipality id {mid!r}: ASCII lower case, digits and _ only")
    coverage = item.get("coverage")
    if coverage not in COVERAGES:
        raise GazetteerError(f"municipality {mid}: coverage must be one of {COVERAGES}")
    return Municipality(
        id=mid,
        coverage=coverage,
        name=_names(item, f"municipality {mid}"),
        forms=tuple(str(f) for f in item.get("forms") or ()),
        integration_provider=item.get("integration_provider"),
        jobseeker_provider=item.get("jobseeker_provider"),
        employment_area=item.get("employment_area"),
        sources=tuple(item.get("sources") or ()),
    )


def _check_references(municipalities: list[Municipality], providers: list[Provider]) -> None:
    ids = [m.id for m in municipalities]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise GazetteerError(f"duplicate municipality ids: {duplicates}")
    known = {p.id for p in providers}
    for m in municipalities:
        for ref in (m.integration_provider, m.jobseeker_provider, m.employment_area):
            if ref is not None and ref not in known:
                raise GazetteerError(f"municipality {m.id}: unknown provider {ref!r}")
        if m.covered and not (m.integration_provider and m.jobseeker_provider):
            raise GazetteerError(f"municipality {m.id}: a covered municipality needs its providers")


def _explicit_forms(municipality: Municipality) -> list[str]:
    return [*municipality.name.values(), *municipality.forms]
