"""Wire schemas of the capacity-building register (Pydantic v2); the documents are
``model.capacity_codec``'s."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.capacity import CapacityGap, CapacityProject, CapacityTheme
from cdtoolbox.model.capacity_codec import gap_to_dict, project_to_dict

__all__ = ["GapOut", "ProjectIn", "ProjectOut", "gap_out", "project_out"]

_THEMES = ", ".join(theme.value for theme in CapacityTheme)

_PROJECT_EXAMPLE: dict[str, Any] = {
    "id": "cybereast",
    "title": "CyberEast — Action on Cybercrime for Cyber Resilience in the Eastern Partnership",
    "funder": "European Union (90 %) and Council of Europe (10 %)",
    "themes": ["cybercrime-law", "e-evidence", "incident-response"],
    "sources": ["https://www.coe.int/en/web/cybercrime/cybereast"],
    "instrument": "ENI East",
    "implementers": ["Council of Europe (C-PROC)"],
    "partner_countries": ["AM", "AZ", "BY", "GE", "MD", "UA"],
    "region": "eastern-partnership",
    "budget_eur": 4222222,
    "starts_on": "2019-06-20",
    "ends_on": "2023-12-31",
    "status": "completed",
    "outcomes": [],
    "note": "The EU's share; finished in December 2023.",
    "tlp": "clear",
    "classification": None,
    "recorded_by": None,
    "version": 1,
}


class ProjectOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_PROJECT_EXAMPLE]})

    id: str
    title: str
    funder: str
    themes: list[str] = Field(description=f"Among: {_THEMES}")
    sources: list[str]
    instrument: str | None = Field(description="The funding instrument, e.g. NDICI-Global Europe")
    implementers: list[str]
    partner_countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes")
    region: str | None = Field(description="A region id of the register")
    budget_eur: int | None = Field(description="In EUR, only as a source gives it")
    starts_on: str | None
    ends_on: str | None
    status: str = Field(description="planned, ongoing, completed or unknown")
    outcomes: list[str] = Field(description="Outcomes and indicators as reported")
    note: str | None = Field(description="What the sources leave open (not confirmed)")
    tlp: str
    classification: str | None = Field(
        description="The project's EU classification; null: unclassified (docs/markings.md)"
    )
    recorded_by: str | None = Field(description="None for a bundled project")
    version: int


class ProjectIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Cyber resilience for Moldova",
                    "funder": "European Union",
                    "themes": ["incident-response", "crisis-management"],
                    "partner_countries": ["MD"],
                    "budget_eur": 1500000,
                    "starts_on": "2025-01-01",
                    "status": "ongoing",
                    "sources": ["https://example.org/project"],
                }
            ]
        },
        extra="forbid",
    )

    title: str
    funder: str
    themes: list[str] = Field(description=f"At least one of: {_THEMES}")
    sources: list[str] = Field(description="Public addresses; at least one")
    instrument: str | None = None
    implementers: list[str] = Field(default_factory=list)
    partner_countries: list[str] = Field(
        default_factory=list, description="ISO codes or names of the partner countries"
    )
    region: str | None = Field(None, description="A region id (docs/capacity.md)")
    budget_eur: int | None = Field(None, description="In EUR; never negative")
    starts_on: str | None = Field(None, description="YYYY-MM-DD")
    ends_on: str | None = Field(None, description="YYYY-MM-DD, not before the start")
    status: str = Field("unknown", description="planned, ongoing, completed or unknown")
    outcomes: list[str] = Field(default_factory=list)
    note: str | None = None
    tlp: str = Field("clear", description="The project's marking, at most your clearance")
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified. Needs a classification clearance at least as high",
    )


class GapOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "state": "RS",
                    "theme": "incident-response",
                    "incidents": 2,
                    "worst": "severe",
                    "weak_cbm": False,
                    "reasons": [
                        "2 incidents, highest severe",
                        "no CSIRT and incident response project",
                    ],
                    "reason": "2 incidents, highest severe; no CSIRT and incident response project",
                }
            ]
        }
    )

    state: str = Field(description="ISO 3166-1 alpha-2 code")
    theme: str = Field(description=f"Among: {_THEMES}")
    incidents: int = Field(
        description="Incidents against the State you may read whose kinds call for the theme"
    )
    worst: str | None = Field(
        description="The highest severity among them (the assessment's most likely level: "
        "unknown, low, medium, high, severe, critical); null without incidents"
    )
    weak_cbm: bool = Field(description="Implements fewer than half the CBMs recorded for it")
    reasons: list[str] = Field(description="Why this is a gap, one clause each")
    reason: str = Field(description="The reasons as one sentence")


def project_out(project: CapacityProject) -> ProjectOut:
    return ProjectOut.model_validate(project_to_dict(project))


def gap_out(gap: CapacityGap) -> GapOut:
    return GapOut.model_validate(gap_to_dict(gap))
