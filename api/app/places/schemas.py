"""Response models of the municipality endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Coverage = Literal["full", "partial", "none"]


class MunicipalityOut(BaseModel):
    id: str
    name: str = Field(description="In the asked language (Finnish when it has none).")
    coverage: Coverage
    integration_provider: str | None
    jobseeker_provider: str | None
    employment_area: str | None


class ResolvedMunicipality(BaseModel):
    id: str | None = Field(description="null when the text names no Finnish municipality.")
    coverage: Coverage | None = None
    name: str | None = Field(None, description="In the asked language.")
    matched: str | None = Field(None, description="The words of the text that name the place.")
