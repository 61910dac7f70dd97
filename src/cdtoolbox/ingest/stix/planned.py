"""What an import plan is made of: objects to keep as received, incidents and actors to store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import Incident, ThreatActor, Tlp

__all__ = ["ActorFinder", "KeptObject", "PlannedActor", "PlannedIncident", "StixImportPlan"]


class ActorFinder(Protocol):
    """Finds a known threat actor by id, name or alias (``knowledge.ActorCatalogue`` does).

    Raises :class:`InvalidInput` when a name is shared by several actors.
    """

    def find(self, name: str, field: str = "name") -> ThreatActor | None: ...


@dataclass(frozen=True, slots=True)
class KeptObject:
    """A STIX object stored as received and shared again unchanged."""

    id: str
    type: str
    modified: str  # sort-ordered `modified` (`created` for markings, "" for observables)
    tlp: Tlp  # its strictest TLP marking; foreign.UNMARKED_TLP when it has none
    document: bytes  # the object as JSON


@dataclass(frozen=True, slots=True)
class PlannedIncident:
    incident: Incident  # `slug` is "" when the store must choose one
    stix_id: str
    modified: str  # sort-ordered newest `modified` among the objects folded into it


@dataclass(frozen=True, slots=True)
class PlannedActor:
    actor: ThreatActor
    stix_id: str
    modified: str
    known: bool  # an actor we already had (found by id, name or alias): never overwritten


@dataclass(frozen=True, slots=True)
class StixImportPlan:
    """Everything one bundle asks the store to do, and every error found in it."""

    source: str
    objects: int
    incidents: tuple[PlannedIncident, ...]
    actors: tuple[PlannedActor, ...]
    merged: int  # objects folded into incidents and actors, standard markings, old versions
    errors: tuple[InvalidInput, ...]
    rejected: int  # objects with at least one error
