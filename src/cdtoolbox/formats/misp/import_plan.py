"""What a MISP import plan is made of: incidents to store, new actors, observables to keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import AttributingParty, Incident, ThreatActor

__all__ = ["MispImportPlan", "PlannedEvent"]


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """One MISP event read into an incident.

    ``incident.id`` is the event's uuid and its ``slug`` is "" (the store picks one);
    ``created_at``/``updated_at`` are the event's ``timestamp``, or None when it has none.
    ``stated`` names the incident fields the event actually says something about: when a
    newer version of an event updates a stored incident, only those replace what is stored.
    """

    incident: Incident
    party: AttributingParty  # the organisation the event speaks for (its creator)
    timestamp: datetime | None  # which version of the event this is
    stated: frozenset[str]
    kept: tuple[dict[str, Any], ...]  # STIX observables and their relationships to the incident
    attributes: int  # attributes read, those inside MISP objects included
    references: int  # attributes kept as sources
    observables: int  # attributes kept as STIX observables


@dataclass(frozen=True, slots=True)
class MispImportPlan:
    """Everything one file or directory of MISP events asks the store to do, and every error."""

    source: str
    events_read: int  # events found, valid or not
    events: tuple[PlannedEvent, ...]  # one per event uuid: the newest version read
    actors: tuple[ThreatActor, ...]  # actors met for the first time
    superseded: int  # older or repeated versions of an event of the same import
    errors: tuple[InvalidInput, ...]
    rejected: int  # events refused for an error in the event itself
    rejected_attributes: int  # attributes refused (their event is kept without them)
    skipped: int = 0  # the events we write for statements: not incidents
