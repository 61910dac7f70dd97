"""Wire schemas of requests for assistance, offers, teams and deployments (Pydantic v2); the
documents are ``model.assistance_codec``'s."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.assistance import (
    AssistanceRequest,
    Channel,
    Deployment,
    Offer,
    RequestStatus,
    Team,
    TeamKind,
    is_overdue,
)
from cdtoolbox.model.assistance_codec import (
    deployment_to_dict,
    offer_to_dict,
    request_to_dict,
    team_to_dict,
)

__all__ = [
    "AnswerIn",
    "DeploymentClose",
    "DeploymentIn",
    "DeploymentOut",
    "OfferIn",
    "OfferOut",
    "RequestIn",
    "RequestOut",
    "TeamIn",
    "TeamOut",
    "deployment_out",
    "offer_out",
    "request_out",
    "team_out",
]

_CHANNELS = ", ".join(c.value for c in Channel)
_STATUSES = ", ".join(s.value for s in RequestStatus)
_KINDS = ", ".join(k.value for k in TeamKind)
_TLP = "TLP marking, at most your clearance; default: the incident's, else amber"
_CLASSIFICATION = (
    "EU classification: restreint-ue, confidentiel-ue or secret-ue; default: the incident's. "
    "Needs a classification clearance at least as high"
)
_PARTY = "A State (ISO 3166-1 alpha-2 code or name) or a body named in full"

_REQUEST_EXAMPLE: dict[str, Any] = {
    "id": "5b6c2a8e-3f0d-4c57-a0c4-0d1e2f3a4b5c",
    "requester": "EE",
    "channel": "norm-13h",
    "asked": "Mitigate the command servers hosted in your territory.",
    "sent_at": "2026-11-20T10:00:00+00:00",
    "recorded_at": "2026-11-20T10:05:00+00:00",
    "recorded_by": "analyst",
    "addressee": "DE",
    "point_of_contact": "de-osce-federal-foreign-office",
    "incident_id": "912951bb-b82f-572a-80f6-189a6af4ab34",
    "deadline": "2026-11-22T10:00:00+00:00",
    "status": "open",
    "answer": None,
    "withdrawn_at": None,
    "tlp": "amber",
    "classification": None,
    "version": 1,
    "overdue": True,
}


class AnswerOut(BaseModel):
    by: str = Field(description=_PARTY)
    at: str = Field(description="When it was answered (UTC)")
    text: str


class OfferOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    "offered_by": "SE",
                    "what": "Two incident responders.",
                    "offered_at": "2026-11-21T09:00:00+00:00",
                    "recorded_by": "analyst",
                    "request_id": "5b6c2a8e-3f0d-4c57-a0c4-0d1e2f3a4b5c",
                    "to_state": "EE",
                    "tlp": "amber",
                    "classification": None,
                }
            ]
        }
    )

    id: str
    offered_by: str = Field(description=_PARTY)
    what: str
    offered_at: str = Field(description="When it was offered (UTC)")
    recorded_by: str
    request_id: str | None = Field(description="The request it answers, if any")
    to_state: str | None = Field(description="The State offered to")
    tlp: str
    classification: str | None = Field(description="null: unclassified (docs/markings.md)")


class RequestOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_REQUEST_EXAMPLE]})

    id: str
    requester: str = Field(description=_PARTY)
    channel: str = Field(description=f"One of: {_CHANNELS}")
    asked: str
    sent_at: str = Field(description="When it was sent (UTC)")
    recorded_at: str
    recorded_by: str
    addressee: str | None = Field(description="The State asked under norm 13(h)")
    point_of_contact: str | None = Field(
        description="The id of the addressed State's registered point of contact, if any"
    )
    incident_id: str | None
    deadline: str | None = Field(description="When an answer is due (UTC); null: none set")
    status: str = Field(description=f"One of: {_STATUSES}")
    answer: AnswerOut | None
    withdrawn_at: str | None
    tlp: str
    classification: str | None = Field(description="null: unclassified (docs/markings.md)")
    version: int
    overdue: bool = Field(description="Open and past its deadline now")
    offers: list[OfferOut] | None = Field(
        None, description="The offers made for it (on a single request's answer)"
    )


class WindowOut(BaseModel):
    starts: str
    ends: str | None = Field(description="null: open-ended")


class TeamOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "pesco-crrt",
                    "name": "PESCO Cyber Rapid Response Teams (CRRT)",
                    "kind": "pesco-crrt",
                    "lead": "LT",
                    "participants": ["BE", "HR", "DK", "EE", "LT", "NL", "PL", "RO", "SI"],
                    "observers": ["FI", "FR", "GR", "IT", "ES"],
                    "skills": ["incident response", "vulnerability assessment"],
                    "availability": [],
                    "response_hours": 72,
                    "who_may_request": "Project participants, other EU Member States, …",
                    "note": None,
                    "sources": ["https://crrts.eu/index.html"],
                    "bundled": True,
                    "tlp": "clear",
                    "classification": None,
                }
            ]
        }
    )

    id: str
    name: str
    kind: str = Field(description=f"One of: {_KINDS}")
    lead: str | None
    participants: list[str]
    observers: list[str]
    skills: list[str]
    availability: list[WindowOut]
    response_hours: int | None = Field(description="The response time it commits to, if any")
    who_may_request: str | None
    note: str | None
    sources: list[str] = Field(description="Where a bundled team's facts come from")
    bundled: bool = Field(description="Reference data shipped with the tool")
    tlp: str
    classification: str | None


class DeploymentOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "7d1e0f2a-9b3c-4d5e-8f60-718293a4b5c6",
                    "team_id": "pesco-crrt",
                    "location": "MD",
                    "starts": "2026-11-23",
                    "recorded_at": "2026-11-22T16:00:00+00:00",
                    "recorded_by": "analyst",
                    "ends": "2026-11-30",
                    "incident_id": None,
                    "tasks": ["vulnerability assessment"],
                    "outcome": None,
                    "lessons": None,
                    "closed": False,
                    "tlp": "amber",
                    "classification": None,
                    "version": 1,
                }
            ]
        }
    )

    id: str
    team_id: str
    location: str = Field(description=_PARTY)
    starts: str
    recorded_at: str
    recorded_by: str
    ends: str | None
    incident_id: str | None
    tasks: list[str]
    outcome: str | None
    lessons: str | None
    closed: bool
    tlp: str
    classification: str | None
    version: int


class _Marked(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tlp: str | None = Field(None, description=_TLP)
    classification: str | None = Field(None, description=_CLASSIFICATION)


class RequestIn(_Marked):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "requester": "EE",
                    "channel": "norm-13h",
                    "addressee": "DE",
                    "incident": "wannacry-2017",
                    "asked": "Mitigate the command servers hosted in your territory.",
                    "deadline": "2026-11-22T10:00",
                }
            ]
        },
    )

    requester: str = Field(description=_PARTY)
    channel: str = Field(description=f"One of: {_CHANNELS}")
    asked: str = Field(description="What is asked")
    addressee: str | None = Field(None, description="The State asked (norm-13h only)")
    incident: str | None = Field(None, description="The incident concerned (id or slug)")
    sent_at: datetime | None = Field(None, description="When it was sent; default now")
    deadline: datetime | None = Field(
        None,
        description="When an answer is due; default: the channel's confirmed response time "
        "(72 hours for pesco-crrt), else none. Never before it was sent",
    )


class AnswerIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"text": "Servers taken down."}]}
    )

    text: str
    answered_by: str | None = Field(
        None, description=_PARTY + "; default: the State asked under norm 13(h)"
    )
    at: datetime | None = Field(None, description="When it was answered; default now")


class OfferIn(_Marked):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"offered_by": "SE", "what": "Two incident responders.", "to_state": "EE"}]
        },
    )

    offered_by: str = Field(description=_PARTY)
    what: str
    request: str | None = Field(None, description="The request it answers (its id)")
    to_state: str | None = Field(None, description="The State offered to, without a request")


class TeamIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Estonian Cyber Defence Unit",
                    "kind": "national",
                    "lead": "EE",
                    "participants": ["EE"],
                    "skills": ["forensics"],
                    "availability": [{"starts": "2026-11-01", "ends": "2026-12-31"}],
                }
            ]
        },
    )

    name: str
    kind: str = Field(description=f"One of: {_KINDS}")
    lead: str | None = None
    participants: list[str] = []
    observers: list[str] = []
    skills: list[str] = []
    availability: list[WindowOut] = []
    tlp: str = Field("amber", description="TLP marking, at most your clearance")
    classification: str | None = Field(None, description=_CLASSIFICATION)


class DeploymentIn(_Marked):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "location": "MD",
                    "starts": "2026-11-23",
                    "ends": "2026-11-30",
                    "tasks": ["vulnerability assessment"],
                    "incident": "wannacry-2017",
                }
            ]
        },
    )

    location: str = Field(description=_PARTY)
    starts: str = Field(description="First day, YYYY-MM-DD")
    ends: str | None = Field(None, description="Last day, YYYY-MM-DD; never before the first")
    tasks: list[str]
    incident: str | None = Field(None, description="The incident concerned (id or slug)")


class DeploymentClose(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"outcome": "Assessment delivered."}]}
    )

    outcome: str
    lessons: str | None = None
    ends: str | None = Field(
        None, description="Last day, YYYY-MM-DD; default: as recorded, else today"
    )


def request_out(
    request: AssistanceRequest, now: datetime, offers: tuple[Offer, ...] | None = None
) -> RequestOut:
    document = {**request_to_dict(request), "overdue": is_overdue(request, now)}
    if offers is not None:
        document["offers"] = [offer_to_dict(o) for o in offers]
    return RequestOut.model_validate(document)


def offer_out(offer: Offer) -> OfferOut:
    return OfferOut.model_validate(offer_to_dict(offer))


def team_out(team: Team) -> TeamOut:
    return TeamOut.model_validate(team_to_dict(team))


def deployment_out(deployment: Deployment) -> DeploymentOut:
    return DeploymentOut.model_validate(deployment_to_dict(deployment))
