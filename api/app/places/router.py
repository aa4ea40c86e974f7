"""Municipality endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import LanguageDep, ServiceAuth, SessionDep, SettingsDep
from ..errors import ServiceUnavailable
from . import service
from .schemas import MunicipalityOut, ResolvedMunicipality

router = APIRouter(prefix="/v1/municipalities", tags=["municipalities"], dependencies=[ServiceAuth])


@router.get("", response_model=list[MunicipalityOut])
def list_municipalities(
    session: SessionDep,
    language: LanguageDep,
    covered: Annotated[
        bool | None, Query(description="true: only covered ones; false: only the others.")
    ] = None,
) -> list[MunicipalityOut]:
    """Finland's municipalities with their coverage and providers."""
    return service.list_municipalities(session, language, covered)


@router.get("/resolve", response_model=ResolvedMunicipality)
def resolve_municipality(
    session: SessionDep,
    settings: SettingsDep,
    language: LanguageDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Any text a user wrote.")],
) -> ResolvedMunicipality:
    """The municipality a text names, in any supported language, script or case form."""
    try:
        places = service.gazetteer(settings.data_dir)
    except (OSError, ValueError) as error:  # GazetteerError is a ValueError
        raise ServiceUnavailable("The municipality data cannot be read.") from error
    return service.resolve(session, places, q, language)
