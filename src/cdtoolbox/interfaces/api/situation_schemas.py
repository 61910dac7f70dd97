"""Wire schemas of the situation log and board (Pydantic v2); the documents are
``model.situation_codec``'s."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.situation import (
    BoardRow,
    CrisisLevel,
    EventKind,
    IncidentEvent,
    OperationalStatus,
)
from cdtoolbox.model.situation_codec import event_to_dict, row_to_dict

__all__ = [
    "BoardRowOut",
    "EventIn",
    "EventOut",
    "LevelIn",
    "StatusIn",
    "TimelineOut",
    "event_out",
    "row_out",
]

_STATUSES = ", ".join(s.value for s in OperationalStatus)
_LEVELS = ", ".join(level.value for level in CrisisLevel)
_KINDS = ", ".join(kind.value for kind in EventKind)
_AT = "When it happened, ISO 8601 (UTC without an offset); default now; never later than now"
_TLP = "The event's TLP marking, at most your clearance; default: the incident's"
_CLASSIFICATION = (
    "EU classification: restreint-ue, confidentiel-ue or secret-ue; default: the incident's. "
    "Needs a classification clearance at least as high"
)
_BODY = "The id of a body convened (csirts-network, enisa, eu-cyclone, council-ipcr, …)"

_EVENT_EXAMPLE: dict[str, Any] = {
    "id": "1f0c9c7e-4f59-4c1e-9a55-3c1f0d6b8a21",
    "incident_id": "912951bb-b82f-572a-80f6-189a6af4ab34",
    "kind": "level-changed",
    "occurred_at": "2026-11-24T08:00:00+00:00",
    "recorded_at": "2026-11-24T08:05:00+00:00",
    "recorded_by": "analyst",
    "summary": "EU-CyCLONe activated.",
    "status": None,
    "level": "operational",
    "previous_level": "technical",
    "reason": "Hospitals in three Member States disrupted.",
    "body": "eu-cyclone",
    "tlp": "amber",
    "classification": None,
    "direction": "escalation",
}


class EventOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EVENT_EXAMPLE]})

    id: str
    incident_id: str
    kind: str = Field(description=f"One of: {_KINDS}")
    occurred_at: str = Field(description="When it happened (UTC)")
    recorded_at: str = Field(description="When it was recorded (UTC)")
    recorded_by: str
    summary: str
    status: str | None = Field(description=f"The new status of a status change: {_STATUSES}")
    level: str | None = Field(description=f"The new level of a level change: {_LEVELS}")
    previous_level: str | None = Field(
        description="The level a level change left, as the readers of its marking saw it"
    )
    reason: str | None = Field(description="Why the level changed")
    body: str | None = Field(description="The body convened, if any")
    tlp: str
    classification: str | None = Field(description="null: unclassified (docs/markings.md)")
    direction: str | None = Field(description="escalation or de-escalation, for a level change")


class TimelineOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "confirmed",
                    "level": "operational",
                    "items": [_EVENT_EXAMPLE],
                    "total": 1,
                }
            ]
        }
    )

    status: str | None = Field(description=f"The latest status you may read: {_STATUSES}")
    level: str = Field(description=f"The latest crisis level you may read: {_LEVELS}")
    items: list[EventOut] = Field(description="The events you may read, oldest first")
    total: int


class OpenCaseOut(BaseModel):
    id: str
    title: str


class BoardRowOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "incident_id": "912951bb-b82f-572a-80f6-189a6af4ab34",
                    "slug": "wannacry-2017",
                    "title": "WannaCry ransomware worm",
                    "status": "contained",
                    "level": "operational",
                    "first_seen": "2017-05-12",
                    "last_updated": "2026-11-24T08:00:00+00:00",
                    "member_states": ["ES", "DE", "FR"],
                    "sectors": ["health", "transport"],
                    "severity": "critical",
                    "attribution": ["KP", "Lazarus Group"],
                    "open_cases": [],
                    "open_requests": 1,
                    "overdue_requests": 1,
                    "changed": True,
                }
            ]
        }
    )

    incident_id: str
    slug: str
    title: str
    status: str | None = Field(description=f"{_STATUSES}; null: none recorded")
    level: str = Field(description=_LEVELS)
    first_seen: str = Field(description="The earliest event or the incident's start (a date)")
    last_updated: str = Field(description="The latest event you may read")
    member_states: list[str] = Field(description="Victim countries that are EU Member States")
    sectors: list[str]
    severity: str = Field(description="The assessment's most likely severity level")
    attribution: list[str] = Field(
        description="Attributed States (ISO codes) and actors, or ['unattributed']"
    )
    open_cases: list[OpenCaseOut] = Field(description="Response cases not closed")
    open_requests: int = Field(
        description="Requests for assistance about the incident that are still open"
    )
    overdue_requests: int = Field(description="Of the open requests, those past their deadline now")
    changed: bool = Field(
        description="Updated at or after `since` (your previous visit, say); false without `since`"
    )


class _Marked(BaseModel):
    model_config = ConfigDict(extra="forbid")

    occurred_at: str | None = Field(None, description=_AT)
    tlp: str | None = Field(None, description=_TLP)
    classification: str | None = Field(None, description=_CLASSIFICATION)


class EventIn(_Marked):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "meeting-held",
                    "summary": "EU-CyCLONe met on the incident.",
                    "body": "eu-cyclone",
                    "tlp": "amber",
                }
            ]
        },
    )

    kind: str = Field(description=f"One of: {_KINDS}")
    summary: str
    body: str | None = Field(None, description=_BODY)


class StatusIn(_Marked):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"status": "contained"}]}
    )

    status: str = Field(description=f"One of: {_STATUSES}")
    summary: str | None = None


class LevelIn(_Marked):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "level": "operational",
                    "reason": "Hospitals in three Member States disrupted.",
                    "body": "eu-cyclone",
                }
            ]
        },
    )

    level: str = Field(description=f"One of: {_LEVELS}")
    reason: str = Field(description="Why the level changes (required)")
    summary: str | None = None
    body: str | None = Field(None, description=_BODY)


def event_out(event: IncidentEvent) -> EventOut:
    return EventOut.model_validate(event_to_dict(event))


def row_out(row: BoardRow) -> BoardRowOut:
    return BoardRowOut.model_validate(row_to_dict(row))
