"""The observables index (created by migration 0021).

One row per (incident, kind, normalised value): correlation is an equality lookup on the
``(kind, value)`` index, so which incidents share a value is found without any pairwise
correlation table. Times are ISO 8601 UTC text, which sorts as time does in both databases.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["observables"]

observables = Table(
    "observables",
    metadata,
    Column(
        "incident_id",
        Text,
        ForeignKey("incidents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("kind", Text, primary_key=True),
    Column("value", Text, primary_key=True),
    Column("first_seen", Text, nullable=True),
    Column("last_seen", Text, nullable=True),
    Column("source", Text, nullable=False),
    Column("tlp_rank", Integer, nullable=False),
    Column("sightings", Integer, nullable=False, server_default="0"),
    Index("ix_observables_kind_value", "kind", "value"),
)
