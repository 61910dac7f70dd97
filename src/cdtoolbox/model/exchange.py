"""What crosses the border with a partner: a STIX import plan, as the reader hands it to the
store, and what an exchange did, as reported to the user.

The plan's parts live here, not beside the STIX reader (``formats.stix``), because the store
applies them: the store and the formats both depend on the model, never on each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.actor import ThreatActor
from cdtoolbox.model.incident import Incident
from cdtoolbox.model.observables import ObservedLink
from cdtoolbox.model.vocabulary import Tlp

__all__ = [
    "KeptObject",
    "PlannedActor",
    "PlannedIncident",
    "StixImport",
    "StixImportPlan",
    "StixImportReport",
    "stix_sort_key",
]


def stix_sort_key(timestamp: str) -> str:
    """A form of a valid STIX timestamp whose text order is time order (fraction padded to
    nanoseconds): the form of every stored ``modified`` and TAXII ``version``, so that the
    store compares versions as text."""
    seconds, _, rest = timestamp[:-1].partition(".")
    return f"{seconds}.{rest[:9].ljust(9, '0')}Z"


@dataclass(frozen=True, slots=True)
class KeptObject:
    """A STIX object stored as received and shared again unchanged."""

    id: str
    type: str
    modified: str  # stix_sort_key of `modified` (`created` for markings, "" for observables)
    tlp: Tlp  # its strictest TLP marking; formats.stix.foreign.UNMARKED_TLP when it has none
    document: bytes  # the object as JSON


@dataclass(frozen=True, slots=True)
class PlannedIncident:
    incident: Incident  # `slug` is "" when the store must choose one
    stix_id: str
    modified: str  # stix_sort_key of the newest `modified` among the objects folded into it


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
    skipped: int = 0  # our statement reports and their issuers (see StixImportReport)


class StixImport(Protocol):
    """A bundle being read, as the store applies it (``formats.stix.StixBundleImport`` is one).

    ``kept`` yields the objects kept as received in batches while the bundle is read, so the
    store writes them as they come; ``plan`` is complete only once ``kept`` is exhausted.
    """

    @property
    def errors_found(self) -> int: ...

    @property
    def plan(self) -> StixImportPlan: ...

    def kept(self) -> Iterator[list[KeptObject]]: ...

    def observed(self) -> Iterator[ObservedLink]: ...


@dataclass(frozen=True)
class StixImportReport:
    """What one bundle did. Every object of the bundle is counted exactly once."""

    source: str
    objects: int
    created: int
    updated: int  # a newer version of an object we had
    unchanged: int  # already held in this version (or newer)
    merged: int  # folded into an incident or actor, standard markings, repeated versions
    rejected: int
    errors: tuple[InvalidInput, ...]
    incidents_created: tuple[str, ...] = ()
    incidents_updated: tuple[str, ...] = ()
    actors_created: tuple[str, ...] = ()
    # Our statement reports and the identities of their issuers: statements enter the archive
    # from their files (`cdt statements add`), read by the statement reader, not from a report.
    skipped: int = 0
