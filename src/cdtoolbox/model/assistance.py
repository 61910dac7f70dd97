"""Assistance between States and inside the Union: requests and offers, the teams that can be
sent and their deployments (see docs/assistance.md).

A request is addressed through one of five channels, each with its own legal basis: a State
under norm 13(h) of the UN framework of responsible State behaviour (through its registered
point of contact where the directory has one), the Member States under Art. 42(7) TEU, the
Union under Art. 222 TFEU, the PESCO Cyber Rapid Response Teams project, or the EU
Cybersecurity Reserve (Regulation (EU) 2025/38). Whether a request is overdue is never
stored: it is read from its status, its deadline and the reader's "now" (``is_overdue``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = [
    "Answer",
    "AssistanceRequest",
    "Channel",
    "Deployment",
    "Offer",
    "RequestStatus",
    "Team",
    "TeamKind",
    "Window",
    "deployment_problem",
    "is_overdue",
    "request_problem",
]


class Channel(StrEnum):
    """To whom a request is addressed, and under which basis."""

    NORM_13H = "norm-13h"  # a State, under norm 13(h)
    ART_42_7_TEU = "art-42-7-teu"  # the Member States, mutual assistance
    ART_222_TFEU = "art-222-tfeu"  # the Union, solidarity clause
    PESCO_CRRT = "pesco-crrt"  # the PESCO Cyber Rapid Response Teams project
    EU_RESERVE = "eu-cybersecurity-reserve"  # the EU Cybersecurity Reserve

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]

    @property
    def to_a_state(self) -> bool:
        """True for the one channel whose addressee is a single named State."""
        return self is Channel.NORM_13H


_CHANNEL_LABELS = {
    Channel.NORM_13H: "A State, under norm 13(h)",
    Channel.ART_42_7_TEU: "The Member States, under Art. 42(7) TEU",
    Channel.ART_222_TFEU: "The Union, under Art. 222 TFEU",
    Channel.PESCO_CRRT: "The PESCO Cyber Rapid Response Teams",
    Channel.EU_RESERVE: "The EU Cybersecurity Reserve",
}


class RequestStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


class TeamKind(StrEnum):
    PESCO_CRRT = "pesco-crrt"
    NATIONAL = "national"
    RESERVE_PROVIDER = "reserve-provider"  # a trusted provider of the EU Cybersecurity Reserve
    OTHER = "other"


@dataclass(frozen=True)
class Answer:
    """Who answered a request, when, and what they said."""

    by: str  # the State (ISO 3166-1 alpha-2) or body that answered
    at: datetime  # UTC
    text: str


@dataclass(frozen=True)
class AssistanceRequest:
    """A request for assistance, as its requester sent it and as it stands.

    ``addressee`` is the State asked under norm 13(h) and None for the other channels;
    ``point_of_contact`` the id of that State's registered contact the request went through.
    ``deadline`` None: no answer date was set.
    """

    id: str
    requester: str  # a State (ISO 3166-1 alpha-2) or a body ("EU", "CERT-EU", a CSDP mission)
    channel: Channel
    asked: str
    sent_at: datetime  # UTC
    recorded_at: datetime  # UTC
    recorded_by: str
    addressee: str | None = None
    point_of_contact: str | None = None
    incident_id: str | None = None
    deadline: datetime | None = None  # UTC
    status: RequestStatus = RequestStatus.OPEN
    answer: Answer | None = None
    withdrawn_at: datetime | None = None
    tlp: Tlp = Tlp.AMBER
    classification: Classification | None = None  # EU classification; None: unclassified
    version: int = 1

    def evolve(self, **changes: object) -> AssistanceRequest:
        return replace(self, **changes)  # type: ignore[arg-type]


def is_overdue(request: AssistanceRequest, at: datetime) -> bool:
    """Open and past its deadline at ``at``: an answered or withdrawn request is never
    overdue, nor is one without a deadline."""
    return (
        request.status is RequestStatus.OPEN
        and request.deadline is not None
        and at > request.deadline
    )


def request_problem(request: AssistanceRequest) -> tuple[str, object, str] | None:
    """What is wrong with a request, as (field, value, reason), or None."""
    if not request.asked.strip():
        return "asked", request.asked, "is required: say what is asked"
    if request.channel.to_a_state and request.addressee is None:
        return "addressee", None, "is required for a request under norm 13(h): name the State"
    if not request.channel.to_a_state and request.addressee is not None:
        reason = f"is only given under norm 13(h); {request.channel.label} names no State"
        return "addressee", request.addressee, reason
    if request.addressee is not None and request.addressee == request.requester:
        return "addressee", request.addressee, "is the requester itself"
    if request.sent_at > request.recorded_at:
        sent = request.sent_at.isoformat()
        return "sent_at", sent, f"is later than now ({request.recorded_at.isoformat()})"
    if request.deadline is not None and request.deadline < request.sent_at:
        reason = f"is before the request was sent ({request.sent_at.isoformat()})"
        return "deadline", request.deadline.isoformat(), reason
    return None


@dataclass(frozen=True)
class Offer:
    """Assistance offered: by whom, what, for which request or to which State."""

    id: str
    offered_by: str  # a State (ISO 3166-1 alpha-2) or a body
    what: str
    offered_at: datetime  # UTC
    recorded_by: str
    request_id: str | None = None
    to_state: str | None = None  # ISO 3166-1 alpha-2; the requester's, when for a request
    tlp: Tlp = Tlp.AMBER
    classification: Classification | None = None


@dataclass(frozen=True)
class Window:
    """A period a team is available, both days included; ``ends`` None: open-ended."""

    starts: date
    ends: date | None = None


@dataclass(frozen=True)
class Team:
    """A team that can be sent: who takes part, who observes, what it can do and when."""

    id: str
    name: str
    kind: TeamKind
    lead: str | None = None  # ISO 3166-1 alpha-2
    participants: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    availability: tuple[Window, ...] = ()
    response_hours: int | None = None  # the time it commits to respond within, if any
    who_may_request: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()  # where a bundled team's facts come from
    bundled: bool = False  # reference data shipped with the tool, not recorded by a user
    tlp: Tlp = Tlp.CLEAR
    classification: Classification | None = None


@dataclass(frozen=True)
class Deployment:
    """A team sent somewhere: when, for what, and (once closed) how it went."""

    id: str
    team_id: str
    location: str  # a State (ISO 3166-1 alpha-2) or a body (an EU mission, an institution)
    starts: date
    recorded_at: datetime
    recorded_by: str
    ends: date | None = None
    incident_id: str | None = None
    tasks: tuple[str, ...] = ()
    outcome: str | None = None
    lessons: str | None = None
    closed: bool = False
    tlp: Tlp = Tlp.AMBER
    classification: Classification | None = None
    version: int = 1

    def evolve(self, **changes: object) -> Deployment:
        return replace(self, **changes)  # type: ignore[arg-type]


def deployment_problem(deployment: Deployment) -> tuple[str, object, str] | None:
    """What is wrong with a deployment, as (field, value, reason), or None."""
    if not deployment.tasks:
        return "tasks", [], "is required: name at least one task"
    if deployment.ends is not None and deployment.ends < deployment.starts:
        reason = f"is before the deployment starts ({deployment.starts.isoformat()})"
        return "ends", deployment.ends.isoformat(), reason
    if deployment.closed and not (deployment.outcome or "").strip():
        return "outcome", deployment.outcome, "is required to close a deployment"
    return None
