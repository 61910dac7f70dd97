"""Incidents like the one on the page: same actor first, then same suspected sponsor state,
then same type — each found by an ordinary incident query."""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.model import Incident, IncidentFilter
from cdtoolbox.model.access import User
from cdtoolbox.toolbox import Toolbox

__all__ = ["SimilarIncident", "similar_incidents"]

SHOWN = 8


@dataclass(frozen=True)
class SimilarIncident:
    incident: Incident
    reason: str  # "same actor", "same suspected sponsor", "same type"


def _sponsor_states(toolbox: Toolbox, incident: Incident, reader: User) -> tuple[str, ...]:
    states = dict.fromkeys(incident.attributed_states)
    for actor_id in incident.actor_ids:
        actor = toolbox.actors.find(actor_id, by=reader)
        if actor is not None and actor.sponsor:
            states.setdefault(actor.sponsor)
    return tuple(states)


def similar_incidents(toolbox: Toolbox, incident: Incident, reader: User) -> list[SimilarIncident]:
    queries = [
        (
            "same actor",
            IncidentFilter(actor_ids=incident.actor_ids) if incident.actor_ids else None,
        ),
        ("same suspected sponsor", _sponsor_filter(toolbox, incident, reader)),
        ("same type", IncidentFilter(types=incident.types) if incident.types else None),
    ]
    found: dict[str, SimilarIncident] = {}
    for reason, query in queries:
        if query is None or len(found) >= SHOWN:
            continue
        for other in toolbox.incidents.list(query, limit=SHOWN + 1, by=reader).items:
            if other.id != incident.id and other.id not in found and len(found) < SHOWN:
                found[other.id] = SimilarIncident(other, reason)
    return list(found.values())


def _sponsor_filter(toolbox: Toolbox, incident: Incident, reader: User) -> IncidentFilter | None:
    states = _sponsor_states(toolbox, incident, reader)
    return IncidentFilter(sponsors=states) if states else None
