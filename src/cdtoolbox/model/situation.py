"""The live situation of incidents: their operational status, the crisis-cooperation level
each is handled at, and the log of events that says how both came to be.

The status and level of an incident are never stored beside its events: they are those of
its latest status-changed and level-changed events that a reader may read, so the log is the
one source of truth and a reader cleared for less sees the situation as their events tell it.

The levels are those of the EU's cyber crisis blueprint (Commission Recommendation (EU)
2017/1584 and the Council Recommendation of 2025-06-06): technical, operational and
strategic/political, plus "none" for an incident no EU level handles
(``knowledge/data/crisis_levels.yaml`` names the bodies convened at each).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from cdtoolbox.model.vocabulary import Classification, SeverityLevel, Tlp

__all__ = [
    "UNATTRIBUTED",
    "BoardRow",
    "CrisisLevel",
    "EventKind",
    "IncidentEvent",
    "OpenCase",
    "OperationalStatus",
    "SituationTally",
    "event_problem",
]

#: What the board says of an incident no State or actor has been held responsible for.
UNATTRIBUTED = "unattributed"


class OperationalStatus(StrEnum):
    """Where the handling of an incident stands (not how sure its record is: that is
    ``IncidentStatus``)."""

    SUSPECTED = "suspected"
    CONFIRMED = "confirmed"
    CONTAINED = "contained"
    RECOVERED = "recovered"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CrisisLevel(StrEnum):
    """The blueprint's cooperation levels, in rising order, below them "none"."""

    NONE = "none"
    TECHNICAL = "technical"
    OPERATIONAL = "operational"
    STRATEGIC_POLITICAL = "strategic-political"

    @property
    def rank(self) -> int:
        return list(CrisisLevel).index(self)

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    CrisisLevel.NONE: "No EU crisis level",
    CrisisLevel.TECHNICAL: "Technical",
    CrisisLevel.OPERATIONAL: "Operational",
    CrisisLevel.STRATEGIC_POLITICAL: "Strategic/political",
}


class EventKind(StrEnum):
    DETECTED = "detected"
    NOTIFIED = "notified"
    MEETING_HELD = "meeting-held"
    MEASURE_TAKEN = "measure-taken"
    TEAM_DEPLOYED = "team-deployed"
    STATUS_CHANGED = "status-changed"
    LEVEL_CHANGED = "level-changed"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


@dataclass(frozen=True)
class IncidentEvent:
    """One dated entry of an incident's log.

    ``status`` is the new status of a status-changed event; ``level`` and ``previous_level``
    those of a level-changed event, whose ``reason`` is required. ``previous_level`` is the
    level as the readers of this event's own marking saw it before, so that it never tells
    them of an event marked above it.
    """

    id: str
    incident_id: str
    kind: EventKind
    occurred_at: datetime  # UTC
    recorded_at: datetime  # UTC
    recorded_by: str
    summary: str
    status: OperationalStatus | None = None
    level: CrisisLevel | None = None
    previous_level: CrisisLevel | None = None
    reason: str | None = None
    body: str | None = None  # id of a body of crisis_levels.yaml convened, if any
    tlp: Tlp = Tlp.AMBER
    classification: Classification | None = None  # EU classification; None: unclassified

    @property
    def direction(self) -> str | None:
        """ "escalation" or "de-escalation" for a level change; None otherwise."""
        if self.level is None or self.previous_level is None:
            return None
        return "escalation" if self.level.rank > self.previous_level.rank else "de-escalation"

    def evolve(self, **changes: object) -> IncidentEvent:
        return replace(self, **changes)  # type: ignore[arg-type]


def event_problem(event: IncidentEvent) -> tuple[str, object, str] | None:
    """What is wrong with an event, as (field, value, reason), or None."""
    if not event.summary.strip():
        return "summary", event.summary, "is required"
    if event.occurred_at > event.recorded_at:
        return (
            "occurred_at",
            event.occurred_at.isoformat(),
            f"is later than now ({event.recorded_at.isoformat()})",
        )
    changes_status = event.kind is EventKind.STATUS_CHANGED
    if changes_status != (event.status is not None):
        reason = "is required" if changes_status else "is only given on a status-changed event"
        return "status", event.status, reason
    changes_level = event.kind is EventKind.LEVEL_CHANGED
    if changes_level != (event.level is not None):
        reason = "is required" if changes_level else "is only given on a level-changed event"
        return "level", event.level, reason
    if changes_level and not (event.reason or "").strip():
        return "reason", event.reason, "is required for a change of crisis level"
    if not changes_level and event.reason is not None:
        return "reason", event.reason, "is only given on a level-changed event"
    if changes_level and event.level == (event.previous_level or CrisisLevel.NONE):
        assert event.level is not None  # changes_level
        return "level", event.level.value, "is already the incident's level"
    return None


@dataclass(frozen=True)
class SituationTally:
    """What the readable log of one incident adds up to, as the store reads it for the board."""

    incident_id: str
    first_event: datetime
    last_event: datetime
    status: OperationalStatus | None
    level: CrisisLevel


@dataclass(frozen=True)
class OpenCase:
    """A response case about the incident that is not closed."""

    id: str
    title: str


@dataclass(frozen=True)
class BoardRow:
    """One incident on the situation board, as one reader may see it."""

    incident_id: str
    slug: str
    title: str
    status: OperationalStatus | None  # None: no status recorded yet
    level: CrisisLevel
    first_seen: date  # the earliest event or the incident's start, whichever came first
    last_updated: datetime  # the latest event the reader may read
    member_states: tuple[str, ...]  # the victim countries that are EU Member States
    sectors: tuple[str, ...]
    severity: SeverityLevel
    attribution: tuple[str, ...]  # attributed States and actor names, or (UNATTRIBUTED,)
    open_cases: tuple[OpenCase, ...]
    open_requests: int = 0  # requests for assistance about the incident still open
    overdue_requests: int = 0  # of those, the ones past their deadline now
    # Updated at or after the moment the reader asked about (their previous visit).
    changed: bool = False
