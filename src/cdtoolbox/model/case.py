"""Response cases: how the EU turns an assessment into a decision, and keeps the record.

A case is opened on incidents with the assessment it was opened on; it proposes measures
(Toolbox instruments), collects each Member State's position on each, is decided, its
adopted measures are implemented, and it is reviewed. Positions and implementations are
kept beside the case (they are written by other people at other times) and brought
together in a ``CaseFile``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from cdtoolbox.model.case_state import CaseState

__all__ = [
    "CaseFile",
    "CaseState",
    "Implementation",
    "ImplementationKind",
    "MeasureAdoption",
    "MeasureChange",
    "MeasureDecision",
    "MeasureOrigin",
    "Position",
    "PositionKind",
    "ProposedMeasure",
    "RecidivismFlag",
    "ResponseCase",
    "StateChange",
]


class PositionKind(StrEnum):
    """A Member State's position on a proposed measure."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    ABSTAIN = "abstain"
    # Art. 31(1) TEU: an abstention qualified by a formal declaration; the state need not
    # apply the decision but accepts that it commits the Union. CFSP decisions only.
    CONSTRUCTIVE_ABSTENTION = "constructive-abstention"
    RESERVE = "reserve"  # a scrutiny (e.g. parliamentary) reserve: no position yet

    @property
    def label(self) -> str:
        return _POSITION_LABELS[self]


_POSITION_LABELS = {
    PositionKind.SUPPORT: "Support",
    PositionKind.OPPOSE: "Oppose",
    PositionKind.ABSTAIN: "Abstain",
    PositionKind.CONSTRUCTIVE_ABSTENTION: "Constructive abstention",
    PositionKind.RESERVE: "Scrutiny reserve",
}


class MeasureOrigin(StrEnum):
    ASSESSMENT = "assessment"
    ANALYST = "analyst"


class MeasureDecision(StrEnum):
    PENDING = "pending"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not-adopted"


@dataclass(frozen=True)
class MeasureChange:
    """One edit of a proposed measure, with the analyst's justification."""

    at: datetime
    by: str
    action: str  # "proposed", "added", "edited", "dropped", "restored"
    justification: str

    @property
    def sentence(self) -> str:
        """The change as a reader says it: "Dropped by alice: duplicates m2."."""
        said = f"{self.action.capitalize()} by {self.by}"
        return f"{said}: {self.justification}" if self.justification else f"{said}."


@dataclass(frozen=True)
class ProposedMeasure:
    """A Toolbox instrument proposed in a case. ``id`` is stable within the case (m1, m2, …)."""

    id: str
    instrument_id: str
    title: str
    origin: MeasureOrigin
    text: str = ""  # draft wording, targets, addressees: what exactly would be adopted
    dropped: bool = False
    decision: MeasureDecision = MeasureDecision.PENDING
    # What the assessment said when the measure was proposed.
    available_when_proposed: bool | None = None
    missing_when_proposed: tuple[str, ...] = ()
    history: tuple[MeasureChange, ...] = ()

    def evolve(self, **changes: object) -> ProposedMeasure:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class StateChange:
    at: datetime
    by: str
    from_state: CaseState | None
    to_state: CaseState
    note: str = ""

    @property
    def sentence(self) -> str:
        """The change as a reader says it: "alice moved the case from Drafting to …"."""
        if self.from_state is None:
            said = f"{self.by} opened the case ({self.to_state.label})"
        elif self.to_state in (CaseState.ADOPTED, CaseState.NOT_ADOPTED):
            said = f"{self.by} recorded the decision ({self.to_state.label})"
        else:
            said = f"{self.by} moved the case from {self.from_state.label} to {self.to_state.label}"
        return f"{said}: {self.note}" if self.note else f"{said}."


@dataclass(frozen=True)
class ResponseCase:
    id: str
    title: str
    incident_ids: tuple[str, ...]
    state: CaseState
    measures: tuple[ProposedMeasure, ...]
    # incident id -> the assessment as JSON (``assess.assessment_to_dict``) when opened.
    assessment_snapshot: Mapping[str, object]
    ruleset: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    history: tuple[StateChange, ...] = ()
    decided_at: datetime | None = None
    review_due: date | None = None
    version: int = 1

    def measure(self, measure_id: str) -> ProposedMeasure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    @property
    def active_measures(self) -> tuple[ProposedMeasure, ...]:
        return tuple(m for m in self.measures if not m.dropped)

    def evolve(self, **changes: object) -> ResponseCase:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Position:
    """A Member State's position on one measure of one case; the newest replaces the older."""

    case_id: str
    measure_id: str
    member_state: str  # ISO 3166-1 alpha-2
    position: PositionKind
    recorded_at: datetime
    recorded_by: str
    comment: str = ""


class ImplementationKind(StrEnum):
    STATEMENT = "statement"  # published text and date
    DEMARCHE = "demarche"  # delivered to whom, by which delegation
    DIALOGUE = "dialogue"  # held with whom, where
    LEGAL_ACT = "legal-act"  # adopted act and its reference (OJ / CELEX)
    TECHNICAL_ASSISTANCE = "technical-assistance"  # requested from whom
    OTHER = "other"


@dataclass(frozen=True)
class Implementation:
    """A measure carried out."""

    id: str
    case_id: str
    measure_id: str
    kind: ImplementationKind
    date: date
    summary: str
    recorded_at: datetime
    recorded_by: str
    text: str | None = None  # a statement's text
    recipient: str | None = None  # démarche / dialogue / assistance counterpart
    delegation: str | None = None  # which EU or Member State delegation delivered it
    reference: str | None = None  # legal act reference or the statement's URL
    incident_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureAdoption:
    """Whether one measure can be adopted now under its decision rule, and who blocks it."""

    measure_id: str
    instrument_id: str
    decision_rule: str
    adoptable: bool
    explanation: str
    supporting: tuple[str, ...] = ()
    opposing: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()
    constructive_abstentions: tuple[str, ...] = ()
    reserves: tuple[str, ...] = ()
    awaiting: tuple[str, ...] = ()  # Member States with no position recorded

    @property
    def blockers(self) -> tuple[str, ...]:
        """The states whose position prevents adoption now (objections and reserves)."""
        return self.opposing + self.reserves


@dataclass(frozen=True)
class RecidivismFlag:
    """A later incident by an actor or sponsor State the case responded to."""

    incident_id: str
    slug: str
    title: str
    start: str | None
    shared: str  # e.g. "actor APT28", "sponsor RU"


@dataclass(frozen=True)
class CaseFile:
    """Everything known about a case, as one consistent read."""

    case: ResponseCase
    positions: tuple[Position, ...]
    implementations: tuple[Implementation, ...]
    adoption: tuple[MeasureAdoption, ...]
    recidivism: tuple[RecidivismFlag, ...] = field(default=())

    def adoption_of(self, measure_id: str) -> MeasureAdoption:
        return next(item for item in self.adoption if item.measure_id == measure_id)

    def position(self, measure_id: str, member_state: str) -> Position | None:
        return next(
            (
                p
                for p in self.positions
                if p.measure_id == measure_id and p.member_state == member_state
            ),
            None,
        )
