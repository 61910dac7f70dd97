"""The relational schema the store queries, as SQLAlchemy Core tables.

The tables are *created* by the Alembic migrations in ``migrations/``, never from this
metadata; this module is what the repositories query against and (with the tables of the
other ``*_schema`` modules, ``complete_metadata()``) what
``alembic revision --autogenerate`` compares with. The full-text index table is
backend-specific and lives in ``text_search``.

An incident or actor is stored whole as its JSON document (``model.codec``); the other
columns and the ``incident_*`` tables are indexes derived from that document, rewritten on
every write, so filters run in SQL.

Every string column is unbounded ``Text``: a length limit that PostgreSQL enforces and SQLite
ignores would make the two backends accept different data.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

__all__ = [
    "actor_aliases",
    "actors",
    "complete_metadata",
    "incident_actors",
    "incident_attributed_states",
    "incident_index_tables",
    "incident_sectors",
    "incident_types",
    "incident_victim_countries",
    "incidents",
    "metadata",
    "store_revisions",
]

# Explicit constraint names keep migrations reproducible across backends.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

actors = Table(
    "actors",
    metadata,
    Column("id", Text, primary_key=True),
    Column("slug", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("sponsor", Text, nullable=True, index=True),
    Column("country", Text, nullable=True),
    Column("origin", Text, nullable=False),
    # Tlp.rank of the actor's marking (added by migration 0008): every read filters on it.
    Column("tlp_rank", Integer, nullable=False, server_default="0"),
    Column("document", Text, nullable=False),
    # model.natural_sort_key(name) (added by migration 0009): listings order by it, so
    # APT2 comes before APT10 on every page.
    Column("sort_name", Text, nullable=False, server_default=""),
    Index("ix_actors_sort_name_id", "sort_name", "id"),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", Text, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("alias_normalised", Text, primary_key=True, index=True),
    Column("alias", Text, nullable=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("slug", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("start_date", Date, nullable=True),
    Column("end_date", Date, nullable=True),
    Column("tlp", Text, nullable=False),
    Column("tlp_rank", Integer, nullable=False),
    # Classification.rank_of the incident's EU classification, 0 when unclassified (0016).
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("status", Text, nullable=False),
    Column("created_at", DateTime, nullable=True),
    Column("updated_at", DateTime, nullable=True),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_incidents_start_date_id", "start_date", "id"),
    Index("ix_incidents_end_date", "end_date"),
    Index("ix_incidents_updated_at_id", "updated_at", "id"),
    Index("ix_incidents_title_id", "title", "id"),
)


def _incident_index(name: str, column: str, *extra: ForeignKey) -> Table:
    """A two-column table listing one multi-valued property of each incident."""
    return Table(
        name,
        metadata,
        Column(
            "incident_id",
            Text,
            ForeignKey("incidents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column(column, Text, *extra, primary_key=True, index=True),
    )


incident_types = _incident_index("incident_types", "type")
incident_victim_countries = _incident_index("incident_victim_countries", "country")
incident_sectors = _incident_index("incident_sectors", "sector")
incident_actors = _incident_index("incident_actors", "actor_id", ForeignKey("actors.id"))
incident_attributed_states = _incident_index("incident_attributed_states", "state")

# One row per kind of record (store.revisions.RecordKind): a counter every write of that kind
# bumps in its own transaction, so a cache in any process can tell whether what it holds is
# still current.
store_revisions = Table(
    "store_revisions",
    metadata,
    Column("name", Text, primary_key=True),
    Column("revision", Integer, nullable=False),
)

incident_index_tables = (
    incident_types,
    incident_victim_countries,
    incident_sectors,
    incident_actors,
    incident_attributed_states,
)


def complete_metadata() -> MetaData:
    """``metadata`` with every table of the store, as the migrations build them.

    The other tables are declared beside the repositories that query them, which are
    imported on first use; until then ``metadata`` holds only the tables imported so far.
    """
    # Imported for the tables they add to ``metadata``.
    from cdtoolbox.store import (  # noqa: F401
        alert_schema,
        assistance_schema,
        board_visit_schema,
        capacity_schema,
        cooperation_schema,
        governance_schema,
        keyring_schema,
        observable_schema,
        pqc_schema,
        responses_schema,
        sanctions_schema,
        sitrep_schema,
        situation_schema,
        statements_schema,
        stix_schema,
        taxii_schema,
        un_process_schema,
        webhook_schema,
    )

    return metadata
