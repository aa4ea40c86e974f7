"""CONTRACT.md §4 (../shared/CONTRACT.md), written down once for every test that checks against it.

The places Opas covers, how (coverage), and who serves them: the municipal integration services
for everyone who is not a jobseeker (or whose status is not known), the employment authority for
jobseekers. The data (data/municipalities.yml) must say the same; the tests compare it with this.
"""
from __future__ import annotations

#: municipality id → (coverage, municipal integration services, jobseekers served by)
PROVIDERS: dict[str, tuple[str, str, str]] = {
    "porvoo": ("full", "porvoo", "porvoo_employment_area"),
    "loviisa": ("full", "loviisa", "porvoo_employment_area"),
    "lapinjarvi": ("full", "lapinjarvi", "porvoo_employment_area"),
    "askola": ("full", "porvoo", "porvoo_employment_area"),
    "myrskyla": ("full", "porvoo", "porvoo_employment_area"),
    "pukkila": ("full", "porvoo", "porvoo_employment_area"),
    "siuntio": ("full", "kirkkonummi", "kirkkonummi_employment_area"),
    "kirkkonummi": ("partial", "kirkkonummi", "kirkkonummi_employment_area"),
}
COVERED: frozenset[str] = frozenset(PROVIDERS)
COVERAGE: dict[str, str] = {place: row[0] for place, row in PROVIDERS.items()}
PROVIDER_IDS: frozenset[str] = frozenset(p for row in PROVIDERS.values() for p in row[1:])


def provider_for(municipality: str, jobseeker: str) -> str:
    """Who serves a user of ``municipality`` whose jobseeker status is yes, no or unknown."""
    _, integration, jobseekers = PROVIDERS[municipality]
    return jobseekers if jobseeker == "yes" else integration
