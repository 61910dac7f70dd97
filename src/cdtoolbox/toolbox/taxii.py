"""TAXII 2.1 collections: reading them page by page, adding to them, publishing the repository.

Two collections exist from ``cdt init`` on. "repository" publishes the STIX export of the
incident repository (refreshed by :meth:`TaxiiService.publish`); nobody adds to it over
TAXII. "partner-exchange" receives what partners post; it is kept as received, and
importing any of it into the repository stays an analyst's decision (``cdt import stix``).

Every read is limited to the reader's TLP clearance here, in the library, before anything
leaves the store: an object above it is neither returned nor counted, whatever interface
asked. The latest version of an object being above the clearance withholds the object from
"latest version" reads; older versions the reader may see stay reachable by
``match[version]``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import BinaryIO, Final, cast

from cdtoolbox.errors import Forbidden, NotFound
from cdtoolbox.formats.stix.bundle_stream import BundleStream
from cdtoolbox.formats.stix.validation import ObjectChecker
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.model.taxii import (
    AdditionState,
    PostedObject,
    PublishReport,
    StatusDetail,
    TaxiiAddition,
    TaxiiCollection,
    TaxiiObjectPage,
)
from cdtoolbox.model.wording import with_article
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.progress import ProgressCallback, no_progress
from cdtoolbox.toolbox.stix import StixService
from cdtoolbox.toolbox.taxii_envelope import (
    ENVELOPE_SOURCE,
    posted_object,
    read_envelope,
    read_object,
)
from cdtoolbox.toolbox.taxii_query import next_token, read_query

__all__ = [
    "DEFAULT_COLLECTIONS",
    "EXCHANGE_ALIAS",
    "REPOSITORY_ALIAS",
    "STATUS_DETAILS_LIMIT",
    "CollectionSpec",
    "TaxiiService",
]

REPOSITORY_ALIAS: Final = "repository"
EXCHANGE_ALIAS: Final = "partner-exchange"
_ALREADY_HELD: Final = "already in the collection at this version; the copy held was kept"
_EXPORT_SOURCE: Final = "repository STIX export"
# An export of a large repository is spooled to disk past this size, not held in memory.
_SPOOL_BYTES: Final = 64 * 1024 * 1024
# A status lists each object's outcome only up to this many of a kind, and only counts them
# beyond: a list must be complete or absent (model.taxii.TaxiiAddition), and every status
# poll reads the whole record.
STATUS_DETAILS_LIMIT: Final = 1000


@dataclass(frozen=True)
class CollectionSpec:
    """A collection ``cdt init`` creates when no collection has its alias yet."""

    alias: str
    title: str
    description: str
    read_permission: Permission
    write_permission: Permission | None


DEFAULT_COLLECTIONS: Final = (
    CollectionSpec(
        alias=REPOSITORY_ALIAS,
        title="Cyber incident repository",
        description=(
            "The incident repository as STIX 2.1: incidents, the attributions made, the "
            "threat actors and states they name, and the partner objects imported into it. "
            "Read-only; refreshed when the repository is published."
        ),
        read_permission=Permission.READ,
        write_permission=None,
    ),
    CollectionSpec(
        alias=EXCHANGE_ALIAS,
        title="Partner exchange",
        description=(
            "STIX 2.1 objects posted by partners, kept as received. Nothing posted here "
            "enters the incident repository until an analyst imports it."
        ),
        read_permission=Permission.READ,
        write_permission=Permission.IMPORT,
    ),
)


class TaxiiService:
    """The TAXII 2.1 collections (see docs/taxii.md)."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        stix: StixService,
        audit: AuditService,
        *,
        max_objects: int,
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._stix = stix
        self._audit = audit
        self._max_objects = max_objects  # per envelope posted

    # collections ------------------------------------------------------------------------

    def create_default_collections(self) -> int:
        """Create the collections of :data:`DEFAULT_COLLECTIONS` that are missing; how many.

        Idempotent: a collection is found again by its alias.
        """
        created = 0
        with self._database.transaction() as store:
            for spec in DEFAULT_COLLECTIONS:
                if store.taxii.collection(spec.alias) is not None:
                    continue
                collection = TaxiiCollection(
                    id=self._ids.new_id("taxii-collection"),
                    alias=spec.alias,
                    title=spec.title,
                    description=spec.description,
                    read_permission=spec.read_permission,
                    write_permission=spec.write_permission,
                )
                store.taxii.add_collection(collection, self._clock.now())
                created += 1
        return created

    def collections(self, *, by: User) -> tuple[TaxiiCollection, ...]:
        """The collections ``by`` may read or add to, in a stable order."""
        with self._database.read() as store:
            every = store.taxii.collections()
        return tuple(c for c in every if c.can_read(by) or c.can_write(by))

    def collection(self, key: str, *, by: User) -> TaxiiCollection:
        """The collection with id or alias ``key``; Forbidden if ``by`` may neither read it
        nor add to it."""
        with self._database.read() as store:
            collection = _find(store, key)
        if not (collection.can_read(by) or collection.can_write(by)):
            raise _not_allowed(by, collection, "read", collection.read_permission)
        return collection

    # reading ----------------------------------------------------------------------------

    def objects(
        self, key: str, parameters: Mapping[str, Sequence[str]], *, by: User
    ) -> TaxiiObjectPage:
        """One page of the collection's objects, by TAXII's URL ``parameters``."""
        return self._page(by, key, parameters, "objects", documents=True)

    def manifest(
        self, key: str, parameters: Mapping[str, Sequence[str]], *, by: User
    ) -> TaxiiObjectPage:
        """Like :meth:`objects`, without the objects' content (``document`` is empty)."""
        return self._page(by, key, parameters, "manifest", documents=False)

    def object(
        self, key: str, object_id: str, parameters: Mapping[str, Sequence[str]], *, by: User
    ) -> TaxiiObjectPage:
        """Versions of one object (the latest unless ``match[version]`` says otherwise);
        NotFound when the collection holds no version of it that ``by`` may read."""
        return self._page(by, key, parameters, "object", documents=True, object_id=object_id)

    def versions(
        self, key: str, object_id: str, parameters: Mapping[str, Sequence[str]], *, by: User
    ) -> TaxiiObjectPage:
        """Every version of one object ``by`` may read, without content."""
        return self._page(by, key, parameters, "versions", documents=False, object_id=object_id)

    def _page(
        self,
        user: User,
        key: str,
        parameters: Mapping[str, Sequence[str]],
        kind: str,
        *,
        documents: bool,
        object_id: str | None = None,
    ) -> TaxiiObjectPage:
        with self._database.read() as store:
            collection = _find(store, key)
            if not collection.can_read(user):
                raise _not_allowed(user, collection, "read", collection.read_permission)
            # The clearance comes from the account, never from the request.
            query = read_query(parameters, kind, max_tlp=user.clearance)
            if object_id is not None:
                query = replace(query, ids=(object_id,))
            found, more = store.taxii.page(collection.id, query, documents=documents)
            if (
                object_id is not None
                and not found
                and not store.taxii.holds(collection.id, object_id, user.clearance)
            ):
                raise NotFound("STIX object", object_id, f"in the collection “{collection.title}”")
        return TaxiiObjectPage(
            objects=tuple(found),
            more=more,
            next=next_token(found[-1].date_added) if more and found else None,
        )

    # adding -----------------------------------------------------------------------------

    def add_objects(self, key: str, body: bytes, *, by: User) -> TaxiiAddition:
        """Add the objects of a posted envelope, in one transaction; the status says which
        were added and why any was refused. ImportRejected when ``body`` is no envelope."""
        collection = self.collection(key, by=by)
        if not collection.can_write(by):
            raise _not_allowed(by, collection, "add objects to", collection.write_permission)
        requested = self._clock.now()
        checker = ObjectChecker(ENVELOPE_SOURCE)
        accepted: list[PostedObject] = []
        failures: list[StatusDetail] = []
        objects = read_envelope(body, self._max_objects)
        for index, obj in enumerate(objects):
            outcome = read_object(obj, index, checker)
            if isinstance(outcome, PostedObject):
                accepted.append(outcome)
            else:
                failures.append(outcome)
        with self._database.transaction() as store:
            added = store.taxii.add_versions(collection.id, accepted, requested)
            successes = tuple(
                StatusDetail(item.id, version, None if moment is not None else _ALREADY_HELD)
                for item, (version, moment) in zip(accepted, added, strict=True)
            )
            addition = TaxiiAddition(
                id=self._ids.new_id("taxii-status"),
                collection_id=collection.id,
                posted_by=by.username,
                request_timestamp=requested,
                state=AdditionState.COMPLETE,
                success_count=len(successes),
                failure_count=len(failures),
                successes=_listed(successes),
                failures=_listed(failures),
            )
            store.taxii.add_status(addition)
            self._audit.record(
                store,
                by=by,
                action="taxii.add",
                entity="taxii collection",
                key=collection.id,
                before=None,
                after={
                    "status": addition.id,
                    "objects": addition.total_count,
                    "added": sum(moment is not None for _, moment in added),
                    "refused": len(failures),
                },
            )
        return addition

    def delete_object(
        self, key: str, object_id: str, parameters: Mapping[str, Sequence[str]], *, by: User
    ) -> int:
        """Remove versions of one object (every version unless ``match[version]`` narrows
        it) that ``by`` may read; how many. Needs both the read and the add right;
        NotFound when no version ``by`` may read matches."""
        with self._database.transaction() as store:
            collection = _find(store, key)
            if not collection.can_read(by):
                raise _not_allowed(by, collection, "read", collection.read_permission)
            if not collection.can_write(by):
                raise _not_allowed(
                    by, collection, "delete objects from", collection.write_permission
                )
            query = replace(
                read_query(parameters, "delete", max_tlp=by.clearance), ids=(object_id,)
            )
            removed = store.taxii.delete_versions(collection.id, query)
            if not removed:
                raise NotFound("STIX object", object_id, f"in the collection “{collection.title}”")
            self._audit.record(
                store,
                by=by,
                action="taxii.delete",
                entity="taxii collection",
                key=collection.id,
                before={"object": object_id, "versions": removed},
                after=None,
            )
        return removed

    def object_count(self, key: str, *, by: User) -> int:
        """How many object versions of the collection ``by`` may read."""
        with self._database.read() as store:
            collection = _find(store, key)
            if not collection.can_read(by):
                raise _not_allowed(by, collection, "read", collection.read_permission)
            return store.taxii.count(collection.id, by.clearance)

    def status(self, status_id: str, *, by: User) -> TaxiiAddition:
        """The status of an addition, for the account that posted it (or an administrator)."""
        with self._database.read() as store:
            addition = store.taxii.status(status_id)
        if addition is None or not (
            addition.posted_by == by.username or by.can(Permission.MANAGE_USERS)
        ):
            raise NotFound("TAXII status", status_id)
        return addition

    # publishing -------------------------------------------------------------------------

    def publish(self, progress: ProgressCallback = no_progress, *, by: User) -> PublishReport:
        """Bring the "repository" collection up to date with the repository's STIX export:
        new objects and new versions are added, objects no longer exported are withdrawn.
        Publishing an unchanged repository changes nothing."""
        require(by, Permission.EDIT_INCIDENTS)
        stage = "Publishing the repository over TAXII"
        progress(stage, 0, 1)
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spooled:
            spool = cast(BinaryIO, spooled)
            # Every level is exported: each reader's clearance is applied when they read.
            self._stix.export_bundle(spool, by=by, max_tlp=Tlp.RED)
            spool.seek(0)
            exported = [posted_object(obj) for obj in BundleStream(spool, _EXPORT_SOURCE).objects()]
        with self._database.transaction() as store:
            collection = _find(store, REPOSITORY_ALIAS)
            added = store.taxii.add_versions(collection.id, exported, self._clock.now())
            remarked = store.taxii.remark(collection.id, exported)
            gone = store.taxii.object_ids(collection.id) - {item.id for item in exported}
            withdrawn = store.taxii.withdraw(collection.id, gone)
            report = PublishReport(
                collection_id=collection.id,
                objects=len(exported),
                added=sum(moment is not None for _, moment in added),
                unchanged=sum(moment is None for _, moment in added),
                withdrawn=len(gone),
                remarked=remarked,
            )
            if report.changed_anything:
                self._audit.record(
                    store,
                    by=by,
                    action="taxii.publish",
                    entity="taxii collection",
                    key=collection.id,
                    before=None,
                    after={
                        "objects": report.objects,
                        "added": report.added,
                        "withdrawn": report.withdrawn,
                        "remarked": report.remarked,
                        "versions_removed": withdrawn,
                    },
                )
        progress(stage, 1, 1)
        return report


def _listed(details: Sequence[StatusDetail]) -> tuple[StatusDetail, ...]:
    return tuple(details) if len(details) <= STATUS_DETAILS_LIMIT else ()


def _find(store: Repositories, key: str) -> TaxiiCollection:
    collection = store.taxii.collection(key)
    if collection is None:
        raise NotFound("TAXII collection", key, "see the collections listed by the API root")
    return collection


def _not_allowed(
    user: User, collection: TaxiiCollection, action: str, permission: Permission | None
) -> Forbidden:
    what = f"{action} the TAXII collection “{collection.title}”"
    if permission is None:
        return Forbidden(what, "it is read-only")
    if not user.active:
        return Forbidden(what, f"the account {user.username!r} is disabled")
    return Forbidden(
        what,
        f"{user.username!r} is {with_article(user.role.label.lower())}; this needs a role that may "
        f"{permission.value}",
    )
