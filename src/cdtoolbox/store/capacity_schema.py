"""The table of the capacity-building register (created by migration 0021).

Each project is stored whole as its JSON document (``model.capacity_codec``); the other columns
are indexes derived from it. Partner countries and themes are looked up in the documents, the
register holding tens of projects, not millions.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["capacity_projects"]

capacity_projects = Table(
    "capacity_projects",
    metadata,
    Column("id", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    # Classification.rank_of the project's EU classification, 0 when unclassified.
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
)
