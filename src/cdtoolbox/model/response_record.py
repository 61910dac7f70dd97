"""A public response as the store keeps it: the response, its markings, its state and who
drafted and confirmed it.

A response is either bundled (loaded by ``cdt init`` from the responses file, confirmed, at
TLP:CLEAR) or an analyst's: drafted from a stored statement, then confirmed with corrections.
Only confirmed responses are precedents of the assessment and show on incident pages; a draft
is a proposal, kept at the marking of the statement it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from cdtoolbox.model.response import PublicResponse
from cdtoolbox.model.vocabulary import Classification, Confidence, Likelihood, Tlp

__all__ = [
    "DraftCorrections",
    "IncidentDraft",
    "ResponseOrigin",
    "ResponseQuery",
    "ResponseRecord",
    "ResponseState",
]


class ResponseState(StrEnum):
    DRAFT = "draft"  # read from a statement, awaiting an analyst's review
    CONFIRMED = "confirmed"  # a precedent: the assessment and the incident pages read it


class ResponseOrigin(StrEnum):
    BUNDLED = "bundled"  # the responses file of the release (knowledge/data/responses.yaml)
    ANALYST = "analyst"  # drafted from a stored statement and confirmed by an analyst


@dataclass(frozen=True)
class IncidentDraft:
    """The incident a statement describes where the store holds none: what an analyst
    confirms into a real incident (through the incidents' own validated write path).

    ``likelihood`` and ``confidence`` are the attribution's strength put on the estimative
    scales (docs/statements.md, "Drafts and confirmed responses")."""

    slug: str
    title: str
    date: str | None  # ISO date of the statement: the incident was public by then
    countries: tuple[str, ...]  # ISO alpha-2 of the victims named
    sectors: tuple[str, ...]  # sector ids named as targets
    state: str | None  # ISO alpha-2 of the State held responsible
    actor: str | None  # canonical name of the actor held responsible
    strength: str | None  # the attribution ladder's step (docs/statements.md)
    likelihood: Likelihood | None
    confidence: Confidence | None
    wording: str | None  # the attribution sentence, quoted
    source: str | None  # where the statement was published


@dataclass(frozen=True)
class ResponseRecord:
    """One stored response. ``version`` counts its writes (optimistic concurrency)."""

    response: PublicResponse
    state: ResponseState
    origin: ResponseOrigin
    tlp: Tlp
    classification: Classification | None
    drafted_by: str
    drafted_at: datetime
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    statement_id: str | None = None  # the statement it was drafted from
    incident_draft: IncidentDraft | None = None  # for a draft only
    bundled_position: int | None = None  # where a bundled response stands in the file
    version: int = 1

    @property
    def id(self) -> str:
        return self.response.id

    @property
    def confirmed(self) -> bool:
        return self.state is ResponseState.CONFIRMED

    def evolve(self, **changes: object) -> ResponseRecord:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ResponseQuery:
    """Which stored responses a list asks for; every value left ``None`` matches all."""

    incident: str | None = None  # a slug the response concerns
    state: ResponseState | None = None
    statement: str | None = None  # the statement it was drafted from


@dataclass(frozen=True)
class DraftCorrections:
    """What an analyst changes in a draft when confirming it; ``None`` keeps the draft's.

    ``incidents`` replaces the incidents the response concerns (stored slugs); given, the draft
    incident is not recorded. ``incident_title`` and ``incident_types`` complete the draft
    incident, which is recorded as a real incident when no ``incidents`` are given (its types
    are required: a statement seldom says what the activity technically did)."""

    instrument: str | None = None
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    incidents: tuple[str, ...] | None = None
    wording: str | None = None
    state_named: str | None = None
    incident_title: str | None = None
    incident_types: tuple[str, ...] = ()
