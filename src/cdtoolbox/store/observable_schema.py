"""The observables index (created by migration 0020).

One row per (kind, normalised value, incident): the primary key leads with ``(kind, value)``,
so which incidents share a value is one range read of that index, without any pairwise
correlation table. On SQLite the table is stored in that key's order (``WITHOUT ROWID``): the
lookup reads the rows themselves, and an import maintains two B-trees (the table and the
index by incident), not three. Times are ISO 8601 UTC text, which sorts as time does in
both databases.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["observables"]

observables = Table(
    "observables",
    metadata,
    Column("kind", Text, primary_key=True),
    Column("value", Text, primary_key=True),
    Column(
        "incident_id",
        Text,
        ForeignKey("incidents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("first_seen", Text, nullable=True),
    Column("last_seen", Text, nullable=True),
    Column("source", Text, nullable=False),
    Column("tlp_rank", Integer, nullable=False),
    Column("sightings", Integer, nullable=False, server_default="0"),
    Index("ix_observables_incident_id", "incident_id"),
    sqlite_with_rowid=False,
)
