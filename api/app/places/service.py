"""Municipalities from the database; place names through the shared gazetteer (``placenames``)."""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from placenames.gazetteer import Gazetteer

from ..content import models
from .schemas import MunicipalityOut, ResolvedMunicipality


@functools.lru_cache(maxsize=4)
def gazetteer(data_dir: Path) -> Gazetteer:
    """The gazetteer of ``data_dir/municipalities.yml``, built once per process."""
    return Gazetteer.load(data_dir / "municipalities.yml")


def list_municipalities(
    session: Session, language: str, covered: bool | None = None
) -> list[MunicipalityOut]:
    query = select(models.Municipality).order_by(models.Municipality.position)
    if covered is True:
        query = query.where(models.Municipality.coverage != "none")
    elif covered is False:
        query = query.where(models.Municipality.coverage == "none")
    return [
        MunicipalityOut(
            id=m.id,
            name=m.name(language),
            coverage=m.coverage,
            integration_provider=m.integration_provider_id,
            jobseeker_provider=m.jobseeker_provider_id,
            employment_area=m.employment_area_id,
        )
        for m in session.scalars(query)
    ]


def resolve(session: Session, places: Gazetteer, text: str, language: str) -> ResolvedMunicipality:
    """The first municipality the text names; ``id`` None when it names none."""
    matches = places.find_all(text)  # in text order
    if not matches:
        return ResolvedMunicipality(id=None)
    match = matches[0]
    row = session.get(models.Municipality, match.id)
    if row is None:  # the database lags behind data/: still answer from the gazetteer
        return ResolvedMunicipality(id=match.id, coverage=match.coverage, matched=match.text)
    return ResolvedMunicipality(
        id=row.id, coverage=row.coverage, name=row.name(language), matched=match.text
    )
