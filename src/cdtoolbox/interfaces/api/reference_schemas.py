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
from cdtoolbox.model.dataclass_codec import Codec

__all__ = [
    "CbmOut",
    "CountryOut",
    "EntryList",
    "InstrumentOut",
    "LawPrincipleOut",
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


class EntryList(BaseModel, Generic[T]):
    """A complete, bounded list of reference entries (no pagination needed): ``{items, total}``.

    Not ``Listing``, which names a sanctions listing in the domain model."""

    items: list[T]
    total: int = Field(description="How many entries there are", examples=[1])


class CountryOut(BaseModel):
    model_config = _examples(
        {
            "code": "GR",
            "alpha3": "GRC",
            "name": "Greece",
            "display_code": "EL",
            "eu_member": True,
            "continent": "Europe",
        }
    )

    code: str = Field(description="ISO 3166-1 alpha-2: the identifier everywhere in the API")
    alpha3: str
    name: str = Field(
        description="Short name per the EU Interinstitutional Style Guide ('North Korea', never "
        "an ISO long form such as 'Korea, Democratic People's Republic of'); never a comma"
    )
    display_code: str = Field(
        description="The code the EU shows (EL for Greece, UK for the United Kingdom), else the "
        "ISO code: for display only"
    )
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
            "id": "OSCE-CBM-8",
            "framework": "osce",
            "number": 8,
            "title": "Points of contact",
            "summary": "Nominate a contact point for communication and dialogue on ICT "
            "security and keep its contact data up to date",
            "adopted_by": "PC.DEC/1106",
            "adopted_on": "2013-12-03",
            "sources": ["OSCE PC.DEC/1106"],
            "status": "secondary",
            "confirmed": True,
        }
    )

    id: str
    framework: str = Field(description="osce, arf, oas or un")
    number: int = Field(description="The measure's number within its framework")
    title: str
    summary: str
    adopted_by: str = Field(description="The adopting document, e.g. PC.DEC/1106")
    adopted_on: str | None = Field(description="None where the sources read give no date")
    sources: list[str]
    status: str = Field(description="verified, secondary or unverified")
    confirmed: bool = Field(description="False for a paraphrase not checked against its text")


# Each converter writes the wire schema's own fields through the entry's declared codec.
_COUNTRIES = Codec(Country, keys=list(CountryOut.model_fields))
_SECTORS = Codec(Sector, keys=list(SectorOut.model_fields))
_NORMS = Codec(Norm, keys=list(NormOut.model_fields))
_PRINCIPLES = Codec(LawPrinciple, keys=list(LawPrincipleOut.model_fields))
_INSTRUMENTS = Codec(Instrument, keys=list(InstrumentOut.model_fields))
_CBMS = Codec(ConfidenceBuildingMeasure, keys=list(CbmOut.model_fields))


def country_out(country: Country) -> CountryOut:
    return CountryOut.model_validate(_COUNTRIES.encode(country))


def sector_out(sector: Sector) -> SectorOut:
    return SectorOut.model_validate(_SECTORS.encode(sector))


def norm_out(norm: Norm) -> NormOut:
    return NormOut.model_validate(_NORMS.encode(norm))


def law_out(principle: LawPrinciple) -> LawPrincipleOut:
    return LawPrincipleOut.model_validate(_PRINCIPLES.encode(principle))


def instrument_out(instrument: Instrument) -> InstrumentOut:
    return InstrumentOut.model_validate(_INSTRUMENTS.encode(instrument))


def cbm_out(measure: ConfidenceBuildingMeasure) -> CbmOut:
    return CbmOut.model_validate(_CBMS.encode(measure))
