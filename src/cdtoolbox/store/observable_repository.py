"""The observables index: bulk upserts and the correlation lookups.

Every read joins the incident and keeps only what the reader may read, by both markings of
the incident and the TLP of the observable row itself, in the query: a lookup never returns,
nor counts, an incident or a value above the reader's clearance (fail closed, as
``incident_query`` filters incidents).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice, pairwise
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, delete, select

from cdtoolbox.model import Tlp
from cdtoolbox.model.observables import (
    LinkedIncident,
    Observable,
    ObservableKind,
    ObservableRecord,
    SharedObservable,
)
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.observable_schema import observables
from cdtoolbox.store.schema import incidents

__all__ = ["ObservableRepository"]

_TLPS = tuple(Tlp)
_COLUMNS = (
    "kind",
    "value",
    "incident_id",
    "first_seen",
    "last_seen",
    "source",
    "tlp_rank",
    "sightings",
)
# The same observable recorded again on an incident widens its seen interval, keeps the
# stricter marking (a value once marked AMBER is never shown at GREEN), and keeps the highest
# sighting count, so importing one bundle twice leaves the row as once.
_UPSERT = (
    "INSERT INTO observables ({columns}) {source} "
    "ON CONFLICT (kind, value, incident_id) DO UPDATE SET "
    "first_seen = CASE WHEN observables.first_seen IS NULL OR (excluded.first_seen IS NOT NULL "
    "AND excluded.first_seen < observables.first_seen) THEN excluded.first_seen "
    "ELSE observables.first_seen END, "
    "last_seen = CASE WHEN observables.last_seen IS NULL OR (excluded.last_seen IS NOT NULL "
    "AND excluded.last_seen > observables.last_seen) THEN excluded.last_seen "
    "ELSE observables.last_seen END, "
    "tlp_rank = CASE WHEN excluded.tlp_rank > observables.tlp_rank THEN excluded.tlp_rank "
    "ELSE observables.tlp_rank END, "
    "sightings = CASE WHEN excluded.sightings > observables.sightings THEN excluded.sightings "
    "ELSE observables.sightings END"
)
# Large batches in key order touch each index page a few times per batch, not once per row:
# at a million rows on SQLite, 100,000 ran 4-5 times faster than 20,000.
_BATCH = 100_000
# A bulk import at least this large refreshes the planner's statistics (PostgreSQL).
_FRESH_STATISTICS_AFTER = 10_000
# kind, value, incident_id, first_seen, last_seen, source, tlp_rank, sightings
_Row = tuple[str, str, str, str | None, str | None, str, int, int]
# Negative: KiB, as SQLite's PRAGMA cache_size reads it (64 MiB).
_IMPORT_CACHE_KIB = -65_536


class ObservableRepository:
    """Observables recorded on incidents, and which incidents share them."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add_many(self, records: Iterable[ObservableRecord]) -> int:
        """Record ``records`` (merging with those already held), in batches so an import of
        millions never holds them all; how many were given."""
        write = self._copy if self._connection.dialect.name == "postgresql" else self._upsert
        total = 0
        pending = iter(records)
        with self._page_cache():
            # In key order, so consecutive rows land on the same index pages.
            while rows := sorted((_row(r) for r in islice(pending, _BATCH)), key=_key):
                write(rows)
                total += len(rows)
        if total >= _FRESH_STATISTICS_AFTER and self._connection.dialect.name == "postgresql":
            # The planner's row estimate is otherwise the table's size before the import
            # until autovacuum comes by: after a first million rows it still believed the
            # table empty and answered "which incidents share this" by a sequential scan
            # (500 ms instead of 2 ms). ANALYZE samples, so it costs a fraction of a second
            # at any size, and it sees this transaction's own rows.
            self._connection.exec_driver_sql("ANALYZE observables")
        return total

    def _upsert(self, rows: list[_Row]) -> None:
        # Straight through the driver: SQLAlchemy's per-row parameter processing would be
        # most of the cost of a million-row import.
        marker = "?" if self._connection.dialect.paramstyle == "qmark" else "%s"
        statement = _UPSERT.format(
            columns=", ".join(_COLUMNS),
            source=f"VALUES ({', '.join([marker] * len(_COLUMNS))})",
        )
        self._connection.exec_driver_sql(statement, rows)

    def _copy(self, rows: list[_Row]) -> None:
        """PostgreSQL: COPY into a temporary table, then one upsert from it, merged per key
        (one statement may not touch a row twice). Row-by-row upserts ran at a third of it."""
        columns = ", ".join(_COLUMNS)
        self._connection.exec_driver_sql(
            "CREATE TEMPORARY TABLE IF NOT EXISTS observables_incoming "
            "(LIKE observables INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        driver = self._connection.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY observables_incoming ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        # ``rows`` are sorted by key, so a key given twice is given on adjacent rows; most
        # batches have none, and for them the grouping (a sixth of the statement) is skipped.
        repeated = any(_key(a) == _key(b) for a, b in pairwise(rows))
        merged = (
            "SELECT kind, value, incident_id, min(first_seen), max(last_seen), min(source), "
            "max(tlp_rank), max(sightings) FROM observables_incoming "
            "GROUP BY kind, value, incident_id"
            if repeated
            else f"SELECT {columns} FROM observables_incoming"
        )
        self._connection.exec_driver_sql(_UPSERT.format(columns=columns, source=merged))
        self._connection.exec_driver_sql("TRUNCATE observables_incoming")

    @contextmanager
    def _page_cache(self) -> Iterator[None]:
        """On SQLite, a page cache that holds the index by incident while a bulk import
        writes it: with the default 2 MiB, a million rows inserted in incident order spill
        pages to the file over and over. The connection's own size is put back after."""
        if self._connection.dialect.name != "sqlite":
            yield
            return
        before = self._connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
        self._connection.exec_driver_sql(f"PRAGMA cache_size = {_IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            self._connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")

    def remove_source(self, source: str) -> int:
        """Delete every observable recorded from ``source``; how many rows went."""
        result = self._connection.execute(delete(observables).where(observables.c.source == source))
        return int(result.rowcount)

    def of_incident(
        self, incident_id: str, *, tlp: Tlp, classification: Classification | None
    ) -> list[ObservableRecord]:
        """The observables recorded on ``incident_id`` that the reader may read."""
        query = (
            select(observables)
            .join(incidents, incidents.c.id == observables.c.incident_id)
            .where(observables.c.incident_id == incident_id, *_readable(tlp, classification))
            .order_by(observables.c.kind, observables.c.value)
        )
        return [_record(row) for row in self._connection.execute(query)]

    def find(
        self,
        observable: Observable,
        *,
        tlp: Tlp,
        classification: Classification | None,
        limit: int = 500,
    ) -> list[SharedObservable]:
        """The readable incidents carrying ``observable``, by incident id."""
        query = (
            select(
                observables.c.incident_id,
                incidents.c.title,
                observables.c.source,
                observables.c.sightings,
            )
            .join(incidents, incidents.c.id == observables.c.incident_id)
            .where(
                observables.c.kind == observable.kind.value,
                observables.c.value == observable.value,
                *_readable(tlp, classification),
            )
            .order_by(observables.c.incident_id)
            .limit(limit)
        )
        return [
            SharedObservable(row.incident_id, row.title, observable, row.source, row.sightings)
            for row in self._connection.execute(query)
        ]

    def linked(
        self,
        incident_id: str,
        *,
        tlp: Tlp,
        classification: Classification | None,
        limit: int = 500,
    ) -> list[LinkedIncident]:
        """The other readable incidents sharing a readable observable with ``incident_id``,
        those sharing the most first; each with the values shared."""
        mine = observables.alias("mine")
        query = (
            select(
                observables.c.incident_id,
                incidents.c.title,
                observables.c.kind,
                observables.c.value,
            )
            .join(
                mine,
                and_(mine.c.kind == observables.c.kind, mine.c.value == observables.c.value),
            )
            .join(incidents, incidents.c.id == observables.c.incident_id)
            .where(
                mine.c.incident_id == incident_id,
                mine.c.tlp_rank <= tlp.rank,
                observables.c.incident_id != incident_id,
                *_readable(tlp, classification),
            )
        )
        found: dict[str, tuple[str, list[Observable]]] = {}
        for row in self._connection.execute(query):
            _, shared = found.setdefault(row.incident_id, (row.title, []))
            shared.append(Observable(ObservableKind(row.kind), row.value))
        linked = [
            LinkedIncident(key, title, tuple(sorted(shared, key=lambda o: (o.kind, o.value))))
            for key, (title, shared) in found.items()
        ]
        linked.sort(key=lambda item: (-len(item.shared), item.incident_id))
        return linked[:limit]


def _readable(tlp: Tlp, classification: Classification | None) -> list[ColumnElement[bool]]:
    return [
        observables.c.tlp_rank <= tlp.rank,
        incidents.c.tlp_rank <= tlp.rank,
        incidents.c.classification_rank <= Classification.rank_of(classification),
    ]


def _time(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.isoformat(timespec="seconds")


def _row(record: ObservableRecord) -> _Row:
    return (
        record.observable.kind.value,
        record.observable.value,
        record.incident_id,
        _time(record.first_seen),
        _time(record.last_seen),
        record.source,
        record.tlp.rank,
        record.sightings,
    )


def _record(row: Row[Any]) -> ObservableRecord:
    return ObservableRecord(
        incident_id=row.incident_id,
        observable=Observable(ObservableKind(row.kind), row.value),
        source=row.source,
        tlp=_TLPS[row.tlp_rank],
        first_seen=datetime.fromisoformat(row.first_seen) if row.first_seen else None,
        last_seen=datetime.fromisoformat(row.last_seen) if row.last_seen else None,
        sightings=row.sightings,
    )


def _key(row: _Row) -> tuple[str, str, str]:
    return row[0], row[1], row[2]
