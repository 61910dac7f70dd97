"""Wire schema of a partner country's profile (Pydantic v2); the document is
``model.partner_profile_codec``'s."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.interfaces.api.capacity_schemas import _PROJECT_EXAMPLE, ProjectOut
from cdtoolbox.interfaces.api.cooperation_schemas import (
    _POC_EXAMPLE,
    _RECORD_EXAMPLE,
    ImplementationOut,
    PocOut,
)
from cdtoolbox.model.partner_profile import PartnerProfile
from cdtoolbox.model.partner_profile_codec import profile_to_dict

__all__ = ["PartnerProfileOut", "partner_profile_out"]

# Moldova as the bundled CyberEast project, one CBM record, one wiper and one contact make it:
# EUR 4,222,222 over 2019-2023 is 844,444 a year and the two euros left over go to 2019, 2020.
_PROFILE_EXAMPLE: dict[str, Any] = {
    "country": "MD",
    "name": "Moldova",
    "empty": False,
    "projects": [_PROJECT_EXAMPLE],
    "themes": [
        {"theme": "incident-response", "label": "CSIRT and incident response", "projects": 1},
        {"theme": "cybercrime-law", "label": "Cybercrime law and prosecution", "projects": 1},
        {"theme": "e-evidence", "label": "E-evidence", "projects": 1},
    ],
    "budget": {
        "years": [
            {"year": 2019, "eur": 844445, "projects": 1},
            {"year": 2020, "eur": 844445, "projects": 1},
            {"year": 2021, "eur": 844444, "projects": 1},
            {"year": 2022, "eur": 844444, "projects": 1},
            {"year": 2023, "eur": 844444, "projects": 1},
        ],
        "total_eur": 4222222,
        "undated": [],
        "undated_eur": 0,
        "unbudgeted": [],
    },
    "cbm": {
        "frameworks": ["osce", "un"],
        "measures": 24,
        "statuses": {"not-reported": 23, "planned": 0, "partial": 0, "implemented": 1},
        "records": [{**_RECORD_EXAMPLE, "state": "MD"}],
    },
    "incidents_suffered": {
        "total": 1,
        "highest_severity": "high",
        "items": [
            {
                "id": "5a1e0000-0000-4000-8000-000000000001",
                "slug": "grid-wiper-2024",
                "title": "Grid wiper",
                "start": "2024-03",
                "types": ["wiper"],
                "victim_countries": ["MD"],
                "attributed_states": [],
                "severity": "high",
                "officially_attributed": False,
                "tlp": "clear",
                "classification": None,
            }
        ],
    },
    "incidents_attributed": {"total": 0, "highest_severity": None, "items": []},
    "contacts": [
        {
            **_POC_EXAMPLE,
            "id": "md-osce-cert-gov-md",
            "state": "MD",
            "organisation": "CERT-GOV-MD",
            "languages": ["ro", "en"],
        }
    ],
}


class ThemeCountOut(BaseModel):
    theme: str
    label: str
    projects: int = Field(description="How many of the projects serve the theme")


class BudgetYearOut(BaseModel):
    year: int
    eur: int = Field(description="The year's share of the budgets, each spread evenly")
    projects: int = Field(description="The projects with a share in the year")


class BudgetOut(BaseModel):
    years: list[BudgetYearOut] = Field(
        description="Each project's budget spread evenly over the calendar years from its "
        "start to its end, oldest first"
    )
    total_eur: int
    undated: list[str] = Field(
        description="Projects with a budget but without a start or an end: not placed in years"
    )
    undated_eur: int
    unbudgeted: list[str] = Field(description="Projects no source gives a budget for")


class CbmOut(BaseModel):
    frameworks: list[str] = Field(description="The frameworks the State takes part in")
    measures: int = Field(description="How many measures it is expected to report on")
    statuses: dict[str, int] = Field(
        description="How many measures are at each status, not-reported included"
    )
    records: list[ImplementationOut]


class PartnerIncidentOut(BaseModel):
    id: str
    slug: str
    title: str
    start: str | None
    types: list[str]
    victim_countries: list[str]
    attributed_states: list[str]
    severity: str = Field(
        description="The assessment's most likely severity level: unknown, low, medium, "
        "high, severe or critical"
    )
    officially_attributed: bool = Field(
        description="The State is publicly held responsible by a government, the EU or an "
        "international organisation"
    )
    tlp: str
    classification: str | None


class PartnerIncidentsOut(BaseModel):
    total: int
    highest_severity: str | None = Field(description="null when there are none")
    items: list[PartnerIncidentOut] = Field(description="Newest first")


class PartnerProfileOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_PROFILE_EXAMPLE]})

    country: str = Field(description="ISO 3166-1 alpha-2")
    name: str
    empty: bool = Field(description="Nothing you may read is on record for the State")
    projects: list[ProjectOut] = Field(description="The projects naming it as partner")
    themes: list[ThemeCountOut]
    budget: BudgetOut
    cbm: CbmOut
    incidents_suffered: PartnerIncidentsOut = Field(description="The State among the victims")
    incidents_attributed: PartnerIncidentsOut = Field(
        description="An attribution names the State, or the State sponsors an actor named"
    )
    contacts: list[PocOut]


def partner_profile_out(profile: PartnerProfile) -> PartnerProfileOut:
    return PartnerProfileOut.model_validate(profile_to_dict(profile))
