"""TAXII collections in the store: their object versions, read in pages, and addition statuses.

Adding locks the collection's row first, so the writers of one collection follow each other
and every version gets a ``date_added`` later than any already committed: a reader paging
by ``date_added`` can never miss a version committed behind its position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    bindparam,
    delete,
    false,
    func,
    or_,
    select,
    true,
    union_all,
    update,
)

from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Permission
from cdtoolbox.model.exchange import stix_sort_key
from cdtoolbox.model.taxii import (
    AdditionState,
    PostedObject,
    StatusDetail,
    TaxiiAddition,
    TaxiiCollection,
    TaxiiObject,
    TaxiiObjectQuery,
    format_taxii_timestamp,
)
from cdtoolbox.store.batches import chunks
from cdtoolbox.store.taxii_schema import taxii_collections, taxii_objects, taxii_statuses

__all__ = ["TaxiiRepository"]

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
_TLPS: Final = tuple(Tlp)
_RANKS: Final = {level: level.rank for level in Tlp}  # Tlp.rank searches the enum each time
_ADD_BATCH: Final = 2000
# Positions of the two flags in a row as written by _write.
_IS_FIRST: Final = 8
_IS_LAST: Final = 9


def _microseconds(moment: datetime) -> int:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (aware - _EPOCH) // _MICROSECOND


def _moment(microseconds: int) -> datetime:
    return _EPOCH + timedelta(0, 0, microseconds)


@dataclass
class _Versions:
    """The versions of one object held in a collection (sort keys) and its first and last."""

    keys: dict[str, str] = field(default_factory=dict)  # sort key -> version as written
    first: str | None = None
    last: str | None = None


class TaxiiRepository:
    """TAXII collections, the object versions they hold, and the status of each addition."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # collections ------------------------------------------------------------------------

    def collections(self) -> tuple[TaxiiCollection, ...]:
        """Every collection, oldest first (a stable order, as TAXII asks)."""
        query = select(taxii_collections).order_by(
            taxii_collections.c.created_at, taxii_collections.c.id
        )
        return tuple(_collection(row) for row in self._connection.execute(query))

    def collection(self, key: str) -> TaxiiCollection | None:
        """The collection whose id or alias is ``key``."""
        query = select(taxii_collections).where(
            or_(taxii_collections.c.id == key, taxii_collections.c.alias == key)
        )
        row = self._connection.execute(query).first()
        return _collection(row) if row is not None else None

    def add_collection(self, collection: TaxiiCollection, created_at: datetime) -> None:
        self._connection.execute(
            taxii_collections.insert().values(
                id=collection.id,
                alias=collection.alias,
                title=collection.title,
                description=collection.description,
                media_types=orjson.dumps(list(collection.media_types)).decode(),
                read_permission=collection.read_permission.value,
                write_permission=collection.write_permission.value
                if collection.write_permission
                else None,
                last_added=0,
                created_at=format_taxii_timestamp(created_at),
            )
        )

    # adding -----------------------------------------------------------------------------

    def add_versions(
        self, collection_id: str, posted: Sequence[PostedObject], not_before: datetime
    ) -> list[tuple[str, datetime | None]]:
        """Store each posted version the collection does not hold yet, in order.

        Returns, for each, its version and its ``date_added``, or None when the collection
        already held that version (same id and version; for an object without a version,
        the same id). An object without a version takes the moment it is added as one.
        """
        first_added = next_added = max(_microseconds(not_before), self._lock(collection_id) + 1)
        added: list[tuple[str, datetime | None]] = [(item.version, None) for item in posted]
        for start in range(0, len(posted), _ADD_BATCH):
            batch = posted[start : start + _ADD_BATCH]
            held = self._held_versions(collection_id, {item.id for item in batch})
            rows: dict[tuple[str, str], list[Any]] = {}
            unflag: list[tuple[str, str, str]] = []  # (column, object id, version key)
            for offset, item in enumerate(batch):
                versions = held.setdefault(item.id, _Versions())
                if not item.version and versions.keys:
                    # An unversioned object is never added twice.
                    added[start + offset] = (next(iter(versions.keys.values())), None)
                    continue
                version = item.version or format_taxii_timestamp(_moment(next_added))
                key = stix_sort_key(version)
                if key in versions.keys:
                    continue
                is_first = versions.first is None or key < versions.first
                is_last = versions.last is None or key > versions.last
                if is_first:
                    if versions.first is not None:
                        _unflag(rows, unflag, "is_first", item.id, versions.first, _IS_FIRST)
                    versions.first = key
                if is_last:
                    if versions.last is not None:
                        _unflag(rows, unflag, "is_last", item.id, versions.last, _IS_LAST)
                    versions.last = key
                versions.keys[key] = version
                row = [
                    collection_id,
                    next_added,
                    item.id,
                    item.type,
                    version,
                    key,
                    item.spec_version,
                    _RANKS[item.tlp],
                    is_first,
                    is_last,
                    item.document,
                ]
                rows[(item.id, key)] = row
                added[start + offset] = (version, _moment(next_added))
                next_added += 1
            self._write(collection_id, list(rows.values()), unflag)
        if next_added > first_added:
            self._connection.execute(
                update(taxii_collections)
                .where(taxii_collections.c.id == collection_id)
                .values(last_added=next_added - 1)
            )
        return added

    def _lock(self, collection_id: str) -> int:
        """The collection's newest ``date_added``, its row locked until the transaction ends
        (SQLite's write transaction holds the whole database already)."""
        query = (
            select(taxii_collections.c.last_added)
            .where(taxii_collections.c.id == collection_id)
            .with_for_update()
        )
        return int(self._connection.execute(query).scalar_one())

    def remark(self, collection_id: str, posted: Sequence[PostedObject]) -> int:
        """Give each held version of ``posted`` the marking (and the document carrying it) it
        is posted with now; how many versions changed.

        For a publisher whose objects are marked by what names them (an actor is as shared
        as the least restricted incident naming it): that changes without a new version of
        the object, and a version kept at a wider marking than it now has would stay visible
        to readers who may no longer see it."""
        t = taxii_objects.c
        changed = 0
        for start in range(0, len(posted), _ADD_BATCH):
            batch = [item for item in posted[start : start + _ADD_BATCH] if item.version]
            wanted = {(item.id, stix_sort_key(item.version)): item for item in batch}
            stale: list[dict[str, Any]] = []
            for part in chunks(sorted({item.id for item in batch})):
                query = select(t.object_id, t.version_key, t.tlp_rank).where(
                    t.collection_id == collection_id, t.object_id.in_(part)
                )
                for object_id, key, rank in self._connection.execute(query):
                    item = wanted.get((object_id, key))
                    if item is not None and rank != _RANKS[item.tlp]:
                        stale.append(
                            {
                                "object_key": object_id,
                                "version_key_": key,
                                "tlp_rank": _RANKS[item.tlp],
                                "document": item.document,
                            }
                        )
            if stale:
                self._connection.execute(
                    update(taxii_objects)
                    .where(
                        t.collection_id == collection_id,
                        t.object_id == bindparam("object_key"),
                        t.version_key == bindparam("version_key_"),
                    )
                    .values(tlp_rank=bindparam("tlp_rank"), document=bindparam("document")),
                    stale,
                )
                changed += len(stale)
        return changed

    def _held_versions(self, collection_id: str, object_ids: set[str]) -> dict[str, _Versions]:
        held: dict[str, _Versions] = {}
        t = taxii_objects.c
        for part in chunks(sorted(object_ids)):
            query = select(t.object_id, t.version_key, t.version, t.is_first, t.is_last).where(
                t.collection_id == collection_id, t.object_id.in_(part)
            )
            for object_id, key, version, is_first, is_last in self._connection.execute(query):
                versions = held.setdefault(object_id, _Versions())
                versions.keys[key] = version
                if is_first:
                    versions.first = key
                if is_last:
                    versions.last = key
        return held

    def _write(
        self, collection_id: str, rows: list[list[Any]], unflag: list[tuple[str, str, str]]
    ) -> None:
        marker = "?" if self._connection.dialect.paramstyle == "qmark" else "%s"
        for column in ("is_first", "is_last"):
            cleared = [(collection_id, oid, key) for name, oid, key in unflag if name == column]
            if cleared:
                self._connection.exec_driver_sql(
                    f"UPDATE taxii_objects SET {column} = {marker} WHERE collection_id = "
                    f"{marker} AND object_id = {marker} AND version_key = {marker}",
                    [(False, *keys) for keys in cleared],
                )
        if rows:
            # Straight to the driver: these rows need no conversion, and SQLAlchemy's
            # per-row parameter processing would cost more than the insert itself.
            self._connection.exec_driver_sql(
                "INSERT INTO taxii_objects (collection_id, added, object_id, type, version, "
                "version_key, spec_version, tlp_rank, is_first, is_last, document) "
                f"VALUES ({', '.join([marker] * 11)})",
                [tuple(row) for row in rows],
            )

    # reading ----------------------------------------------------------------------------

    def page(
        self, collection_id: str, query: TaxiiObjectQuery, *, documents: bool = True
    ) -> tuple[list[TaxiiObject], bool]:
        """Up to ``query.limit`` versions matching ``query``, oldest addition first, and
        whether more follow. ``documents=False`` leaves each ``document`` empty."""
        t = taxii_objects.c
        columns = [t.object_id, t.type, t.version, t.spec_version, t.added, t.tlp_rank]
        if documents:
            columns.append(t.document)
        statement = select(*columns).where(*self._conditions(collection_id, query))
        limit = query.limit + 1
        if len(query.types) > 1:
            # One indexed range per type, merged: a single IN would make the database either
            # sort every match of every type or walk the whole collection for rare types.
            parts = [
                statement.where(t.type == kind).order_by(t.added).limit(limit).subquery()
                for kind in query.types
            ]
            merged = union_all(*(select(*part.c) for part in parts)).subquery()
            statement = select(*merged.c).order_by(merged.c.added).limit(limit)
        else:
            if query.types:
                statement = statement.where(t.type == query.types[0])
            # Ordering by the bare column would lead SQLite (which keeps no statistics) to
            # walk the whole collection in `added` order rather than look the few versions
            # of the asked ids up by index and sort them.
            order = t.added + 0 if query.ids else t.added
            statement = statement.order_by(order).limit(limit)
        rows = self._connection.execute(statement).all()
        found = [
            TaxiiObject(
                id=row[0],
                type=row[1],
                version=row[2],
                spec_version=row[3],
                date_added=_moment(row[4]),
                tlp=_TLPS[row[5]],
                document=row[6] if documents else "",
            )
            for row in rows[: query.limit]
        ]
        return found, len(rows) > query.limit

    def holds(self, collection_id: str, object_id: str, max_tlp: Tlp) -> bool:
        """Whether the collection holds a version of ``object_id`` at or below ``max_tlp``."""
        t = taxii_objects.c
        query = (
            select(t.added)
            .where(
                t.collection_id == collection_id,
                t.object_id == object_id,
                t.tlp_rank <= max_tlp.rank,
            )
            .limit(1)
        )
        return self._connection.execute(query).first() is not None

    def count(self, collection_id: str, max_tlp: Tlp = Tlp.RED) -> int:
        """How many object versions the collection holds at or below ``max_tlp``."""
        t = taxii_objects.c
        query = select(func.count()).where(
            t.collection_id == collection_id, t.tlp_rank <= max_tlp.rank
        )
        return int(self._connection.execute(query).scalar_one())

    def object_ids(self, collection_id: str) -> set[str]:
        """The ids of every object the collection holds a version of."""
        t = taxii_objects.c
        query = select(t.object_id).where(t.collection_id == collection_id).distinct()
        return set(self._connection.execute(query).scalars())

    def withdraw(self, collection_id: str, object_ids: Iterable[str]) -> int:
        """Remove every version of ``object_ids`` from the collection; how many went."""
        removed = 0
        t = taxii_objects.c
        for part in chunks(sorted(set(object_ids))):
            result = self._connection.execute(
                delete(taxii_objects).where(t.collection_id == collection_id, t.object_id.in_(part))
            )
            removed += result.rowcount
        return removed

    def delete_versions(self, collection_id: str, query: TaxiiObjectQuery) -> int:
        """Remove the versions matching ``query`` (every one, not a page); how many went.

        The earliest and latest of what remains of each object are marked again.
        """
        t = taxii_objects.c
        matching = select(t.added, t.object_id).where(*self._conditions(collection_id, query))
        found = self._connection.execute(matching).all()
        for part in chunks([row.added for row in found]):
            self._connection.execute(
                delete(taxii_objects).where(t.collection_id == collection_id, t.added.in_(part))
            )
        other = taxii_objects.alias("other")
        for object_id in sorted({row.object_id for row in found}):
            same_object = (other.c.collection_id == collection_id, other.c.object_id == object_id)
            earliest = select(func.min(other.c.version_key)).where(*same_object)
            latest = select(func.max(other.c.version_key)).where(*same_object)
            self._connection.execute(
                update(taxii_objects)
                .where(t.collection_id == collection_id, t.object_id == object_id)
                .values(
                    is_first=t.version_key == earliest.scalar_subquery(),
                    is_last=t.version_key == latest.scalar_subquery(),
                )
            )
        return len(found)

    @staticmethod
    def _conditions(collection_id: str, query: TaxiiObjectQuery) -> list[ColumnElement[bool]]:
        t = taxii_objects.c
        conditions = [t.collection_id == collection_id, t.tlp_rank <= query.max_tlp.rank]
        if query.after is not None:
            conditions.append(t.added > _microseconds(query.after))
        if query.ids:
            conditions.append(t.object_id.in_(query.ids))
        if query.spec_versions:
            conditions.append(t.spec_version.in_(query.spec_versions))
        match = query.versions
        if not match.every:
            wanted: list[ColumnElement[bool]] = []
            if match.last:
                wanted.append(t.is_last == true())
            if match.first:
                wanted.append(t.is_first == true())
            if match.timestamps:
                wanted.append(t.version_key.in_(match.timestamps))
            conditions.append(or_(*wanted) if wanted else false())
        return conditions

    # statuses ---------------------------------------------------------------------------

    def add_status(self, addition: TaxiiAddition) -> None:
        details = {
            "successes": [_detail(item) for item in addition.successes],
            "failures": [_detail(item) for item in addition.failures],
            "pendings": [_detail(item) for item in addition.pendings],
        }
        self._connection.execute(
            taxii_statuses.insert().values(
                id=addition.id,
                collection_id=addition.collection_id,
                posted_by=addition.posted_by,
                request_timestamp=format_taxii_timestamp(addition.request_timestamp),
                state=addition.state.value,
                success_count=addition.success_count,
                failure_count=addition.failure_count,
                pending_count=addition.pending_count,
                details=orjson.dumps(details).decode(),
            )
        )

    def status(self, status_id: str) -> TaxiiAddition | None:
        row = self._connection.execute(
            select(taxii_statuses).where(taxii_statuses.c.id == status_id)
        ).first()
        if row is None:
            return None
        details = orjson.loads(row.details)
        return TaxiiAddition(
            id=row.id,
            collection_id=row.collection_id,
            posted_by=row.posted_by,
            request_timestamp=datetime.fromisoformat(row.request_timestamp),
            state=AdditionState(row.state),
            success_count=row.success_count,
            failure_count=row.failure_count,
            pending_count=row.pending_count,
            successes=tuple(StatusDetail(*item) for item in details["successes"]),
            failures=tuple(StatusDetail(*item) for item in details["failures"]),
            pendings=tuple(StatusDetail(*item) for item in details["pendings"]),
        )


def _unflag(
    rows: dict[tuple[str, str], list[Any]],
    unflag: list[tuple[str, str, str]],
    column: str,
    object_id: str,
    key: str,
    position: int,
) -> None:
    """Take the first (or last) flag off a version superseded by a new one: in the rows
    about to be written, or in the store."""
    pending = rows.get((object_id, key))
    if pending is not None:
        pending[position] = False
    else:
        unflag.append((column, object_id, key))


def _detail(item: StatusDetail) -> list[str | None]:
    return [item.id, item.version, item.message]


def _collection(row: Any) -> TaxiiCollection:
    return TaxiiCollection(
        id=row.id,
        alias=row.alias,
        title=row.title,
        description=row.description,
        media_types=tuple(orjson.loads(row.media_types)),
        read_permission=Permission(row.read_permission),
        write_permission=Permission(row.write_permission) if row.write_permission else None,
    )
