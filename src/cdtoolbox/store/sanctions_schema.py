"""The tables of the sanctions register (created by migration 0004).

A regime and a listing are each stored whole as their JSON document
(``model.sanctions_codec``); the other columns and the ``sanction_listing_*`` tables are
indexes derived from the document and rewritten on every write, so the register's filters
(sponsor, incident, actor, listing date) and name lookups run in SQL. Dates are ISO text,
which sorts chronologically and reads back identically from SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = [
    "sanction_listing_actors",
    "sanction_listing_incidents",
    "sanction_listing_names",
    "sanction_listings",
    "sanction_regimes",
]

sanction_regimes = Table(
    "sanction_regimes",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
)

sanction_listings = Table(
    "sanction_listings",
    metadata,
    Column("id", Text, primary_key=True),
    Column("regime_id", Text, ForeignKey("sanction_regimes.id"), nullable=False, index=True),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("listed_on", Text, nullable=False),
    Column("sponsor", Text, nullable=True, index=True),
    Column("active", Boolean, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_sanction_listings_listed_on_id", "listed_on", "id"),
)


def _listing_index(name: str, column: str) -> Table:
    """A two-column table of one multi-valued property of each listing."""
    return Table(
        name,
        metadata,
        Column(
            "listing_id",
            Text,
            ForeignKey("sanction_listings.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column(column, Text, primary_key=True, index=True),
    )


# Every key (``knowledge.listed_names.name_keys``) of the listed name and of each alias.
sanction_listing_names = Table(
    "sanction_listing_names",
    metadata,
    Column(
        "listing_id",
        Text,
        ForeignKey("sanction_listings.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("name_key", Text, primary_key=True, index=True),
    Column("name", Text, nullable=False),
)
sanction_listing_incidents = _listing_index("sanction_listing_incidents", "incident")
sanction_listing_actors = _listing_index("sanction_listing_actors", "actor")
