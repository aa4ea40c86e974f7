"""``resolve_provider(municipality, jobseeker)``: who provides integration services to a user.

The rule (CONTRACT.md §4, from the programme sources): a jobseeker is served by the employment
authority of the municipality's employment area; everyone else (and anyone whose status is not
known) by the provider of the municipality's integration services; an uncovered place by no one.
The table comes from ``data/municipalities.yml``, read once.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from ..content.schemas import MunicipalitiesFile


@dataclass(frozen=True)
class Route:
    integration_provider: str
    jobseeker_provider: str


@dataclass(frozen=True)
class RuleTable:
    """Covered municipality id → its providers."""

    routes: Mapping[str, Route]

    def resolve(self, municipality: str | None, jobseeker: bool | None) -> str | None:
        route = self.routes.get(municipality) if municipality else None
        if route is None:
            return None
        return route.jobseeker_provider if jobseeker is True else route.integration_provider


@functools.lru_cache(maxsize=8)
def load_rule_table(municipalities_file: Path) -> RuleTable:
    """The table of ``municipalities_file`` (validated with the data schema); cached per path."""
    with municipalities_file.open(encoding="utf-8") as handle:
        parsed = MunicipalitiesFile.model_validate(yaml.safe_load(handle))
    routes = {
        m.id: Route(m.integration_provider, m.jobseeker_provider)
        for m in parsed.municipalities
        if m.coverage != "none" and m.integration_provider and m.jobseeker_provider
    }
    return RuleTable(MappingProxyType(routes))


def default_rule_table() -> RuleTable:
    from ..config import get_settings

    return load_rule_table(get_settings().data_dir / "municipalities.yml")


def resolve_provider(
    municipality: str | None, jobseeker: bool | None, table: RuleTable | None = None
) -> str | None:
    """The provider id serving this user, or None when the place is unknown or not covered."""
    return (table or default_rule_table()).resolve(municipality, jobseeker)


def jobseeker_flag(status: str) -> bool | None:
    """'yes' → True, 'no' → False, anything else → None (not known)."""
    return {"yes": True, "no": False}.get(status)
