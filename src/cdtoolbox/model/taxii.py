"""TAXII 2.1 collections, the object versions they hold, and the status of an addition.

A collection's rights are permissions of ``model.access``: whoever holds ``read_permission``
may read it, whoever holds ``write_permission`` may add to it (a collection without one is
read-only). What a reader receives is further limited by their TLP clearance; that rule is
the library's (``toolbox.taxii``), applied before anything leaves the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.vocabulary import Tlp

__all__ = [
    "STIX_MEDIA_TYPE",
    "AdditionState",
    "PostedObject",
    "PublishReport",
    "StatusDetail",
    "TaxiiAddition",
    "TaxiiCollection",
    "TaxiiObject",
    "TaxiiObjectPage",
    "TaxiiObjectQuery",
    "VersionMatch",
    "format_taxii_timestamp",
]

STIX_MEDIA_TYPE: Final = "application/stix+json;version=2.1"


def format_taxii_timestamp(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.ssssssZ`` in UTC: unlike STIX's, TAXII timestamps always carry
    microseconds. A naive moment is taken to be UTC."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class TaxiiCollection:
    """One TAXII collection. ``alias`` is a readable handle usable in place of the id."""

    id: str
    title: str
    read_permission: Permission
    write_permission: Permission | None = None
    alias: str | None = None
    description: str | None = None
    media_types: tuple[str, ...] = (STIX_MEDIA_TYPE,)

    def can_read(self, user: User) -> bool:
        return user.can(self.read_permission)

    def can_write(self, user: User) -> bool:
        return self.write_permission is not None and user.can(self.write_permission)


@dataclass(frozen=True, slots=True)
class TaxiiObject:
    """One version of one object in a collection.

    ``document`` is the object's JSON text as stored, sent out without being parsed again;
    it is empty when only the object's metadata was asked for (manifests, versions).
    """

    id: str
    type: str
    version: str
    spec_version: str
    date_added: datetime
    tlp: Tlp
    document: str = ""


@dataclass(frozen=True, slots=True)
class PostedObject:
    """An object accepted for addition to a collection, not stored yet.

    ``version`` is its ``modified`` (else ``created``) as written; empty for an object with
    neither (an observable), which then takes the moment it is first added as its version.
    """

    id: str
    type: str
    version: str
    spec_version: str
    tlp: Tlp
    document: str


@dataclass(frozen=True)
class VersionMatch:
    """Which versions of each object a query asks for (TAXII ``match[version]``).

    The default is the latest version only. ``timestamps`` are exact ``modified`` times,
    in the sort-ordered form the store keeps (``model.exchange.stix_sort_key``).
    """

    last: bool = True
    first: bool = False
    every: bool = False
    timestamps: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaxiiObjectQuery:
    """The filters of a TAXII object, manifest or versions request; empty tuples match all.

    ``after`` is the ``date_added`` a page starts after: the later of ``added_after`` and the
    position a ``next`` token names. ``max_tlp`` is the reader's clearance: nothing above it
    is returned or counted.
    """

    max_tlp: Tlp
    limit: int
    after: datetime | None = None
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    spec_versions: tuple[str, ...] = ()
    versions: VersionMatch = field(default_factory=VersionMatch)


@dataclass(frozen=True)
class TaxiiObjectPage:
    """One page of object versions, oldest addition first."""

    objects: tuple[TaxiiObject, ...]
    more: bool
    next: str | None = None

    @property
    def date_added_first(self) -> datetime | None:
        return self.objects[0].date_added if self.objects else None

    @property
    def date_added_last(self) -> datetime | None:
        return self.objects[-1].date_added if self.objects else None


class AdditionState(StrEnum):
    COMPLETE = "complete"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class StatusDetail:
    """The outcome for one object of an addition: its id, version and why, if it failed."""

    id: str
    version: str
    message: str | None = None


@dataclass(frozen=True)
class TaxiiAddition:
    """The TAXII status of one envelope posted to a collection.

    The counts are the outcome of every object; a list of details is either complete or
    empty, never a part: TAXII clients (taxii2-client among them) refuse a status whose
    list is shorter than its count. The library leaves a list out when it would be long, so
    that a status stays small however large the envelope was.
    """

    id: str
    collection_id: str
    posted_by: str
    request_timestamp: datetime
    state: AdditionState
    success_count: int
    failure_count: int
    pending_count: int = 0
    successes: tuple[StatusDetail, ...] = ()
    failures: tuple[StatusDetail, ...] = ()
    pendings: tuple[StatusDetail, ...] = ()

    def __post_init__(self) -> None:
        for name, count, details in (
            ("successes", self.success_count, self.successes),
            ("failures", self.failure_count, self.failures),
            ("pendings", self.pending_count, self.pendings),
        ):
            if count < 0 or (details and len(details) != count):
                raise ValueError(f"{len(details)} {name} listed for a count of {count}")

    @property
    def total_count(self) -> int:
        return self.success_count + self.failure_count + self.pending_count


@dataclass(frozen=True)
class PublishReport:
    """What publishing the repository to its TAXII collection did."""

    collection_id: str
    objects: int  # objects in the repository's STIX export
    added: int  # new objects and new versions
    unchanged: int
    withdrawn: int  # objects no longer in the repository, taken out of the collection
    remarked: int = 0  # versions held whose marking changed (an actor now named only by RED)

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.withdrawn or self.remarked)
