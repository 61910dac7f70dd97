"""A newer version of a MISP event applied to the incident we hold for it.

A MISP event says less than our incident record (no impact, no end date, no victim
organisations, one party's view of the attribution), so a newer event never replaces the
record wholesale: the facts the event states replace ours, facts it is silent on stay, and
the attributions of other parties (a government, the EU) are kept beside the event's own.
"""

from __future__ import annotations

from typing import Final

from cdtoolbox.formats.misp.import_plan import PlannedEvent
from cdtoolbox.model import Incident

__all__ = ["REPLACED_WHEN_STATED", "apply_newer_event"]

#: The incident fields a newer event replaces when it states them.
REPLACED_WHEN_STATED: Final = (
    "title",
    "summary",
    "types",
    "victim_countries",
    "victim_sectors",
    "tlp",
    "status",
)


def apply_newer_event(held: Incident, event: PlannedEvent) -> Incident:
    """``held`` as the newer ``event`` leaves it (same id, slug, creation time and version)."""
    incoming = event.incident
    changes: dict[str, object] = {
        name: getattr(incoming, name) for name in REPLACED_WHEN_STATED if name in event.stated
    }
    if "start" in event.stated and incoming.start is not None:
        # An event date inside the period we hold (2017 ∋ 2017-01-01) is the same fact told
        # less precisely, as MISP can only give a full date.
        within = held.start is not None and (
            held.start.earliest <= incoming.start.value <= held.start.latest
        )
        if not within:
            changes["start"] = incoming.start
    others = tuple(a for a in held.attributions if a.party != event.party)
    attributions = (*others, *incoming.attributions)
    linked = [*incoming.actor_ids, *(a.actor_id for a in others if a.actor_id)]
    unlinked = [actor for actor in held.actor_ids if actor not in _attributed(held)]
    # A link we already hold, with its publisher and grade, is not a new source.
    held_urls = {source.url for source in held.sources if source.url}
    fresh = [source for source in incoming.sources if source.url not in held_urls or not source.url]
    sources = dict.fromkeys((*held.sources, *fresh))
    return held.evolve(
        **changes,
        attributions=attributions,
        actor_ids=tuple(dict.fromkeys([*linked, *unlinked])),
        sources=tuple(sources),
        updated_at=incoming.updated_at or held.updated_at,
    )


def _attributed(incident: Incident) -> set[str]:
    return {a.actor_id for a in incident.attributions if a.actor_id}
