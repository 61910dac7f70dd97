"""Wire schemas of the reference knowledge the API serves (countries, sectors, norms,
principles of international law, Toolbox instruments, CBMs) and their converters."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model import (
    ConfidenceBuildingMeasure,
    Country,
    Instrument,
    LawPrinciple,
    Norm,
    Sector,
)

__all__ = [
    "CbmOut",
    "CountryOut",
    "InstrumentOut",
    "LawPrincipleOut",
    "Listing",
    "NormOut",
    "SectorOut",
    "cbm_out",
    "country_out",
    "instrument_out",
    "law_out",
    "norm_out",
    "sector_out",
]

T = TypeVar("T")


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class Listing(BaseModel, Generic[T]):
    """A complete, bounded list of reference entries (no pagination needed)."""

    items: list[T]
    total: int


class CountryOut(BaseModel):
    model_config = _examples(
        {
            "code": "UA",
            "alpha3": "UKR",
            "name": "Ukraine",
            "eu_member": False,
            "continent": "Europe",
        }
    )

    code: str = Field(description="ISO 3166-1 alpha-2")
    alpha3: str
    name: str
    eu_member: bool
    continent: str | None


class SectorOut(BaseModel):
    model_config = _examples(
        {
            "id": "energy.electricity",
            "name": "Electricity",
            "target_category": "critical-infrastructure",
            "parent": "energy",
            "description": "…",
            "source": "nis2",
        }
    )

    id: str
    name: str
    target_category: str
    parent: str | None
    description: str
    source: str = Field(description="The taxonomy the entry comes from")


class NormOut(BaseModel):
    model_config = _examples(
        {
            "id": "13f",
            "title": "Do not damage critical infrastructure",
            "text": "A State should not conduct or knowingly support ICT activity …",
            "sources": ["A/70/174 para 13(f)"],
            "status": "secondary",
        }
    )

    id: str
    title: str
    text: str = Field(description="A paraphrase of the norm, not the UN wording")
    sources: list[str]
    status: str = Field(description="How firmly the wording was checked: verified, secondary…")


class LawPrincipleOut(BaseModel):
    model_config = _examples(
        {
            "id": "law.sovereignty",
            "concept": "Sovereignty",
            "meaning": "States have jurisdiction over ICT infrastructure …",
            "anchors": ["UN Charter art. 2(1)"],
            "related_norms": [],
            "sources": ["cdtoolbox domain reference §2"],
            "status": "secondary",
        }
    )

    id: str
    concept: str
    meaning: str
    anchors: list[str]
    related_norms: list[str]
    sources: list[str]
    status: str


class InstrumentOut(BaseModel):
    model_config = _examples(
        {
            "id": "restrictive.sanctions",
            "name": "Restrictive measures (cyber sanctions)",
            "category": "restrictive",
            "level": 5,
            "decided_by": "Council",
            "decision_rule": "unanimity",
            "attribution_needed": "not_to_state",
            "legal_basis": "Council Decision (CFSP) 2019/797",
            "description": "Travel bans and asset freezes …",
            "sources": ["Council Decision (CFSP) 2019/797"],
            "status": "verified",
        }
    )

    id: str
    name: str
    category: str
    level: int = Field(description="Step on the graduated ladder, 1 (mildest) to 5 (strongest)")
    decided_by: str
    decision_rule: str
    attribution_needed: str
    legal_basis: str | None
    description: str
    sources: list[str]
    status: str


class CbmOut(BaseModel):
    model_config = _examples(
        {
            "id": "CBM-1",
            "title": "Share national views on national and transnational ICT threats",
            "decision": "1106",
            "decision_date": "2013-12-03",
            "sources": ["PC.DEC/1106"],
            "status": "secondary",
        }
    )

    id: str
    title: str
    decision: str = Field(description="OSCE Permanent Council decision number")
    decision_date: str
    sources: list[str]
    status: str


def country_out(country: Country) -> CountryOut:
    return CountryOut(
        code=country.code,
        alpha3=country.alpha3,
        name=country.name,
        eu_member=country.eu_member,
        continent=country.continent,
    )


def sector_out(sector: Sector) -> SectorOut:
    return SectorOut(
        id=sector.id,
        name=sector.name,
        target_category=sector.target_category.value,
        parent=sector.parent,
        description=sector.description,
        source=sector.source,
    )


def norm_out(norm: Norm) -> NormOut:
    return NormOut(
        id=norm.id,
        title=norm.title,
        text=norm.text,
        sources=list(norm.sources),
        status=norm.status.value,
    )


def law_out(principle: LawPrinciple) -> LawPrincipleOut:
    return LawPrincipleOut(
        id=principle.id,
        concept=principle.concept,
        meaning=principle.meaning,
        anchors=list(principle.anchors),
        related_norms=list(principle.related_norms),
        sources=list(principle.sources),
        status=principle.status.value,
    )


def instrument_out(instrument: Instrument) -> InstrumentOut:
    return InstrumentOut(
        id=instrument.id,
        name=instrument.name,
        category=instrument.category.value,
        level=instrument.level,
        decided_by=instrument.decided_by,
        decision_rule=instrument.decision_rule.value,
        attribution_needed=instrument.attribution_needed.value,
        legal_basis=instrument.legal_basis,
        description=instrument.description,
        sources=list(instrument.sources),
        status=instrument.status.value,
    )


def cbm_out(measure: ConfidenceBuildingMeasure) -> CbmOut:
    return CbmOut(
        id=measure.id,
        title=measure.title,
        decision=measure.decision,
        decision_date=measure.decision_date.isoformat(),
        sources=list(measure.sources),
        status=measure.status.value,
    )
