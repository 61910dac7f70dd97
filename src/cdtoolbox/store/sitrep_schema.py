"""Situation reports, one row per version (created by migration 0024).

Each version is stored whole as its JSON document (``model.sitrep_codec``); the other
columns are indexes derived from it. A version's content never changes once written: a
revision is a new row, and approval only turns a draft row into an approved one.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table, Text, UniqueConstraint

from cdtoolbox.store.schema import metadata

__all__ = ["sitreps"]

sitreps = Table(
    "sitreps",
    metadata,
    Column("id", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column(
        "incident_id",
        Text,
        ForeignKey("incidents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("status", Text, nullable=False),
    Column("drafted_at", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    # Classification.rank_of the version's EU classification, 0 when unclassified.
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("document", Text, nullable=False),
    # Two writers revising the same report at once cannot both write version n + 1.
    UniqueConstraint("id", "version", name="uq_sitreps_id_version"),
    # An incident's reports: one range read.
    Index("ix_sitreps_incident", "incident_id", "id", "version"),
)
