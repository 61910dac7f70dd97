"""Wire schemas of situation reports (Pydantic v2); the documents are
``model.sitrep_codec``'s."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.sitrep import Sitrep
from cdtoolbox.model.sitrep_codec import sitrep_to_dict

__all__ = ["ApproveIn", "DraftIn", "ReviseIn", "SitrepOut", "sitrep_out"]

_TLP = "The version's TLP marking, at most your clearance; default: the incident's (a draft) "
_CLASSIFICATION = (
    "EU classification: restreint-ue, confidentiel-ue or secret-ue; never above your own "
    "classification clearance. A classified sitrep is never exported"
)

_EXAMPLE: dict[str, Any] = {
    "id": "5b7f2a8e-0c1d-4e8f-9a6b-2d3c4e5f6a7b",
    "version": 2,
    "incident_id": "912951bb-b82f-572a-80f6-189a6af4ab34",
    "summary": "Ransomware halted admissions in three hospitals.",
    "assessment": "Criminal group; no state link established.",
    "actions": "CSIRTs Network exchanged indicators.",
    "next_steps": "Review at the next EU-CyCLONe meeting.",
    "drafted_at": "2026-11-24T08:00:00+00:00",
    "drafted_by": "analyst",
    "status": "approved",
    "approved_at": "2026-11-24T09:30:00+00:00",
    "approved_by": "approver",
    "tlp": "amber",
    "classification": None,
}


class SitrepOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    id: str = Field(description="Names the report across its versions")
    version: int = Field(description="Counts from 1; every version is kept")
    incident_id: str
    summary: str
    assessment: str
    actions: str
    next_steps: str
    drafted_at: str = Field(description="When this version was written (UTC)")
    drafted_by: str
    status: str = Field(description="draft or approved")
    approved_at: str | None = Field(description="When it was approved (UTC); null: a draft")
    approved_by: str | None = Field(description="Who approved it, never its author")
    tlp: str
    classification: str | None = Field(description="null: unclassified (docs/markings.md)")


class _Sections(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tlp: str | None = Field(None, description=_TLP)
    classification: str | None = Field(None, description=_CLASSIFICATION)


class DraftIn(_Sections):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "incident": "wannacry-2017",
                    "summary": _EXAMPLE["summary"],
                    "assessment": _EXAMPLE["assessment"],
                    "actions": _EXAMPLE["actions"],
                    "next_steps": _EXAMPLE["next_steps"],
                }
            ]
        },
    )

    incident: str = Field(description="The incident's id or slug")
    summary: str = Field(description="What is known")
    assessment: str = Field(description="How it is judged: impact, attribution, outlook")
    actions: str = Field(description="What has been done")
    next_steps: str = Field(description="What comes next")


class ReviseIn(_Sections):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"expected_version": 1, "next_steps": "Convene EU-CyCLONe."}]
        },
    )

    expected_version: int = Field(
        description="The version revised; 409 when another has been written since"
    )
    summary: str | None = Field(None, description="Replaces the summary; null: carried over")
    assessment: str | None = Field(None, description="Replaces the assessment")
    actions: str | None = Field(None, description="Replaces the actions")
    next_steps: str | None = Field(None, description="Replaces the next steps")


class ApproveIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"version": 2}]})

    version: int = Field(description="The version approved: the latest, a draft")


def sitrep_out(sitrep: Sitrep) -> SitrepOut:
    return SitrepOut.model_validate(sitrep_to_dict(sitrep))
