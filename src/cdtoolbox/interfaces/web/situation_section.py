"""What the "Situation" section of an incident's page shows: the status and crisis level as
the reader's events tell them, the bodies convened at that level, and the timeline."""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.knowledge.crisis_levels import CrisisBody, CrisisLevelEntry
from cdtoolbox.model import Incident
from cdtoolbox.model.access import User
from cdtoolbox.model.situation import (
    CrisisLevel,
    EventKind,
    IncidentEvent,
    OperationalStatus,
)
from cdtoolbox.toolbox import Toolbox

__all__ = ["SituationSection", "situation_section"]


@dataclass(frozen=True)
class SituationSection:
    status: OperationalStatus | None
    level: CrisisLevelEntry
    events: tuple[IncidentEvent, ...]
    bodies: tuple[CrisisBody, ...]  # those a form may name as convened
    statuses: tuple[OperationalStatus, ...] = tuple(OperationalStatus)
    levels: tuple[CrisisLevel, ...] = tuple(CrisisLevel)
    # The kinds the "record an event" form offers: changes have their own forms.
    kinds: tuple[EventKind, ...] = tuple(
        kind
        for kind in EventKind
        if kind not in (EventKind.STATUS_CHANGED, EventKind.LEVEL_CHANGED)
    )

    @property
    def body_names(self) -> dict[str, str]:
        return {body.id: body.name for body in self.bodies}


def situation_section(toolbox: Toolbox, incident: Incident, viewer: User) -> SituationSection:
    standing = toolbox.situation.standing(incident.id, by=viewer)
    levels = toolbox.situation.crisis_levels(by=viewer)
    return SituationSection(
        status=standing.status if standing else None,
        level=levels.get(standing.level if standing else CrisisLevel.NONE),
        events=toolbox.situation.timeline(incident.id, by=viewer),
        bodies=tuple(levels.bodies.values()),
    )
