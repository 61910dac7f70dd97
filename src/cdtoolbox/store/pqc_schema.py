"""The cryptographic inventories of the post-quantum transition tracker (migration 0012).

Assets are stored as declared; their classification is derived on reading. ``tlp_rank`` is
``Tlp.rank`` of the asset's marking, so that every read filters on the reader's clearance.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["pqc_assets"]

pqc_assets = Table(
    "pqc_assets",
    metadata,
    Column("id", Text, primary_key=True),
    Column("organisation", Text, nullable=False),
    Column("member_state", Text, nullable=False),
    Column("sector", Text, nullable=True),
    Column("algorithm", Text, nullable=False),
    Column("parameter", Text, nullable=True),
    Column("primitive", Text, nullable=True),
    Column("system", Text, nullable=True),
    Column("protocol", Text, nullable=True),
    Column("library", Text, nullable=True),
    Column("data_lifetime_years", Integer, nullable=True),
    Column("criticality", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    Column("tlp_rank", Integer, nullable=False),
    # The EU classification and its rank, 0 when unclassified (migration 0016).
    Column("classification", Text, nullable=True),
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("source", Text, nullable=False),
    Column("reference", Text, nullable=True),
    Column("recorded_at", Text, nullable=False),
    # An import replaces one organisation's inventory: found by these two.
    Index("ix_pqc_assets_member_state_organisation", "member_state", "organisation"),
)
