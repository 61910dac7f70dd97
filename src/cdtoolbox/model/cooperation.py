"""Cooperation registers: how far each State implements each confidence-building measure, the
points of contact States nominate, and the communication checks that test those contacts.

Each record carries a TLP marking; a point of contact's personal details are marked apart
from its organisation (TLP:AMBER unless the recorder says otherwise), so a reader not cleared
for them still sees which organisation answers for the State.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = [
    "POC_VERIFICATION_PERIOD",
    "AckTimes",
    "CheckEntry",
    "CheckRound",
    "Evidence",
    "ImplementationMatrix",
    "ImplementationRecord",
    "ImplementationStatus",
    "PersonalDetails",
    "PocLevel",
    "PointOfContact",
    "RoundReport",
    "StateImplementation",
]

#: A point of contact not verified for longer than this is flagged as stale (the OSCE and UN
#: directories ask States to keep their contact data current; a year is our threshold).
POC_VERIFICATION_PERIOD = timedelta(days=365)


class ImplementationStatus(StrEnum):
    """How far a State implements a measure, as its own reporting or other evidence shows."""

    NOT_REPORTED = "not-reported"
    PLANNED = "planned"
    PARTIAL = "partial"
    IMPLEMENTED = "implemented"


@dataclass(frozen=True)
class Evidence:
    """Where the status is shown: a document (a national report, a note verbale), its date
    and, when public, its address."""

    document: str
    dated: date
    url: str | None = None


@dataclass(frozen=True)
class ImplementationRecord:
    """One State's implementation of one measure, as recorded; each change is a new version,
    and every version is kept in the history."""

    state: str  # ISO 3166-1 alpha-2
    measure_id: str  # a ``ConfidenceBuildingMeasure`` id
    status: ImplementationStatus
    evidence: Evidence | None
    recorded_by: str
    recorded_at: datetime
    tlp: Tlp = Tlp.CLEAR
    note: str | None = None
    version: int = 1
    classification: Classification | None = None  # EU classification; None: unclassified

    def evolve(self, **changes: object) -> ImplementationRecord:
        return replace(self, **changes)  # type: ignore[arg-type]


class PocLevel(StrEnum):
    DIPLOMATIC = "diplomatic"
    TECHNICAL = "technical"
    POLITICAL = "political"


@dataclass(frozen=True)
class PersonalDetails:
    """Who answers in person, and how to reach them: shown only to readers cleared for the
    marking the point of contact gives them."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class PointOfContact:
    """A State's point of contact in one framework or network."""

    id: str
    state: str  # ISO 3166-1 alpha-2, or "EU" for the Union's own bodies
    network: str  # a CBM framework id ("osce", "un", …) or a network id ("eu-csirts-network")
    level: PocLevel
    organisation: str
    channel: str  # how a check reaches it: "e-mail", "OSCE Communications Network", a site
    languages: tuple[str, ...] = ()
    hours: str | None = None  # e.g. "24/7", "Mon-Fri 09:00-17:00 CET"
    last_verified: date | None = None
    tlp: Tlp = Tlp.CLEAR
    personal: PersonalDetails | None = None
    personal_tlp: Tlp = Tlp.AMBER
    site: str | None = None
    source: str | None = None  # where a bundled organisation's entry comes from
    # True when this copy was read by someone not cleared for ``personal_tlp``: the details
    # exist but are left out, which a reader must be able to tell from "none recorded".
    personal_withheld: bool = False
    version: int = 1
    classification: Classification | None = None  # EU classification; None: unclassified

    def stale_on(self, day: date) -> bool:
        """True when the contact was never verified, or not within a year of ``day``."""
        return self.last_verified is None or day - self.last_verified > POC_VERIFICATION_PERIOD

    def evolve(self, **changes: object) -> PointOfContact:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CheckEntry:
    """One point of contact's part in a communication check: when the test message went out
    and when (if ever) the contact acknowledged it."""

    poc_id: str
    state: str
    sent_at: datetime | None = None
    acknowledged_at: datetime | None = None

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        if self.sent_at is None or self.acknowledged_at is None:
            return None
        return self.acknowledged_at - self.sent_at


@dataclass(frozen=True)
class CheckRound:
    """A communication check ("ping test") of the contacts of one framework or network."""

    id: str
    network: str
    title: str
    opened_at: datetime
    opened_by: str
    entries: tuple[CheckEntry, ...] = ()
    version: int = 1

    def evolve(self, **changes: object) -> CheckRound:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class AckTimes:
    """The response of a set of contacts to checks sent to them."""

    sent: int
    acknowledged: int
    median: timedelta | None
    p95: timedelta | None

    @property
    def response_rate(self) -> float | None:
        return self.acknowledged / self.sent if self.sent else None


@dataclass(frozen=True)
class RoundReport:
    """A round's response: overall and per State."""

    round: CheckRound
    overall: AckTimes
    by_state: tuple[tuple[str, AckTimes], ...]


@dataclass(frozen=True)
class StateImplementation:
    """One State's record for every measure of the frameworks it takes part in."""

    state: str
    frameworks: tuple[str, ...]  # the framework ids, the UN's global CBMs included
    measure_ids: tuple[str, ...]
    records: tuple[ImplementationRecord, ...]  # only the measures with a record

    def record_of(self, measure_id: str) -> ImplementationRecord | None:
        return next((r for r in self.records if r.measure_id == measure_id), None)

    def status_of(self, measure_id: str) -> ImplementationStatus:
        record = self.record_of(measure_id)
        return record.status if record else ImplementationStatus.NOT_REPORTED


@dataclass(frozen=True)
class ImplementationMatrix:
    """States x measures: each cell the recorded status, or not-reported."""

    states: tuple[str, ...]
    measure_ids: tuple[str, ...]
    # (state, measure id) -> status; a cell missing here was never recorded (not-reported)
    cells: dict[tuple[str, str], ImplementationStatus]

    def status(self, state: str, measure_id: str) -> ImplementationStatus:
        return self.cells.get((state, measure_id), ImplementationStatus.NOT_REPORTED)
