"""The tables behind STIX import and export (created by migration 0002).

``stix_objects`` holds the objects of types we do not model, exactly as received, one row per
version (``id`` + ``modified``). ``stix_imports`` remembers which STIX object (and which
version of it) each imported incident or actor came from, so importing the same bundle again
changes nothing and a newer ``modified`` is recognised as a new version.

``modified`` columns hold the sort-ordered text form of ``model.exchange.stix_sort_key``.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["stix_imports", "stix_objects"]

stix_objects = Table(
    "stix_objects",
    metadata,
    Column("id", Text, primary_key=True),
    Column("modified", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("tlp_rank", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_stix_objects_type_id", "type", "id"),
)

stix_imports = Table(
    "stix_imports",
    metadata,
    Column("stix_id", Text, primary_key=True),
    Column("modified", Text, nullable=False),
    Column("kind", Text, nullable=False),  # "incident" or "actor"
    Column("local_id", Text, nullable=False),
    Index("ix_stix_imports_kind_local_id", "kind", "local_id"),
)
