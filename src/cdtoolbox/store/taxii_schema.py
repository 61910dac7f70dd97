"""The tables of the TAXII 2.1 server (created by migration 0005).

``taxii_objects`` holds one row per version of an object in a collection, its JSON text sent
out as stored. ``added`` is the version's ``date_added`` in microseconds since the epoch,
strictly increasing within a collection (``taxii_collections.last_added`` is the counter,
and locking that row serialises the writers of one collection), so it orders the
collection and is the exact position a ``next`` token names. ``is_first`` and ``is_last``
mark each object's earliest and latest version, so the default "latest version only" is an
indexed filter instead of a grouping. ``version_key`` is the sort-ordered form of
``version`` (``model.exchange.stix_sort_key``).

``taxii_statuses`` keeps the outcome of each envelope posted, for the status endpoint.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
    UniqueConstraint,
)

from cdtoolbox.store.schema import metadata

__all__ = ["taxii_collections", "taxii_objects", "taxii_statuses"]

taxii_collections = Table(
    "taxii_collections",
    metadata,
    Column("id", Text, primary_key=True),
    Column("alias", Text, nullable=True, unique=True),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=True),
    Column("media_types", Text, nullable=False),  # a JSON list
    Column("read_permission", Text, nullable=False),
    Column("write_permission", Text, nullable=True),  # None: nobody may add objects
    Column("last_added", BigInteger, nullable=False),
    Column("created_at", Text, nullable=False),
)

taxii_objects = Table(
    "taxii_objects",
    metadata,
    Column(
        "collection_id",
        Text,
        ForeignKey("taxii_collections.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("added", BigInteger, primary_key=True, autoincrement=False),
    Column("object_id", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("version", Text, nullable=False),
    Column("version_key", Text, nullable=False),
    Column("spec_version", Text, nullable=False),
    Column("tlp_rank", Integer, nullable=False),
    Column("is_first", Boolean, nullable=False),
    Column("is_last", Boolean, nullable=False),
    Column("document", Text, nullable=False),
    UniqueConstraint(
        "collection_id", "object_id", "version_key", name="uq_taxii_objects_object_version"
    ),
    Index("ix_taxii_objects_collection_id_type_added", "collection_id", "type", "added"),
)

taxii_statuses = Table(
    "taxii_statuses",
    metadata,
    Column("id", Text, primary_key=True),
    Column(
        "collection_id",
        Text,
        ForeignKey("taxii_collections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("posted_by", Text, nullable=False),
    Column("request_timestamp", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("success_count", Integer, nullable=False),
    Column("failure_count", Integer, nullable=False),
    Column("pending_count", Integer, nullable=False),
    Column("details", Text, nullable=False),  # JSON: successes, failures, pendings
)
